//! A release saved as HTML: its main text (menus, footers, share buttons
//! and related links dropped), title, publication date and URL.

mod parse;

use scraper::{ElementRef, Html, Node, Selector};

#[derive(Debug, Default, PartialEq)]
pub struct Page {
    /// One line per paragraph, heading or list item.
    pub text: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
}

/// Elements that never hold the release itself.
const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "iframe",
    "svg", "select", "template", "object", "menu",
];
/// Class or id words of page furniture.
const SKIPPED_MARKS: &[&str] = &[
    "share",
    "social",
    "related",
    "menu",
    "breadcrumb",
    "comment",
    "newsletter",
    "footer",
    "header",
    "sidebar",
    "cookie",
    "advert",
    "promo",
    "tags",
    "navbar",
    "nav-",
    "partage",
    "pub-",
    "lire-aussi",
    "read-more",
    "subscribe",
];
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "br",
    "tr",
    "section",
    "article",
    "blockquote",
    "ul",
    "ol",
    "table",
    "figcaption",
    "dd",
    "dt",
    "main",
];

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("a valid selector")
}

fn skipped(element: &ElementRef) -> bool {
    let e = element.value();
    if SKIPPED_TAGS.contains(&e.name()) || e.attr("aria-hidden") == Some("true") {
        return true;
    }
    let marks = format!(
        "{} {}",
        e.attr("class").unwrap_or(""),
        e.attr("id").unwrap_or("")
    )
    .to_lowercase();
    // "article-header", "entry-footer": the release's own title and byline.
    marks.split_whitespace().any(|mark| {
        SKIPPED_MARKS.iter().any(|m| mark.contains(m))
            && !(["header", "footer"].iter().any(|m| mark.contains(m))
                && ["article", "entry", "post", "story"]
                    .iter()
                    .any(|own| mark.contains(own)))
    })
}

