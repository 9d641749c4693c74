//! World Bank indicator downloads (`API_<indicator>_DS2_<lang>_csv_v2_<n>.csv`):
//! a four-line preamble (`"Data Source"`, `"Last Updated Date"`), then one
//! row per country and indicator with a column per year. The companion
//! files `Metadata_Country_<same name>` (region, income group) and
//! `Metadata_Indicator_<same name>` (definition, source) are read when
//! they sit beside the file.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

use pledgegraph_importer::{ImportError, Indicator};

use crate::emit::{Coded, Draft, Emitter};

/// What the companion files say, by country code and by indicator code.
#[derive(Default)]
pub struct Companions {
    countries: HashMap<String, Vec<Coded>>,
    indicators: HashMap<String, (Option<String>, Option<String>)>,
}

impl Companions {
    /// Reads the companions of the file at `path`, where there are any.
    pub fn beside(path: &Path) -> Result<Companions, ImportError> {
        let mut companions = Companions::default();
        let (Some(directory), Some(name)) = (path.parent(), path.file_name()) else {
            return Ok(companions);
        };
        let name = name.to_string_lossy();
        let country_file = directory.join(format!("Metadata_Country_{name}"));
        if let Some(rows) = read_table(&country_file)? {
            for row in rows {
                let code = row.get("Country Code").cloned().unwrap_or_default();
                let mut attributes = Vec::new();
                for (column, id) in [("Region", "REGION"), ("IncomeGroup", "INCOME_GROUP")] {
                    if let Some(value) = row.get(column).filter(|v| !v.is_empty()) {
                        attributes.push(Coded::new(id, value, None));
                    }
                }
                if row.get("Region").is_some_and(|r| r.is_empty()) {
                    attributes.push(Coded::new("AGGREGATE", "true", None));
                }
                companions.countries.insert(code, attributes);
            }
        }
        let indicator_file = directory.join(format!("Metadata_Indicator_{name}"));
        if let Some(rows) = read_table(&indicator_file)? {
            for row in rows {
                let code = row.get("INDICATOR_CODE").cloned().unwrap_or_default();
                let name = row.get("INDICATOR_NAME").cloned().filter(|n| !n.is_empty());
                let source = row
                    .get("SOURCE_ORGANIZATION")
                    .cloned()
                    .filter(|n| !n.is_empty());
                companions.indicators.insert(code, (name, source));
            }
        }
        Ok(companions)
    }
}

/// A small CSV table with a header, as maps; `None` when the file is absent.
fn read_table(path: &Path) -> Result<Option<Vec<HashMap<String, String>>>, ImportError> {
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(None);
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(file);
    let fail = |e: csv::Error| ImportError::new(format!("{}: {e}", path.display()));
    let header: Vec<String> = reader
        .headers()
        .map_err(fail)?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(fail)?;
        rows.push(
            header
                .iter()
                .cloned()
                .zip(record.iter().map(|v| v.trim().to_owned()))
                .collect(),
        );
    }
    Ok(Some(rows))
}

/// Whether the first line is a World Bank preamble.
pub fn is_world_bank(first_line: &str) -> bool {
    let line = first_line.trim_start_matches('\u{feff}');
    line.starts_with("\"Data Source\"") || line.starts_with("Data Source,")
}

/// The unit an indicator name gives in its first parentheses: `GDP
/// (current US$)` → `current US$`; later ones qualify the estimate.
fn unit_of(name: &str) -> Option<String> {
    let open = name.find('(')?;
    let close = open + name[open..].find(')')?;
    Some(name[open + 1..close].trim().to_owned()).filter(|u| !u.is_empty())
}

pub fn read(
    reader: impl BufRead,
    companions: &Companions,
    out: &mut Emitter<'_>,
) -> Result<(), ImportError> {
    let mut years: Vec<(usize, String)> = Vec::new();
    let mut columns: Option<[usize; 4]> = None;
    // Line by line (no field spans lines in these files), so that errors
    // name the real line: the preamble's blank lines included.
    for (index, text) in reader.lines().enumerate() {
        let line = index + 1;
        let text = text.map_err(|e| ImportError::new(format!("line {line}: {e}")))?;
        if text.trim().is_empty() {
            continue;
        }
        let record = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .next()
            .transpose()
            .map_err(|e| ImportError::new(format!("line {line}: {e}")))?
            .unwrap_or_default();
        let first = record
            .get(0)
            .unwrap_or_default()
            .trim_start_matches('\u{feff}');
        let Some([name_at, code_at, indicator_name_at, indicator_at]) = columns else {
            match first {
                "Data Source" => {}
                "Last Updated Date" => {
                    if let Some(date) = record.get(1).map(str::trim).filter(|d| !d.is_empty()) {
                        out.set_published(date);
                    }
                }
                "Country Name" => {
                    let find = |name: &str| {
                        record.iter().position(|h| h.trim() == name).ok_or_else(|| {
                            ImportError::new(format!("line {line}: the header has no {name:?} column"))
                        })
                    };
                    columns = Some([
                        find("Country Name")?,
                        find("Country Code")?,
                        find("Indicator Name")?,
                        find("Indicator Code")?,
                    ]);
                    years = record
                        .iter()
                        .enumerate()
                        .filter(|(_, h)| h.len() == 4 && h.bytes().all(|b| b.is_ascii_digit()))
                        .map(|(i, h)| (i, h.to_owned()))
                        .collect();
                    if years.is_empty() {
                        return Err(ImportError::new(format!("line {line}: the header has no year columns")));
                    }
                }
                _ if record.iter().all(|f| f.trim().is_empty()) => {}
                other => {
                    return Err(ImportError::new(format!(
                        "line {line}: expected the World Bank preamble or the \"Country Name\" header, found {other:?}"
                    )))
                }
            }
            continue;
        };
        let field = |i: usize| record.get(i).unwrap_or_default().trim();
        let country = field(code_at);
        let indicator_code = field(indicator_at);
        if country.is_empty() || indicator_code.is_empty() {
            return Err(ImportError::new(format!(
                "line {line}: a row without a country code or an indicator code"
            )));
        }
        let (metadata_name, source) = companions
            .indicators
            .get(indicator_code)
            .cloned()
            .unwrap_or_default();
        let indicator_name = Some(field(indicator_name_at).to_owned())
            .filter(|n| !n.is_empty())
            .or(metadata_name);
        let unit = indicator_name.as_deref().and_then(unit_of);
        for (column, year) in &years {
            let mut attributes = companions
                .countries
                .get(country)
                .cloned()
                .unwrap_or_default();
            if let Some(source) = &source {
                attributes.push(Coded::new("SOURCE", source, None));
            }
            let draft = Draft {
                indicator: Some(Indicator {
                    code: indicator_code.to_owned(),
                    name: indicator_name.clone(),
                }),
                dimensions: vec![Coded::new(
                    "REF_AREA",
                    country,
                    Some(field(name_at).to_owned()),
                )],
                period: year.clone(),
                value: field(*column).to_owned(),
                attributes,
                unit: unit.clone(),
                key: format!("{indicator_code}.{country}.{year}"),
            };
            out.push(draft, || format!("line {line}, column {year}"))?;
        }
    }
    if columns.is_none() {
        return Err(ImportError::new(
            "no \"Country Name\" header after the preamble: not a World Bank indicator file",
        ));
    }
    Ok(())
}
