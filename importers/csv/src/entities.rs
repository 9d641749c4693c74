//! Entity tables: cities, companies, sectors, people; one entity per row.

use std::collections::HashMap;

use csv::StringRecord;
use pledgegraph_importer::{EntityType, ImportError};

use crate::builder::{cell, Builder};
use crate::header::{fold, Column, Role};
use crate::numbers::parse_number;
use crate::projects::bad_cell;

pub struct Entities {
    columns: HashMap<Role, (usize, String)>,
    /// Columns of no known role: kept as attributes, keyed by their folded header.
    extra: Vec<(usize, String)>,
    /// The type of every row, unless a `type` column says it row by row.
    kind: Option<EntityType>,
    /// Sector codes seen so far, for `parent` cells that give a code.
    sector_codes: HashMap<String, String>,
}

/// The entity type a `type` cell or a `table=` option names, in French or English.
pub fn entity_type(text: &str) -> Option<EntityType> {
    Some(match fold(text).as_str() {
        "city" | "cities" | "ville" | "villes" => EntityType::City,
        "company" | "companies" | "entreprise" | "entreprises" | "societe" | "societes" => {
            EntityType::Company
        }
        "sector" | "sectors" | "secteur" | "secteurs" => EntityType::Sector,
        "person" | "people" | "personne" | "personnes" => EntityType::Person,
        "ministry" | "ministries" | "ministere" | "ministeres" => EntityType::Ministry,
        "agency" | "agencies" | "agence" | "agences" => EntityType::Agency,
        "organization" | "organizations" | "organisation" | "organisations" => {
            EntityType::Organization
        }
        _ => return None,
    })
}

impl Entities {
    /// An entity table, when the header fits one: a name column (or a city,
    /// company or sector column standing for it) with the columns that
    /// describe that kind of entity and no figures.
    pub fn fit(columns: &[Column], forced: Option<EntityType>) -> Option<Entities> {
        let mut by_role: HashMap<Role, (usize, String)> = HashMap::new();
        let mut extra = Vec::new();
        for (i, column) in columns.iter().enumerate() {
            match column.role {
                Some(role) => {
                    by_role.entry(role).or_insert((i, column.header.clone()));
                }
                None => extra.push((i, fold(&column.header).replace(' ', "_"))),
            }
        }
        let has = |role| by_role.contains_key(&role);
        if forced.is_none() && (has(Role::Jobs) || has(Role::Investment)) {
            return None;
        }
        let kind = forced.or_else(|| {
            if has(Role::Type) {
                None
            } else if has(Role::Latitude)
                || has(Role::Longitude)
                || has(Role::Region)
                || (has(Role::City) && !has(Role::Name))
            {
                Some(EntityType::City)
            } else if has(Role::Post) {
                Some(EntityType::Person)
            } else if has(Role::Code) || (has(Role::Sector) && !has(Role::Name)) {
                Some(EntityType::Sector)
            } else if has(Role::Country)
                || has(Role::Parent)
                || (has(Role::Operator) && !has(Role::Name))
            {
                Some(EntityType::Company)
            } else {
                None
            }
        });
        if kind.is_none() && !has(Role::Type) {
            return None;
        }
        // The name: a name column, or the column of the kind's own noun.
        if !has(Role::Name) {
            let noun = match kind {
                Some(EntityType::City) => Role::City,
                Some(EntityType::Sector) => Role::Sector,
                Some(EntityType::Company) => Role::Operator,
                _ => return None,
            };
            let name = by_role.remove(&noun)?;
            by_role.insert(Role::Name, name);
        }
        extra.retain(|(_, key)| !key.is_empty());
        Some(Entities {
            columns: by_role,
            extra,
            kind,
            sector_codes: HashMap::new(),
        })
    }

