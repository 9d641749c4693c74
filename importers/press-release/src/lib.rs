//! The press-release importer: French and English releases (text or HTML)
//! to graph facts. The agreement, the ministries and ministers, the
//! operators and their parent groups, the cities and sectors, each
//! operator's jobs and money, and the figures quoted about the sector, each
//! with the sentence that says so.
//!
//! The rules are general: gazetteers of cities and sectors (`data/`), the
//! phrasings releases use, and nothing that knows a particular release.

mod assemble;
mod dates;
mod event;
mod figures;
mod gazetteer;
mod html;
mod language;
mod mentions;
mod normalize;
mod numbers;
mod pattern;
mod sentences;
mod vocabulary;

use pledgegraph_importer::{
    export_importer, Batch, Document, DocumentKind, ImportError, Importer, ImporterInfo, Input,
};

use crate::dates::Date;
use crate::normalize::Normalized;

#[derive(Default)]
pub struct PressRelease;

/// What the user says about a release, beside its text.
#[derive(Debug, Default, Clone)]
pub struct Meta {
    pub file_name: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
}

fn looks_like_html(head: &[u8]) -> bool {
    // Tags are ASCII: no Unicode case mapping needed.
    let head = head[..head.len().min(2048)].to_ascii_lowercase();
    let tags: [&[u8]; 4] = [b"<html", b"<!doctype html", b"<body", b"<p>"];
    (0..head.len())
        .filter(|&i| head[i] == b'<')
        .any(|i| tags.iter().any(|t| head[i..].starts_with(t)))
}

/// Reads one release. `bytes` is its text or HTML, in UTF-8.
pub fn extract(bytes: &[u8], meta: &Meta) -> Result<Batch, ImportError> {
    let name = meta.file_name.as_deref().unwrap_or("the release");
    let raw = std::str::from_utf8(bytes).map_err(|e| {
        ImportError::new(format!(
            "{name}: not UTF-8 text (byte {}): save it as UTF-8",
            e.valid_up_to()
        ))
    })?;
    let is_html = meta
        .file_name
        .as_deref()
        .map(|f| f.to_lowercase())
        .is_some_and(|f| f.ends_with(".html") || f.ends_with(".htm"))
        || looks_like_html(bytes);
    let (text, page) = if is_html {
        let page = html::read(raw);
        (page.text.clone(), Some(page))
    } else {
        (raw.trim_start_matches('\u{feff}').to_owned(), None)
    };
    if text.trim().is_empty() {
        return Err(ImportError::new(format!("{name}: no text to read")));
    }
    // What the user says wins over what the page says.
    let published = meta
        .published
        .clone()
        .or_else(|| page.as_ref().and_then(|p| p.published.clone()));
    let published_date = match &published {
        Some(p) => Some(Date::parse(p).ok_or_else(|| {
            ImportError::new(format!(
                "published: {p:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
            ))
        })?),
        // The dateline: "Rabat, le 14 mars 2024 - ..."
        None => dates::resolve(head(&text, 300), None),
    };
    let normalized = Normalized::new(&text);
    let language = meta
        .language
        .clone()
        .unwrap_or_else(|| language::detect(&normalized.text).to_owned());
    let sentences = sentences::split(&normalized.text);
    let mentions = mentions::find(&normalized.text);
    let country = mentions::main_country(&normalized.text, &mentions);
    let event = event::read(
        &normalized.text,
        &sentences,
        &mentions,
        published_date,
        country.as_deref(),
    );

    let mut batch = Batch::new(Document {
        kind: DocumentKind::PressRelease,
        title: page
            .as_ref()
            .and_then(|p| p.title.clone())
            .or_else(|| text_title(&normalized.text)),
        url: meta
            .url
            .clone()
            .or_else(|| page.as_ref().and_then(|p| p.url.clone())),
        published: published_date.map(|d| d.to_string()),
        language: Some(language),
        publisher: None,
        // Spans point into the text read: HTML's is not the input itself.
        text: page.as_ref().map(|_| text.clone()),
    });
    assemble::fill(
        &mut batch,
        &assemble::Reading {
            normalized: &normalized,
            sentences: &sentences,
            mentions: &mentions,
            event: &event,
            country: country.as_deref(),
            year: published_date.map(|d| d.year.to_string()),
        },
    );
    Ok(batch)
}

/// At most the first `n` bytes of `text`, on a character boundary.
fn head(text: &str, n: usize) -> &str {
    &text[..normalize::char_floor(text, n)]
}

/// A text release's title: its first line when that is a headline, else
/// its first sentence, without the dateline ("Rabat, le 14 mars 2024 - ").
fn text_title(text: &str) -> Option<String> {
    let first = sentences::split(text).into_iter().next()?;
    let sentence = &text[first.start..first.end];
    let title = match sentence.split_once(" - ") {
        Some((dateline, rest))
            if !rest.trim().is_empty()
                && (dates::mentions_date(dateline)
                    || dateline.len() < 30 && !dateline.chars().any(char::is_lowercase)) =>
        {
            rest.trim()
        }
        _ => sentence,
    };
    Some(title.chars().take(200).collect())
}

impl Importer for PressRelease {
    fn info() -> ImporterInfo {
        ImporterInfo {
            name: "press-release".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            description:
                "French and English press releases (text or HTML): agreements, commitments, \
                          ministries, companies, cities, sectors and the figures quoted"
                    .into(),
            extensions: vec!["txt".into(), "html".into(), "htm".into()],
            media_types: vec!["text/plain".into(), "text/html".into()],
            options: vec![],
        }
    }

    fn sniff(head: &[u8]) -> bool {
        let text = String::from_utf8_lossy(head).to_lowercase();
        looks_like_html(head)
            || [
                "emplois",
                "jobs",
                "ministre",
                "minister",
                "investissement",
                "investment",
                "convention",
                "mémorandum",
            ]
            .iter()
            .filter(|w| text.contains(*w))
            .count()
                >= 2
    }

    fn import(&self, mut input: Input<'_>) -> Result<Batch, ImportError> {
        let bytes = input.bytes()?;
        let request = &input.request;
        extract(
            &bytes,
            &Meta {
                file_name: request.file_name.clone(),
                published: request.published.clone(),
                url: request.url.clone(),
                language: request.language.clone(),
            },
        )
    }
}

export_importer!(PressRelease);
