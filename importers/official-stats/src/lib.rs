//! The official-statistics importer: SDMX-CSV 1.0 and 2.0, SDMX-JSON 1.0
//! and 2.0, SDMX-ML 2.1 (generic and structure specific) and 2.0 compact
//! data, JSON-stat 2.0 and 1.x, and World Bank indicator CSV downloads,
//! recognised from their content. One observation per value: indicator,
//! geography (ISO 3166-1 alpha-2 for countries), normalised period, value
//! with its unit multiplier applied, unit, attributes, every other
//! dimension, the source's key as evidence; activity codes (ISIC Rev.4,
//! NACE Rev.2) name the sector. CSV and XML are read as streams and
//! emitted in parts, so memory stays flat.

mod emit;
mod geography;
mod jsonstat;
mod periods;
mod roles;
mod sdmx_csv;
mod sdmx_groups;
mod sdmx_json;
mod sdmx_ml;
mod worldbank;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use pledgegraph_importer::{
    Batch, Document, DocumentKind, ImportError, Importer, ImporterInfo, Input, OptionInfo, Sink,
};

use emit::Emitter;

#[derive(Default)]
pub struct OfficialStatsImporter;

/// What the first bytes say the input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    SdmxCsv { delimiter: u8 },
    WorldBank,
    SdmxMl,
    Json,
}

fn detect(head: &[u8]) -> Option<Format> {
    let text = String::from_utf8_lossy(&head[..head.len().min(4096)]);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    match text.chars().next()? {
        '<' => Some(Format::SdmxMl),
        '{' => Some(Format::Json),
        _ => {
            let first_line = text.lines().next().unwrap_or_default();
            if let Some(delimiter) = sdmx_csv::delimiter(first_line) {
                Some(Format::SdmxCsv { delimiter })
            } else if worldbank::is_world_bank(first_line) {
                Some(Format::WorldBank)
            } else {
                None
            }
        }
    }
}

/// Whether the head of an XML or JSON input looks like statistics, not
/// any XML or JSON.
fn looks_statistical(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    [
        "GenericData",
        "StructureSpecificData",
        "CompactData",
        "\"dataSets\"",
        "\"dimension\"",
    ]
    .iter()
    .any(|marker| text.contains(marker))
}

impl Importer for OfficialStatsImporter {
    fn info() -> ImporterInfo {
        let option = OptionInfo::new;
        ImporterInfo {
            name: "official-stats".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            description: "Official statistics: SDMX-CSV, SDMX-JSON, SDMX-ML, JSON-stat, World Bank CSV".to_owned(),
            extensions: ["csv", "json", "xml", "sdmx"].map(str::to_owned).to_vec(),
            media_types: [
                "application/vnd.sdmx.data+csv",
                "application/vnd.sdmx.data+json",
                "application/vnd.sdmx.genericdata+xml",
                "application/vnd.sdmx.structurespecificdata+xml",
                "application/json",
            ]
            .map(str::to_owned)
            .to_vec(),
            options: vec![
                option("indicator", "the indicator code of values no INDICATOR or MEASURE dimension names (default: the dataflow or dataset)"),
                option("decimal_comma", "true or false: whether 1,5 is one and a half (default: true when fields are separated by ;)"),
            ],
        }
    }

    fn sniff(head: &[u8]) -> bool {
        match detect(head) {
            Some(Format::SdmxCsv { .. } | Format::WorldBank) => true,
            Some(Format::SdmxMl | Format::Json) => looks_statistical(head),
            None => false,
        }
    }

    fn import(&self, input: Input<'_>) -> Result<Batch, ImportError> {
        self.import_joined(input)?
            .ok_or_else(|| ImportError::new("the input holds no observations"))
    }

    fn import_into(&self, mut input: Input<'_>, sink: &mut dyn Sink) -> Result<(), ImportError> {
        let request = input.request.clone();
        let decimal_comma = match input.option("decimal_comma").map(str::trim) {
            None => None,
            Some("true" | "yes" | "1") => Some(true),
            Some("false" | "no" | "0") => Some(false),
            Some(other) => {
                return Err(ImportError::new(format!(
                    "--option decimal_comma={other}: expected true or false"
                )))
            }
        };
        let document = Document {
            kind: DocumentKind::Statistics,
            title: request.file_name.clone(),
            url: request.url.clone(),
            published: request.published.clone(),
            language: request.language.clone(),
            publisher: None,
            text: None,
        };
        let mut out = Emitter::new(document, sink);
        out.indicator = input.option("indicator").map(str::to_owned);

        let mut reader = BufReader::with_capacity(1 << 16, input.reader());
        let head = reader
            .fill_buf()
            .map_err(|e| ImportError::new(format!("cannot read the input: {e}")))?
            .to_vec();
        let format = detect(&head).ok_or_else(|| {
            ImportError::new(
                "not a statistics format this importer reads: expected SDMX-CSV (first column DATAFLOW or STRUCTURE), \
                 a World Bank download (\"Data Source\" first), SDMX-ML (XML), or SDMX-JSON or JSON-stat",
            )
        })?;
        match format {
            Format::SdmxCsv { delimiter } => {
                sdmx_csv::read(reader, delimiter, &mut out, decimal_comma)?;
            }
            Format::WorldBank => {
                let companions = match &request.path {
                    Some(path) => worldbank::Companions::beside(Path::new(path))?,
                    None => worldbank::Companions::default(),
                };
                worldbank::read(reader, &companions, &mut out)?;
            }
            Format::SdmxMl => sdmx_ml::read(reader, &mut out)?,
            Format::Json => {
                let mut bytes = Vec::new();
                reader
                    .read_to_end(&mut bytes)
                    .map_err(|e| ImportError::new(format!("cannot read the input: {e}")))?;
                let root: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
                    ImportError::new(format!(
                        "line {}, column {}: not valid JSON: {e}",
                        e.line(),
                        e.column()
                    ))
                })?;
                if sdmx_json::is_sdmx_json(&root) {
                    sdmx_json::read(&root, &mut out)?;
                } else if jsonstat::is_jsonstat(&root) {
                    jsonstat::read(&root, &mut out)?;
                } else {
                    return Err(ImportError::new(
                        "$: JSON that is neither an SDMX-JSON data message (dataSets) nor JSON-stat (class dataset or collection, or a 1.x bundle)",
                    ));
                }
            }
        }
        out.finish()
    }
}

pledgegraph_importer::export_importer!(OfficialStatsImporter);
