//! Mapping files (`--option mapping=FILE`): the roles of columns whose
//! headers are not recognised, in TOML:
//!
//! ```toml
//! table = "projects"            # optional: projects, cities, companies, sectors, people
//! currency = "MAD"              # optional: the currency of amounts that name none
//!
//! [columns]                     # header, as written in the file = role
//! "Nom du porteur" = "operator"
//! "Effectifs prévus" = "jobs"
//! "Budget" = "investment"
//!
//! [units]                       # optional: the unit of a column
//! "Budget" = "k$"
//! ```

use std::collections::BTreeMap;

use pledgegraph_importer::{ImportError, ImportRequest};
use serde::Deserialize;

use crate::header::{Column, Role};
use crate::numbers::parse_unit;

/// Far more than any mapping of a table's columns needs.
const MAX_MAPPING_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    pub table: Option<String>,
    pub currency: Option<String>,
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    #[serde(default)]
    pub units: BTreeMap<String, String>,
}

impl Mapping {
    /// The mapping file option `mapping` names, if any. The file comes only
    /// from a directory the operator allows; errors give its line, never
    /// its contents.
    pub fn from_request(request: &ImportRequest) -> Result<Option<Mapping>, ImportError> {
        let Some(bytes) = request.option_file("mapping", MAX_MAPPING_BYTES)? else {
            return Ok(None);
        };
        let text = String::from_utf8(bytes)
            .map_err(|_| ImportError::new("option mapping: the file is not UTF-8 text"))?;
        toml::from_str(&text).map(Some).map_err(|e| {
            let line = e
                .span()
                .map(|span| text[..span.start].matches('\n').count() + 1);
            let at = line.map(|l| format!(" line {l}:")).unwrap_or_default();
            ImportError::new(format!(
                "option mapping:{at} {} (a TOML file of [columns] and [units])",
                e.message()
            ))
        })
    }

    /// Gives the mapped columns their roles and units; a mapped header the
    /// file lacks, or an unknown role, is an error that says so.
    pub fn apply(&self, columns: &mut [Column]) -> Result<(), ImportError> {
        let list: String = columns
            .iter()
            .map(|c| format!("{:?}", c.header))
            .collect::<Vec<_>>()
            .join(", ");
        for (header, role_name) in &self.columns {
            let role = Role::parse(role_name).ok_or_else(|| {
                ImportError::new(format!(
                    "mapping: {role_name:?} (for column {header:?}) is not a role; roles: {}",
                    Role::names().collect::<Vec<_>>().join(", ")
                ))
            })?;
            let column = column_named(columns, header, &list)?;
            column.role = Some(role);
        }
        for (header, unit) in &self.units {
            let column = column_named(columns, header, &list)?;
            column.unit = Some(parse_unit(unit).ok_or_else(|| {
                ImportError::new(format!(
                    "mapping: {unit:?} (for column {header:?}) is not a unit such as MDH, M€, k$"
                ))
            })?);
        }
        Ok(())
    }
}

/// The column a mapping names, or an error that lists the file's columns.
fn column_named<'c>(
    columns: &'c mut [Column],
    header: &str,
    list: &str,
) -> Result<&'c mut Column, ImportError> {
    columns
        .iter_mut()
        .find(|c| c.header == header.trim())
        .ok_or_else(|| {
            ImportError::new(format!(
                "mapping: the file has no column {header:?}; it has {list}"
            ))
        })
}