    fn get<'r>(&self, record: &'r StringRecord, role: Role) -> Option<(&'r str, &str)> {
        let (at, header) = self.columns.get(&role)?;
        let value = record.get(*at)?.trim();
        (!value.is_empty()).then_some((value, header.as_str()))
    }

    pub fn add_row(
        &mut self,
        row: u64,
        record: &StringRecord,
        out: &mut Builder,
    ) -> Result<(), ImportError> {
        let Some((name, name_column)) = self.get(record, Role::Name) else {
            return Ok(()); // an empty row
        };
        let kind = match (self.kind, self.get(record, Role::Type)) {
            (_, Some((text, column))) => entity_type(text)
                .ok_or_else(|| bad_cell(row, column, format!("{text:?} is not a type (city, company, sector, person, ministry, agency, organization)")))?,
            (Some(kind), None) => kind,
            (None, None) => return Err(bad_cell(row, "type", "no type for this row")),
        };
        // Checked before anything is added: a skipped row leaves nothing behind.
        let mut coordinates = Vec::new();
        for (role, key, max) in [
            (Role::Latitude, "latitude", 90.0),
            (Role::Longitude, "longitude", 180.0),
        ] {
            if let Some((value, column)) = self.get(record, role) {
                let number = parse_number(value)
                    .filter(|n: &f64| n.abs() <= max)
                    .ok_or_else(|| bad_cell(row, column, format!("{value:?} is not a {key}")))?;
                coordinates.push((key, number));
            }
        }
        if let Some((_, column)) = self.get(record, Role::Parent) {
            if !matches!(
                kind,
                EntityType::Company | EntityType::Sector | EntityType::City
            ) {
                return Err(bad_cell(
                    row,
                    column,
                    format!("a {} has no parent", kind.as_str()),
                ));
            }
        }
        let id = out.entity(kind, name, cell(row, name_column));

        for (role, key) in [
            (Role::Region, "region"),
            (Role::Code, "code"),
            (Role::Country, "country"),
        ] {
            if let Some((value, _)) = self.get(record, role) {
                let value = if role == Role::Country {
                    value.to_ascii_uppercase()
                } else {
                    value.to_owned()
                };
                out.entity_mut(&id).attributes.insert(key.to_owned(), value);
            }
        }
        for (at, key) in &self.extra {
            if let Some(value) = record.get(*at).map(str::trim).filter(|v| !v.is_empty()) {
                out.entity_mut(&id)
                    .attributes
                    .insert(key.clone(), value.to_owned());
            }
        }
        for (key, number) in coordinates {
            out.entity_mut(&id)
                .attributes
                .insert(key.to_owned(), number.to_string());
        }
        if let Some((aliases, _)) = self.get(record, Role::Aliases) {
            let entity = out.entity_mut(&id);
            for alias in aliases
                .split(['|', ';'])
                .map(str::trim)
                .filter(|a| !a.is_empty())
            {
                entity.aliases.push(alias.to_owned());
            }
        }
        if kind == EntityType::Sector {
            if let Some((code, _)) = self.get(record, Role::Code) {
                self.sector_codes.insert(fold(code), name.to_owned());
            }
        }
        if let Some((parent, column)) = self.get(record, Role::Parent) {
            let (relation, parent_kind, parent_name) = match kind {
                EntityType::Company => ("subsidiary_of", EntityType::Company, parent.to_owned()),
                EntityType::Sector => (
                    "part_of",
                    EntityType::Sector,
                    self.sector_codes
                        .get(&fold(parent))
                        .cloned()
                        .unwrap_or_else(|| parent.to_owned()),
                ),
                // A city: the check above refused every other kind.
                _ => ("part_of", EntityType::City, parent.to_owned()),
            };
            let parent_id = out.entity(parent_kind, &parent_name, cell(row, column));
            out.relation(relation, &id, &parent_id, cell(row, column));
        }
        if kind == EntityType::Person {
            let post = self.get(record, Role::Post);
            let organization = self
                .get(record, Role::Ministry)
                .map(|(m, c)| (EntityType::Ministry, m, c))
                .or_else(|| {
                    self.get(record, Role::Operator)
                        .map(|(o, c)| (EntityType::Company, o, c))
                });
            if let Some((org_kind, org_name, column)) = organization {
                let org = out.entity(org_kind, org_name, cell(row, column));
                let relation = if org_kind == EntityType::Ministry {
                    "minister_of"
                } else {
                    "heads"
                };
                let edge = out.relation(relation, &id, &org, cell(row, column));
                if let Some((title, _)) = post {
                    edge.attributes.insert("title".to_owned(), title.to_owned());
                }
            }
        }
        Ok(())
    }
}