/// Where the release is on the page: the element marked as the article's
/// body, else the `article` or `main` element with the most paragraph text
/// (a page may open with teasers of other stories), else the body.
fn release_root(document: &Html) -> ElementRef<'_> {
    if let Some(body) = document
        .select(&selector(r#"[itemprop="articleBody"]"#))
        .next()
    {
        return body;
    }
    let paragraphs = selector("p");
    let prose = |e: &ElementRef| -> usize {
        e.select(&paragraphs)
            .map(|p| p.text().map(str::len).sum::<usize>())
            .sum()
    };
    document
        .select(&selector(r#"article, main, [role="main"]"#))
        .filter(|e| !skipped(e))
        .max_by_key(|e| prose(e))
        .filter(|e| prose(e) > 0)
        .or_else(|| document.select(&selector("body")).next())
        .unwrap_or_else(|| document.root_element())
}

/// What is left to read of the page, innermost last.
enum Step<'a> {
    Text(&'a str),
    Element(ElementRef<'a>),
    /// The end of a block element: its line closes.
    CloseBlock,
}

/// The text under `root`, one line per block. A stack rather than recursion:
/// a page of thousands of nested elements must not overflow the stack.
fn collect(root: ElementRef, out: &mut String) {
    let mut steps = Vec::new();
    push_children(root, &mut steps);
    while let Some(step) = steps.pop() {
        match step {
            Step::Text(text) => push_text(text, out),
            Step::CloseBlock => new_line(out),
            Step::Element(element) => {
                if skipped(&element) {
                    continue;
                }
                // Cells of a row are read as a list: "Atlas, Fès, 300".
                if matches!(element.value().name(), "td" | "th") {
                    let kept = out.trim_end_matches(' ').len();
                    out.truncate(kept);
                    if !out.is_empty() && !out.ends_with('\n') {
                        out.push_str(", ");
                    }
                }
                if BLOCK_TAGS.contains(&element.value().name()) {
                    new_line(out);
                    if element.value().name() == "li" {
                        out.push_str("- ");
                    }
                    steps.push(Step::CloseBlock);
                }
                push_children(element, &mut steps);
            }
        }
    }
}

/// Queues an element's children so that the first is read first.
fn push_children<'a>(element: ElementRef<'a>, steps: &mut Vec<Step<'a>>) {
    for child in element.children().rev() {
        match child.value() {
            Node::Text(text) => steps.push(Step::Text(text)),
            Node::Element(_) => steps.extend(ElementRef::wrap(child).map(Step::Element)),
            _ => {}
        }
    }
}

/// A text node's words, with a space kept where the source had one.
fn push_text(text: &str, out: &mut String) {
    let mut words = text.split_whitespace().peekable();
    if words.peek().is_none() {
        return;
    }
    if text.starts_with(char::is_whitespace) && !out.ends_with(['\n', ' ']) && !out.is_empty() {
        out.push(' ');
    }
    let joined: Vec<&str> = words.collect();
    out.push_str(&joined.join(" "));
    if text.ends_with(char::is_whitespace) {
        out.push(' ');
    }
}

fn new_line(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

fn meta(document: &Html, names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| {
        let css =
            format!(r#"meta[property="{name}"], meta[name="{name}"], meta[itemprop="{name}"]"#);
        document
            .select(&selector(&css))
            .find_map(|m| m.value().attr("content"))
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
    })
}

/// `datePublished` anywhere in the page's JSON-LD.
fn json_ld_date(document: &Html) -> Option<String> {
    fn find(value: &serde_json::Value) -> Option<String> {
        match value {
            serde_json::Value::Object(map) => map
                .get("datePublished")
                .and_then(|d| d.as_str().map(str::to_owned))
                .or_else(|| map.values().find_map(find)),
            serde_json::Value::Array(items) => items.iter().find_map(find),
            _ => None,
        }
    }
    document
        .select(&selector(r#"script[type="application/ld+json"]"#))
        .filter_map(|s| serde_json::from_str(&s.text().collect::<String>()).ok())
        .find_map(|v: serde_json::Value| find(&v))
}

/// The calendar date at the start of an ISO 8601 timestamp.
fn date_part(timestamp: &str) -> Option<String> {
    let date: String = timestamp.trim().chars().take(10).collect();
    let ok = date.is_ascii() && date.len() >= 4 && date.bytes().take(4).all(|b| b.is_ascii_digit());
    ok.then_some(date)
}

pub fn read(html: &str) -> Page {
    let document = parse::parse_document(html);
    let title = meta(&document, &["og:title", "twitter:title"]).or_else(|| {
        document
            .select(&selector("title, h1"))
            .map(|t| {
                t.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .find(|t| !t.is_empty())
    });
    let published = meta(
        &document,
        &[
            "article:published_time",
            "datePublished",
            "date",
            "pubdate",
            "DC.date",
            "dc.date",
            "og:published_time",
        ],
    )
    .or_else(|| {
        // The release's own time element before any other on the page.
        let times = selector("time[datetime]");
        release_root(&document)
            .select(&times)
            .chain(document.select(&times))
            .find_map(|t| t.value().attr("datetime").map(str::to_owned))
    })
    .or_else(|| json_ld_date(&document))
    .and_then(|d| date_part(&d));
    let url = document
        .select(&selector(r#"link[rel="canonical"]"#))
        .find_map(|l| l.value().attr("href").map(str::to_owned))
        .or_else(|| meta(&document, &["og:url"]));
    let root = release_root(&document);
    let mut text = String::new();
    collect(root, &mut text);
    let text = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "-")
        .collect::<Vec<_>>()
        .join("\n");
    Page {
        text,
        title,
        published,
        url,
    }
}

#[cfg(test)]
mod tests {
    use super::{collect, read, selector};
    use scraper::Html;

    #[test]
    fn main_text_and_metadata() {
        let page = read(
            r#"<html><head><title>Site | Release</title>
            <meta property="og:title" content="Atlas crée 200 emplois">
            <meta property="article:published_time" content="2023-05-04T10:00:00+01:00">
            <link rel="canonical" href="https://example.org/atlas"></head>
            <body><nav><a href="/">Accueil</a></nav>
            <article><h1>Atlas crée 200 emplois</h1><p>Atlas   s'engage à créer
            <b>200</b> emplois à Oujda.</p><div class="share-buttons">Partager</div>
            <ul><li>Un point</li></ul></article>
            <footer>Mentions légales</footer></body></html>"#,
        );
        assert_eq!(page.title.as_deref(), Some("Atlas crée 200 emplois"));
        assert_eq!(page.published.as_deref(), Some("2023-05-04"));
        assert_eq!(page.url.as_deref(), Some("https://example.org/atlas"));
        assert_eq!(
            page.text,
            "Atlas crée 200 emplois\nAtlas s'engage à créer 200 emplois à Oujda.\n- Un point"
        );
    }

    #[test]
    fn the_release_among_teasers_its_own_header_and_a_table() {
        let page = read(
            r#"<html><body><div class="site-header">Atlas News</div>
            <aside><time datetime="2019-01-01">old</time></aside>
            <article class="teaser"><h2>Autre sujet</h2><p>Court.</p></article>
            <article><div class="article-header"><h1>Trois conventions signées</h1>
            <time datetime="2024-03-05">5 mars</time></div>
            <p>Trois conventions ont été signées à Fès pour un total de 500 emplois.</p>
            <table><tr><th>Société</th><th>Emplois</th></tr>
            <tr><td>Atlas Digital</td><td>300</td></tr></table></article>
            <div class="related-posts"><p>Lire aussi : un autre article bien plus long que tout.</p></div>
            </body></html>"#,
        );
        assert_eq!(page.published.as_deref(), Some("2024-03-05"));
        assert_eq!(
            page.text,
            "Trois conventions signées\n5 mars\nTrois conventions ont été signées à Fès pour un \
             total de 500 emplois.\nSociété, Emplois\nAtlas Digital, 300"
        );
    }

    #[test]
    fn a_date_in_json_ld_or_a_time_element() {
        let page = read(
            r#"<script type="application/ld+json">{"@graph":[{"datePublished":"2021-06-28"}]}</script><p>x</p>"#,
        );
        assert_eq!(page.published.as_deref(), Some("2021-06-28"));
        let page = read(r#"<p><time datetime="2020-01-02">2 janvier</time> x</p>"#);
        assert_eq!(page.published.as_deref(), Some("2020-01-02"));
    }

    #[test]
    fn a_date_with_characters_that_are_not_ascii_is_no_date() {
        // html5ever turns a NUL into U+FFFD, which byte slicing would cut.
        let page =
            read("<meta property=\"article:published_time\" content=\"202\0\0\0-11-22\"><p>x</p>");
        assert_eq!(page.published, None);
        let page =
            read("<meta property=\"article:published_time\" content=\"2024-11-22T09:30\"><p>x</p>");
        assert_eq!(page.published.as_deref(), Some("2024-11-22"));
    }

    #[test]
    fn deeply_nested_elements_are_read_without_recursion() {
        // Parsed without the depth limit, so the walk meets every level.
        let depth = 3_000;
        let html = format!(
            "<body>{}Atlas crée 200 emplois.{}</body>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        // A small stack: recursion per element would overflow it.
        let text = std::thread::Builder::new()
            .stack_size(128 * 1024)
            .spawn(move || {
                let document = Html::parse_document(&html);
                let body = document.select(&selector("body")).next().expect("a body");
                let mut text = String::new();
                collect(body, &mut text);
                text
            })
            .expect("a thread")
            .join()
            .expect("no overflow");
        assert_eq!(text.trim(), "Atlas crée 200 emplois.");
    }
}
