//! From one value as a source gives it to one observation of the batch:
//! the roles of its components, geography, period, unit multiplier, the
//! sector its activity code names; and batches emitted part by part so
//! that memory stays flat on long inputs.

use std::collections::{BTreeMap, HashMap, HashSet};

use pledgegraph_importer::activity;
use pledgegraph_importer::{
    Batch, Document, Entity, EntityType, Evidence, ImportError, Indicator, Observation, Relation,
    RelationType, Sink,
};

use crate::{geography, periods, roles};

/// Observations per emitted batch.
const OBSERVATIONS_PER_BATCH: usize = 5_000;

/// The powers of ten a unit multiplier may name: SDMX's CL_UNIT_MULT spans
/// far less; anything past this is a mistake, not a scale.
pub const UNIT_POWERS: std::ops::RangeInclusive<i32> = -24..=24;

/// The power of ten a UNIT_MULT code names, when it is one.
fn unit_power(code: &str) -> Option<i32> {
    code.parse().ok().filter(|p| UNIT_POWERS.contains(p))
}

/// One coded component of a value: a dimension or an attribute.
#[derive(Debug, Clone, PartialEq)]
pub struct Coded {
    pub id: String,
    pub code: String,
    pub label: Option<String>,
}

impl Coded {
    pub fn new(id: impl Into<String>, code: impl Into<String>, label: Option<String>) -> Coded {
        Coded {
            id: id.into(),
            code: code.into(),
            label,
        }
    }
}

/// A value as the source gives it, before normalisation.
#[derive(Debug, Default)]
pub struct Draft {
    /// The indicator, when the format names it apart from the dimensions
    /// (World Bank, a JSON-stat metric); otherwise the indicator dimension
    /// or the dataset decides.
    pub indicator: Option<Indicator>,
    /// Every dimension but time, in key order.
    pub dimensions: Vec<Coded>,
    pub period: String,
    pub value: String,
    pub attributes: Vec<Coded>,
    /// A unit the format gives outside the attributes (JSON-stat).
    pub unit: Option<String>,
    /// The series or observation key, as the source writes it.
    pub key: String,
}

impl Draft {
    /// The SDMX observation key: the dimension codes in key order, then
    /// the period, joined by dots (`A.MAR.EMP.J62.2021`).
    pub fn observation_key(&self) -> String {
        let mut parts: Vec<&str> = self.dimensions.iter().map(|d| d.code.as_str()).collect();
        parts.push(&self.period);
        parts.join(".")
    }
}

/// The dataset the values belong to: names the indicator when no
/// dimension does.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub id: Option<String>,
    pub name: Option<String>,
}

pub struct Emitter<'s> {
    sink: &'s mut dyn Sink,
    document: Document,
    pub dataset: Dataset,
    /// `--option indicator=CODE`: the indicator of values no dimension names.
    pub indicator: Option<String>,
    batch: Batch,
    /// The sectors and cities observations are about, by batch id.
    subjects: HashMap<String, Entity>,
    /// Sector entity ids by comparable activity code.
    sector_codes: HashMap<String, String>,
    /// Sectors with no broader activity in the input yet: (id, code).
    unplaced: Vec<(String, String)>,
    /// `part_of` ties (narrower, broader) to write with the next value.
    pending_links: Vec<(String, String)>,
    declared: HashSet<String>,
    /// Parse `1,5` as 1.5 (sources whose field separator is `;`).
    pub decimal_comma: bool,
    emitted: usize,
    skipped_missing: usize,
}

