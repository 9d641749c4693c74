//! What a list query may ask for. The GraphQL layer fills these from its
//! inputs; `read` turns them into SQL. Folded strings are already folded.

/// A window of a list, in rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window {
    pub offset: i64,
    pub limit: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    #[default]
    Asc,
    Desc,
}

/// An inclusive range of ISO dates of any precision: `to: "2022"` takes in
/// `"2022-04-30"`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateRange {
    pub from: Option<String>,
    pub to: Option<String>,
}

impl DateRange {
    pub fn is_empty(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// The exclusive upper bound in text order: '~' sorts after every digit
    /// and '-', so every refinement of `to` stays below it.
    pub fn upper_exclusive(&self) -> Option<String> {
        self.to.as_ref().map(|to| format!("{to}~"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanyRole {
    /// Companies that made at least one commitment.
    Operator,
    /// Companies that own at least one other.
    Parent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NodeOrder {
    #[default]
    Name,
    Id,
}

#[derive(Debug, Clone, Default)]
pub struct NodeFilter {
    pub kinds: Vec<&'static str>,
    pub name_contains: Option<String>,
    pub country: Option<String>,
    /// Nodes tied to this city: located or headquartered there, or committed there.
    pub city: Option<i64>,
    /// Nodes tied to any of these sectors (a sector and its sub-sectors).
    pub sectors: Option<Vec<i64>>,
    /// Operators with a commitment under an agreement this ministry is party to.
    pub ministry: Option<i64>,
    /// Only these nodes (e.g. every company under a group).
    pub ids: Option<Vec<i64>>,
    /// Nodes a document gives evidence for.
    pub document: Option<i64>,
    pub role: Option<CompanyRole>,
    pub order: NodeOrder,
    pub direction: Direction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CommitmentOrder {
    #[default]
    Id,
    Jobs,
    Investment,
    Horizon,
}

#[derive(Debug, Clone, Default)]
pub struct CommitmentFilter {
    pub operators: Option<Vec<i64>>,
    pub operator_name: Option<String>,
    pub country: Option<String>,
    pub city: Option<i64>,
    pub sectors: Option<Vec<i64>>,
    pub ministry: Option<i64>,
    pub agreement: Option<i64>,
    pub agreement_date: DateRange,
    pub horizon: DateRange,
    pub document: Option<i64>,
    /// Reported by at least this many documents.
    pub min_sources: Option<i64>,
    /// In one of these statuses (`announced`, `signed` ...).
    pub statuses: Option<Vec<String>>,
    pub order: CommitmentOrder,
    pub direction: Direction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AgreementOrder {
    #[default]
    Date,
    Id,
    Jobs,
}

#[derive(Debug, Clone, Default)]
pub struct AgreementFilter {
    pub kind: Option<String>,
    pub venue_contains: Option<String>,
    pub date: DateRange,
    /// Agreements this node is party to or signed.
    pub member: Option<i64>,
    pub city: Option<i64>,
    pub document: Option<i64>,
    pub order: AgreementOrder,
    pub direction: Direction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocumentOrder {
    #[default]
    Published,
    ImportedAt,
    Title,
}

#[derive(Debug, Clone, Default)]
pub struct DocumentFilter {
    pub kind: Option<String>,
    pub importer: Option<String>,
    pub published: DateRange,
    pub order: DocumentOrder,
    pub direction: Direction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ObservationOrder {
    #[default]
    Period,
    Value,
}

#[derive(Debug, Clone, Default)]
pub struct ObservationFilter {
    pub indicator: Option<String>,
    pub subjects: Option<Vec<i64>>,
    pub geography: Option<String>,
    /// Periods that start on or after this day (`YYYY-MM-DD`).
    pub starts_from: Option<String>,
    /// Periods that start on or before this day (`YYYY-MM-DD`).
    pub starts_to: Option<String>,
    pub document: Option<i64>,
    pub order: ObservationOrder,
    pub direction: Direction,
}
