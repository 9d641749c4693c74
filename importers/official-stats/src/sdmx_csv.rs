//! SDMX-CSV data messages, 1.0 (first column `DATAFLOW`) and 2.0 (first
//! column `STRUCTURE`, optionally `STRUCTURE[;]` naming the sub-field
//! separator), read as a stream: any field separator, `labels=id|both|name`,
//! `SERIES_KEY`/`OBS_KEY` columns, multi-valued (`ATTR[]`) and multilingual
//! (`ATTR[en;fr]`) attributes, and the decimal comma of `;`-separated files.

use std::io::Read;

use pledgegraph_importer::ImportError;

use crate::emit::{Coded, Dataset, Draft, Emitter};
use crate::roles;

#[derive(Debug, Clone, PartialEq)]
enum Role {
    Structure,
    StructureId,
    Action,
    SeriesKey,
    ObsKey,
    Time,
    Value,
    Dimension,
    Attribute {
        languages: Option<Vec<String>>,
    },
    /// The name of the previous column's value (`labels=name`), or a
    /// custom column.
    Ignored,
}

struct Column {
    id: String,
    role: Role,
    /// With `labels=name`: the column holding this one's names.
    label_column: Option<usize>,
}

/// The separator between `STRUCTURE`/`DATAFLOW` and the next header.
pub fn delimiter(first_line: &str) -> Option<u8> {
    let first_line = first_line.trim_start_matches('\u{feff}');
    let rest = ["STRUCTURE", "DATAFLOW"]
        .iter()
        .find_map(|word| first_line.strip_prefix(word))?;
    let rest = match rest.strip_prefix('[') {
        Some(bracketed) => &bracketed[bracketed.find(']')? + 1..],
        None => rest,
    };
    rest.bytes()
        .next()
        .filter(|b| matches!(b, b',' | b';' | b'\t' | b'|'))
}

/// An SDMX identifier: what a header is when it is not a name.
fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '_' | '@' | '$' | '-' | '.' | '[' | ']' | ';' | '|')
        })
}

/// `ID: Name` (labels=both) as its two halves.
fn split_label(text: &str) -> (&str, Option<&str>) {
    match text.split_once(": ") {
        Some((id, name)) => (id.trim(), Some(name.trim())),
        None => (text.trim(), None),
    }
}

/// `AGENCY:ID(VERSION)` to `ID`.
fn artefact_id(reference: &str) -> &str {
    let id = reference.rsplit_once(':').map_or(reference, |(_, id)| id);
    id.split_once('(').map_or(id, |(id, _)| id).trim()
}

fn columns(header: &csv::StringRecord) -> Result<(Vec<Column>, bool), ImportError> {
    let labelled = header.iter().skip(1).any(|h| h.contains(": "));
    let value_at = header
        .iter()
        .position(|h| split_label(h).0 == "OBS_VALUE")
        .ok_or_else(|| {
            ImportError::new("line 1: no OBS_VALUE column: an SDMX-CSV data message needs one")
        })?;
    let mut columns: Vec<Column> = Vec::with_capacity(header.len());
    for (i, text) in header.iter().enumerate() {
        let (raw_id, _) = split_label(text.trim_start_matches('\u{feff}'));
        let (id, bracket) = match raw_id.split_once('[') {
            Some((id, rest)) => (id, Some(rest.trim_end_matches(']'))),
            None => (raw_id, None),
        };
        let role = match id {
            // 1.0 names the dataflow in its first column; 2.0 says there
            // what kind of structure the next column names.
            "DATAFLOW" if i == 0 => Role::StructureId,
            _ if i == 0 => Role::Structure,
            "STRUCTURE_ID" => Role::StructureId,
            "STRUCTURE_NAME" => Role::Ignored,
            "ACTION" => Role::Action,
            "SERIES_KEY" => Role::SeriesKey,
            "OBS_KEY" => Role::ObsKey,
            "OBS_VALUE" => Role::Value,
            _ if !is_id(raw_id) => {
                // labels=name: the column after an identifier names its values.
                if let Some(previous) = columns.last_mut() {
                    previous.label_column = Some(i);
                }
                Role::Ignored
            }
            _ if roles::is_time(id) => Role::Time,
            _ => match bracket {
                Some("") => Role::Attribute { languages: None },
                Some(list) => Role::Attribute {
                    languages: Some(list.split([';', ',', '|']).map(str::to_owned).collect()),
                },
                None if roles::is_known_attribute(id) => Role::Attribute { languages: None },
                None if i < value_at || looks_like_dimension(id) => Role::Dimension,
                None => Role::Attribute { languages: None },
            },
        };
        columns.push(Column {
            id: id.to_owned(),
            role,
            label_column: None,
        });
    }
    if !columns.iter().any(|c| c.role == Role::Time) {
        return Err(ImportError::new(
            "line 1: no TIME_PERIOD column: observations need a period",
        ));
    }
    Ok((columns, labelled))
}

