//! Serde types for the batch: everything an importer found in one input. Unknown fields are ignored so that newer
//! importers stay readable by older servers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The `format` string of this version of the batch.
pub const BATCH_FORMAT: &str = "pledgegraph.batch/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    pub format: String,
    pub document: Document,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<Entity>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agreements: Vec<Agreement>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commitments: Vec<Commitment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub observations: Vec<Observation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl Batch {
    /// An empty batch for `document`.
    pub fn new(document: Document) -> Self {
        Batch {
            format: BATCH_FORMAT.to_owned(),
            document,
            entities: Vec::new(),
            relations: Vec::new(),
            agreements: Vec::new(),
            commitments: Vec::new(),
            observations: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Joins the parts a streaming import emitted into one batch: entities
    /// declared in several parts once (with all their evidence), every
    /// other list end to end. `None` when there are no parts.
    pub fn join(parts: impl IntoIterator<Item = Batch>) -> Option<Batch> {
        let mut parts = parts.into_iter();
        let mut whole = parts.next()?;
        let mut index: std::collections::HashMap<String, usize> = whole
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        for part in parts {
            for entity in part.entities {
                match index.get(&entity.id) {
                    Some(&i) => whole.entities[i].evidence.extend(entity.evidence),
                    None => {
                        index.insert(entity.id.clone(), whole.entities.len());
                        whole.entities.push(entity);
                    }
                }
            }
            whole.relations.extend(part.relations);
            whole.agreements.extend(part.agreements);
            whole.commitments.extend(part.commitments);
            whole.observations.extend(part.observations);
            whole.warnings.extend(part.warnings);
        }
        Some(whole)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    PressRelease,
    Table,
    Statistics,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::PressRelease => "press_release",
            DocumentKind::Table => "table",
            DocumentKind::Statistics => "statistics",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub kind: DocumentKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// The text evidence offsets point into, when it is not the raw input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// One place in the input that supports a fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Evidence {
    /// Byte offsets into the UTF-8 document text, end exclusive.
    Span { start: usize, end: usize },
    /// 1-based data row (the header is row 0) and the header's column name.
    Cell { row: u64, column: String },
    /// A series or observation key of a statistics source.
    Key { key: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityType {
    Ministry,
    Agency,
    Organization,
    Person,
    Company,
    City,
    Sector,
}

impl EntityType {
    pub const ALL: [EntityType; 7] = [
        EntityType::Ministry,
        EntityType::Agency,
        EntityType::Organization,
        EntityType::Person,
        EntityType::Company,
        EntityType::City,
        EntityType::Sector,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Ministry => "ministry",
            EntityType::Agency => "agency",
            EntityType::Organization => "organization",
            EntityType::Person => "person",
            EntityType::Company => "company",
            EntityType::City => "city",
            EntityType::Sector => "sector",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationType {
    SubsidiaryOf,
    MinisterOf,
    Heads,
    LocatedIn,
    HeadquarteredIn,
    ActiveIn,
    PartOf,
}

impl RelationType {
    pub const ALL: [RelationType; 7] = [
        RelationType::SubsidiaryOf,
        RelationType::MinisterOf,
        RelationType::Heads,
        RelationType::LocatedIn,
        RelationType::HeadquarteredIn,
        RelationType::ActiveIn,
        RelationType::PartOf,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RelationType::SubsidiaryOf => "subsidiary_of",
            RelationType::MinisterOf => "minister_of",
            RelationType::Heads => "heads",
            RelationType::LocatedIn => "located_in",
            RelationType::HeadquarteredIn => "headquartered_in",
            RelationType::ActiveIn => "active_in",
            RelationType::PartOf => "part_of",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The entity types allowed at each end, as batch-v1 defines them.
    pub fn endpoints(self) -> (&'static [EntityType], &'static [EntityType]) {
        use EntityType::*;
        match self {
            RelationType::SubsidiaryOf => (&[Company], &[Company]),
            RelationType::MinisterOf => (&[Person], &[Ministry]),
            RelationType::Heads => (&[Person], &[Agency, Organization, Company, Ministry]),
            RelationType::LocatedIn | RelationType::HeadquarteredIn => (&[Company], &[City]),
            RelationType::ActiveIn => (&[Company], &[Sector]),
            RelationType::PartOf => (&[Sector, City], &[Sector, City]),
        }
    }
}

/// A relation whose type this reader may not know: batch-v1 says unknown
/// types are ignored with a warning, so the type stays a string here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    #[serde(rename = "type")]
    pub kind: String,
    pub from: String,
    pub to: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Money {
    pub amount: f64,
    /// ISO 4217.
    pub currency: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jobs: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investment: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cities: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    pub id: String,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    #[serde(default)]
    pub parties: Vec<String>,
    #[serde(default)]
    pub signatories: Vec<String>,
    #[serde(default)]
    pub totals: Totals,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    AtLeast,
    UpTo,
    About,
}

impl Qualifier {
    pub const ALL: [Qualifier; 4] = [
        Qualifier::Exact,
        Qualifier::AtLeast,
        Qualifier::UpTo,
        Qualifier::About,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::AtLeast => "at_least",
            Qualifier::UpTo => "up_to",
            Qualifier::About => "about",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commitment {
    pub operator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jobs: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jobs_qualifier: Option<Qualifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub existing_jobs: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investment: Option<Money>,
    #[serde(default)]
    pub cities: Vec<String>,
    #[serde(default)]
    pub sectors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon: Option<String>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    pub indicator: Indicator,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geography: Option<String>,
    pub period: String,
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub dimensions: BTreeMap<String, String>,
    /// What the source says about the value without identifying the series:
    /// status flags (`OBS_STATUS`), confidentiality, notes.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_join_with_each_entity_once_and_all_its_evidence() {
        let part = |key: &str| -> Batch {
            serde_json::from_value(serde_json::json!({
                "format": BATCH_FORMAT, "document": {"kind": "statistics"},
                "entities": [{"id": "s", "type": "sector", "name": "Outsourcing", "evidence": [{"key": key}]}],
                "observations": [{"indicator": {"code": "EMP"}, "subject": "s", "period": "2021", "value": 1.0}],
                "warnings": [key]}))
            .unwrap()
        };
        let whole = Batch::join([part("a"), part("b")]).unwrap();
        assert_eq!(whole.entities.len(), 1);
        assert_eq!(
            whole.entities[0].evidence,
            [
                Evidence::Key { key: "a".into() },
                Evidence::Key { key: "b".into() }
            ]
        );
        assert_eq!(whole.observations.len(), 2);
        assert_eq!(whole.warnings, ["a", "b"]);
        assert!(Batch::join([]).is_none());
    }
}