impl<'s> Emitter<'s> {
    pub fn new(document: Document, sink: &'s mut dyn Sink) -> Emitter<'s> {
        Emitter {
            sink,
            batch: Batch::new(document.clone()),
            document,
            dataset: Dataset::default(),
            indicator: None,
            subjects: HashMap::new(),
            sector_codes: HashMap::new(),
            unplaced: Vec::new(),
            pending_links: Vec::new(),
            declared: HashSet::new(),
            decimal_comma: false,
            emitted: 0,
            skipped_missing: 0,
        }
    }

    /// The date the source says its data is of, unless the user gave one.
    pub fn set_published(&mut self, date: &str) {
        if self.document.published.is_none() && is_date(date) {
            self.document.published = Some(date.to_owned());
            self.batch.document.published = Some(date.to_owned());
        }
    }

    pub fn warn(&mut self, warning: String) {
        self.batch.warnings.push(warning);
    }

    /// Adds one value; `at` says where it is in the input, for errors.
    pub fn push(&mut self, draft: Draft, at: impl Fn() -> String) -> Result<(), ImportError> {
        let Some(mut value) = self
            .number(&draft.value)
            .map_err(|e| ImportError::new(format!("{}: {e}", at())))?
        else {
            self.skipped_missing += 1;
            return Ok(());
        };
        let period = periods::normalise(&draft.period).ok_or_else(|| {
            ImportError::new(format!(
                "{}: the period {:?} is not one (2021, 2021-Q3, 2021-M03, 2021-W12, 2021-03-15 ...)",
                at(),
                draft.period
            ))
        })?;

        let mut geography = None;
        let mut indicator_parts: Vec<&Coded> = Vec::new();
        let mut unit = draft.unit.clone();
        let mut multiplier: Option<&str> = None;
        let mut dimensions = BTreeMap::new();
        let mut sector = None;
        let mut city = None;
        for dimension in &draft.dimensions {
            if roles::is_geography(&dimension.id) {
                geography = Some(geography::normalise(&dimension.code));
                continue;
            }
            if roles::is_indicator(&dimension.id) {
                indicator_parts.push(dimension);
                continue;
            }
            if roles::is_unit(&dimension.id) {
                unit = Some(dimension.code.clone());
            } else if roles::is_unit_multiplier(&dimension.id) {
                multiplier = Some(&dimension.code);
            } else if let Some(scheme) = roles::activity_scheme(&dimension.id) {
                sector = self.sector(scheme, dimension).or(sector);
            } else if roles::is_city(&dimension.id) {
                city = Some(dimension);
            }
            dimensions.insert(dimension.id.clone(), dimension.code.clone());
        }
        let mut attributes = BTreeMap::new();
        for attribute in &draft.attributes {
            if attribute.code.trim().is_empty() {
                continue;
            }
            if roles::is_unit_multiplier(&attribute.id) {
                multiplier = Some(&attribute.code);
            } else if roles::is_unit(&attribute.id) {
                unit = Some(attribute.code.clone());
            } else {
                attributes.insert(attribute.id.clone(), attribute.code.clone());
            }
        }
        if let Some(multiplier) = multiplier
            .map(|m| m.trim().chars().take(24).collect::<String>())
            .filter(|m| !m.is_empty())
        {
            let power = unit_power(&multiplier).ok_or_else(|| {
                ImportError::new(format!(
                    "{}: UNIT_MULT {multiplier:?} is not a power of ten from {} to {}",
                    at(),
                    UNIT_POWERS.start(),
                    UNIT_POWERS.end()
                ))
            })?;
            value *= 10f64.powi(power);
        }
        if !value.is_finite() {
            return Err(ImportError::new(format!(
                "{}: the value is too large to be a number",
                at()
            )));
        }

        let indicator = match (draft.indicator, indicator_parts.is_empty()) {
            (Some(indicator), _) => indicator,
            (None, false) => Indicator {
                code: indicator_parts
                    .iter()
                    .map(|d| d.code.as_str())
                    .collect::<Vec<_>>()
                    .join("."),
                name: indicator_parts
                    .iter()
                    .map(|d| d.label.as_deref())
                    .collect::<Option<Vec<_>>>()
                    .map(|labels| labels.join(", ")),
            },
            (None, true) => Indicator {
                code: self.indicator.clone().or_else(|| self.dataset.id.clone()).ok_or_else(|| {
                    ImportError::new(format!(
                        "{}: nothing names the indicator (no INDICATOR or MEASURE dimension, no dataset id); \
                         give one with --option indicator=CODE",
                        at()
                    ))
                })?,
                name: self.dataset.name.clone(),
            },
        };

        // One subject per figure: the activity when there is one, else the city.
        let subject = sector.or_else(|| self.city(city?, geography.as_deref()));
        if let Some(id) = &subject {
            self.declare(id);
        }
        for (child, parent) in std::mem::take(&mut self.pending_links) {
            self.declare(&child);
            self.declare(&parent);
            self.batch.relations.push(Relation {
                kind: RelationType::PartOf.as_str().to_owned(),
                from: child,
                to: parent,
                attributes: BTreeMap::new(),
                evidence: Vec::new(),
            });
        }
        self.batch.observations.push(Observation {
            indicator,
            subject,
            geography,
            period,
            value,
            unit,
            qualifier: None,
            dimensions,
            attributes,
            evidence: vec![Evidence::Key { key: draft.key }],
        });
        if self.batch.observations.len() >= OBSERVATIONS_PER_BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// The batch entity of the sector an activity code names, made once.
    fn sector(&mut self, scheme: &'static str, dimension: &Coded) -> Option<String> {
        let code = activity::normalise(&dimension.code)?;
        let id = format!("{scheme}:{}", dimension.code);
        if !self.subjects.contains_key(&id) {
            self.place_in_hierarchy(&id, &dimension.code, code);
        }
        self.subjects.entry(id.clone()).or_insert_with(|| {
            let classification = match scheme {
                activity::NACE => "NACE Rev.2",
                _ => "ISIC Rev.4",
            };
            Entity {
                id: id.clone(),
                kind: EntityType::Sector,
                name: dimension
                    .label
                    .clone()
                    .unwrap_or_else(|| format!("{classification} {}", dimension.code)),
                aliases: Vec::new(),
                attributes: BTreeMap::from([(scheme.to_owned(), dimension.code.clone())]),
                evidence: Vec::new(),
            }
        });
        Some(id)
    }

    /// Ties a new sector to the nearest broader activity this input has
    /// named (`C29` part of `C`), and the narrower ones it named before
    /// without a broader one to this sector.
    fn place_in_hierarchy(&mut self, id: &str, code: &str, normalised: String) {
        let parent = activity::ancestors(code)
            .iter()
            .find_map(|ancestor| self.sector_codes.get(ancestor).cloned());
        if let Some(parent) = parent {
            self.pending_links.push((id.to_owned(), parent));
        } else {
            self.unplaced.push((id.to_owned(), code.to_owned()));
        }
        let mut still_unplaced = Vec::new();
        for (child, child_code) in std::mem::take(&mut self.unplaced) {
            if child != id && activity::ancestors(&child_code).contains(&normalised) {
                self.pending_links.push((child, id.to_owned()));
            } else {
                still_unplaced.push((child, child_code));
            }
        }
        self.unplaced = still_unplaced;
        self.sector_codes.insert(normalised, id.to_owned());
    }

    /// Adds `id`'s entity to the part being built, once per part.
    fn declare(&mut self, id: &str) {
        if self.declared.insert(id.to_owned()) {
            self.batch.entities.push(self.subjects[id].clone());
        }
    }

    /// The batch entity of the city a dimension names, by its label (or
    /// its code when it has none), made once.
    fn city(&mut self, dimension: &Coded, geography: Option<&str>) -> Option<String> {
        let name = dimension.label.as_deref().unwrap_or(&dimension.code).trim();
        if name.is_empty() || roles::is_missing(name) {
            return None;
        }
        let id = format!("city:{}", dimension.code);
        self.subjects.entry(id.clone()).or_insert_with(|| {
            let mut attributes = BTreeMap::from([("code".to_owned(), dimension.code.clone())]);
            if let Some(country) = geography.filter(|g| g.len() == 2) {
                attributes.insert("country".to_owned(), country.to_owned());
            }
            Entity {
                id: id.clone(),
                kind: EntityType::City,
                name: name.to_owned(),
                aliases: Vec::new(),
                attributes,
                evidence: Vec::new(),
            }
        });
        Some(id)
    }

    /// The value, `None` when the source says there is none.
    fn number(&self, raw: &str) -> Result<Option<f64>, String> {
        if roles::is_missing(raw) {
            return Ok(None);
        }
        let text = raw.trim();
        // With a decimal comma, dots and spaces can only group thousands.
        let parsed = if self.decimal_comma && text.contains(',') {
            text.replace(['.', ' ', '\u{a0}'], "")
                .replace(',', ".")
                .parse()
        } else {
            text.parse::<f64>()
        };
        match parsed {
            Ok(value) if value.is_finite() => Ok(Some(value)),
            _ => Err(format!("the value {raw:?} is not a number")),
        }
    }

    fn flush(&mut self) -> Result<(), ImportError> {
        let batch = std::mem::replace(&mut self.batch, Batch::new(self.document.clone()));
        self.emitted += batch.observations.len();
        self.declared.clear();
        self.sink.emit(batch)
    }

    /// Emits what is left; an input without a single value is refused.
    pub fn finish(mut self) -> Result<(), ImportError> {
        if self.skipped_missing > 0 {
            let n = self.skipped_missing;
            self.warn(format!("{n} missing values skipped"));
        }
        if self.emitted + self.batch.observations.len() == 0 {
            return Err(ImportError::new(if self.skipped_missing > 0 {
                "every value in the input is missing: nothing to import".to_owned()
            } else {
                "the input holds no observations".to_owned()
            }));
        }
        self.flush()
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: what a document's date may be.
fn is_date(text: &str) -> bool {
    use pledgegraph_importer::period::Period;
    matches!(
        Period::parse(text),
        Some(Period::Year(_) | Period::Month(..) | Period::Day(..))
    )
}