/// Dimensions that SDMX-CSV 2.0 may put after the measures.
fn looks_like_dimension(id: &str) -> bool {
    id == "FREQ"
        || id.starts_with("DIM")
        || roles::is_geography(id)
        || roles::is_indicator(id)
        || roles::activity_scheme(id).is_some()
}

pub fn read(
    reader: impl Read,
    delimiter: u8,
    out: &mut Emitter<'_>,
    decimal_comma: Option<bool>,
) -> Result<(), ImportError> {
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .from_reader(reader);
    let header = csv
        .headers()
        .map_err(|e| ImportError::new(format!("line 1: {e}")))?
        .clone();
    let sub_separator = header
        .get(0)
        .and_then(|h| h.trim_start_matches('\u{feff}').split_once('['))
        .and_then(|(_, rest)| rest.chars().next())
        .unwrap_or(';');
    let (columns, labelled) = columns(&header)?;
    out.decimal_comma = decimal_comma.unwrap_or(delimiter == b';');

    let mut record = csv::StringRecord::new();
    let mut dataset_seen = String::new();
    let mut skipped_actions = 0usize;
    let mut skipped_partial = 0usize;
    loop {
        let more = csv.read_record(&mut record).map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            ImportError::new(format!("line {line}: {e}"))
        })?;
        if !more {
            break;
        }
        let line = record.position().map_or(0, |p| p.line());
        let at = || format!("line {line}");
        let mut draft = Draft::default();
        let mut obs_key = None;
        let mut series_key = None;
        let mut has_value = false;
        for (i, column) in columns.iter().enumerate() {
            let field = record.get(i).unwrap_or_default();
            let coded = |field: &str| {
                let (code, label) = if labelled {
                    split_label(field)
                } else {
                    (field.trim(), None)
                };
                let label = label.map(str::to_owned).or_else(|| {
                    column
                        .label_column
                        .and_then(|c| record.get(c))
                        .filter(|l| !l.trim().is_empty())
                        .map(|l| l.trim().to_owned())
                });
                Coded::new(column.id.clone(), code, label)
            };
            match &column.role {
                Role::Structure | Role::Ignored => {}
                Role::StructureId => {
                    if field != dataset_seen {
                        let (reference, name) = split_label(field);
                        out.dataset = Dataset {
                            id: Some(artefact_id(reference).to_owned()).filter(|id| !id.is_empty()),
                            name: name.map(str::to_owned),
                        };
                        dataset_seen = field.to_owned();
                    }
                }
                Role::Action => {
                    if field.trim() == "D" {
                        draft.value.clear();
                        has_value = false;
                        skipped_actions += 1;
                        break;
                    }
                }
                Role::SeriesKey => series_key = Some(field.trim().to_owned()),
                Role::ObsKey => obs_key = Some(field.trim().to_owned()),
                Role::Time => draft.period = coded(field).code,
                Role::Value => {
                    draft.value = field.to_owned();
                    has_value = true;
                }
                Role::Dimension => draft.dimensions.push(coded(field)),
                Role::Attribute { languages: None } => draft.attributes.push(coded(field)),
                Role::Attribute { languages: Some(_) } => {
                    for part in field.split(sub_separator) {
                        if let Some((language, text)) = part.split_once(':') {
                            draft.attributes.push(Coded::new(
                                format!("{}.{}", column.id, language.trim()),
                                text.trim(),
                                None,
                            ));
                        }
                    }
                }
            }
        }
        if !has_value {
            continue;
        }
        if draft.period.is_empty() && draft.value.trim().is_empty() {
            // Attributes attached to a partial key: not an observation.
            skipped_partial += 1;
            continue;
        }
        draft.key = obs_key.unwrap_or_else(|| match series_key {
            Some(key) => format!("{key}.{}", draft.period),
            None => draft.observation_key(),
        });
        out.push(draft, at)?;
    }
    if skipped_actions > 0 {
        out.warn(format!(
            "{skipped_actions} rows with action D (delete) skipped"
        ));
    }
    if skipped_partial > 0 {
        out.warn(format!(
            "{skipped_partial} rows of attributes attached to partial keys skipped"
        ));
    }
    Ok(())
}
