//! Filter and ordering inputs, and their translation into store filters.

use async_graphql::{Context, Enum, InputObject, Result, ID};

use super::common::store;
use super::ids::decode_as;
use super::types::CommitmentStatus;
use pledgegraph_importer::period::Period;

use crate::error::Error;
use crate::store::filter::{self as f, DateRange};
use crate::store::read;
use crate::text::fold;

#[derive(Enum, Copy, Clone, Eq, PartialEq, Default)]
pub enum OrderDirection {
    #[default]
    Asc,
    Desc,
}

impl From<OrderDirection> for f::Direction {
    fn from(d: OrderDirection) -> Self {
        match d {
            OrderDirection::Asc => f::Direction::Asc,
            OrderDirection::Desc => f::Direction::Desc,
        }
    }
}

/// An inclusive range of dates of any precision: `{from: "2022", to: "2023"}`
/// takes in `2023-06-30`.
#[derive(InputObject, Clone, Default)]
pub struct DateRangeInput {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Every form a date or period filter takes, as errors name them.
pub const PERIOD_FORMS: &str =
    "YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Sn (half-year), YYYY-Qn (quarter) or YYYY-Www (ISO week)";

/// Longest text a `...Contains` filter or a search takes, in characters.
pub const MAX_TEXT: usize = 200;

/// `text` as given, refused past [`MAX_TEXT`] characters: `name` is the argument.
pub(crate) fn bounded(name: &str, text: Option<String>) -> Result<Option<String>, Error> {
    match text {
        Some(t) if t.chars().nth(MAX_TEXT).is_some() => Err(Error::InvalidInput(format!(
            "{name} is at most {MAX_TEXT} characters, got {}",
            t.chars().count()
        ))),
        t => Ok(t),
    }
}

/// Parses one end of a date or period filter named `name`.
pub(crate) fn period(name: &str, text: &str) -> Result<Period, Error> {
    Period::parse(text.trim()).ok_or_else(|| {
        Error::InvalidInput(format!(
            "{name}: {text:?} is not a date or period; use {PERIOD_FORMS}"
        ))
    })
}

/// One end of a range over stored dates (`YYYY`, `YYYY-MM` or
/// `YYYY-MM-DD`, as precise as their source).
fn date_bound(period: Period, text: &str, end: bool) -> String {
    match period {
        // The stored forms themselves compare as text: `to: "2023"` takes
        // in `2023-06-30`.
        Period::Year(_) | Period::Month(..) | Period::Day(..) => text.trim().to_owned(),
        // Halves, quarters and weeks are stored as no date: their days bound them.
        _ if end => period.end(),
        _ => period.start(),
    }
}

/// The store's range for the filter `name`, or BAD_USER_INPUT naming
/// `name.from` or `name.to` and the accepted forms.
fn date_range(range: Option<DateRangeInput>, name: &str) -> Result<DateRange, Error> {
    let range = range.unwrap_or_default();
    let parse = |end: &str, text: Option<String>| {
        text.map(|t| Ok::<_, Error>((period(&format!("{name}.{end}"), &t)?, t)))
            .transpose()
    };
    let from = parse("from", range.from)?;
    let to = parse("to", range.to)?;
    if let (Some((first, from)), Some((last, to))) = (&from, &to) {
        if first.start() > last.end() {
            return Err(Error::InvalidInput(format!(
                "{name}: from {:?} is after to {:?}",
                from.trim(),
                to.trim()
            )));
        }
    }
    Ok(DateRange {
        from: from.map(|(p, text)| date_bound(p, &text, false)),
        to: to.map(|(p, text)| date_bound(p, &text, true)),
    })
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum CompanyRole {
    /// Companies that made at least one commitment.
    Operator,
    /// Companies that own at least one other.
    Parent,
}

/// Filters for lists of ministries, agencies, organisations, people,
/// companies, cities and sectors.
#[derive(InputObject, Clone, Default)]
pub struct EntityFilter {
    /// Part of the name or of an alias; case and accents are ignored ("fes" finds "Fès").
    pub name_contains: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// Tied to this city: a site there or a commitment there.
    pub city: Option<ID>,
    /// Tied to this sector or any of its sub-sectors.
    pub sector: Option<ID>,
    /// With a commitment under an agreement this ministry is party to.
    pub ministry: Option<ID>,
    /// Under this group, however deep.
    pub parent: Option<ID>,
    /// Named in this document.
    pub document: Option<ID>,
    /// Companies only: operators or parent companies.
    pub role: Option<CompanyRole>,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Default)]
pub enum EntityOrderField {
    #[default]
    Name,
    Id,
}

#[derive(InputObject, Clone, Copy, Default)]
pub struct EntityOrder {
    pub field: EntityOrderField,
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// The sector and all its sub-sectors.
async fn sector_tree(ctx: &Context<'_>, sector: &ID) -> Result<Vec<i64>> {
    subtree(ctx, "part_of", decode_as(sector, &["Sector"])?).await
}

/// The root and everything under it along `kind`.
pub(crate) async fn subtree(ctx: &Context<'_>, kind: &'static str, root: i64) -> Result<Vec<i64>> {
    let mut found = store(ctx)
        .run(move |conn| read::descendants(conn, kind, &[root]))
        .await?;
    Ok(found.remove(&root).unwrap_or_default())
}

fn folded(text: Option<String>) -> Option<String> {
    text.map(|t| fold(&t))
}

impl EntityFilter {
    pub async fn resolve(
        self,
        ctx: &Context<'_>,
        kinds: Vec<&'static str>,
        order: Option<EntityOrder>,
    ) -> Result<f::NodeFilter> {
        let order = order.unwrap_or_default();
        Ok(f::NodeFilter {
            kinds,
            name_contains: folded(bounded("nameContains", self.name_contains)?),
            country: self.country,
            city: self
                .city
                .as_ref()
                .map(|c| decode_as(c, &["City"]))
                .transpose()?,
            sectors: match &self.sector {
                Some(sector) => Some(sector_tree(ctx, sector).await?),
                None => None,
            },
            ministry: self
                .ministry
                .as_ref()
                .map(|m| decode_as(m, &["Ministry"]))
                .transpose()?,
            ids: match &self.parent {
                Some(parent) => {
                    let root = decode_as(parent, &["Company"])?;
                    let mut under = subtree(ctx, "subsidiary_of", root).await?;
                    under.retain(|&id| id != root);
                    Some(under)
                }
                None => None,
            },
            document: self
                .document
                .as_ref()
                .map(|d| decode_as(d, &["Document"]))
                .transpose()?,
            role: self.role.map(|r| match r {
                CompanyRole::Operator => f::CompanyRole::Operator,
                CompanyRole::Parent => f::CompanyRole::Parent,
            }),
            order: match order.field {
                EntityOrderField::Name => f::NodeOrder::Name,
                EntityOrderField::Id => f::NodeOrder::Id,
            },
            direction: order.direction.into(),
        })
    }
}

/// Filters for lists of commitments, and for `commitmentStats`.
#[derive(InputObject, Clone, Default)]
pub struct CommitmentFilter {
    /// Made by this company.
    pub operator: Option<ID>,
    /// Made by any company under this group, however deep.
    pub parent: Option<ID>,
    /// Part of the operator's name; case and accents are ignored.
    pub operator_name_contains: Option<String>,
    /// The operator's country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    pub city: Option<ID>,
    /// This sector or any of its sub-sectors.
    pub sector: Option<ID>,
    /// Under an agreement this ministry is party to.
    pub ministry: Option<ID>,
    pub agreement: Option<ID>,
    /// The date of the agreement it was made in.
    pub agreement_date: Option<DateRangeInput>,
    pub horizon: Option<DateRangeInput>,
    /// Supported by this document.
    pub document: Option<ID>,
    /// Reported by at least this many documents: 2 for pledges confirmed
    /// by a second source.
    pub min_sources: Option<i32>,
    /// In one of these statuses.
    pub status: Option<Vec<CommitmentStatus>>,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Default)]
pub enum CommitmentOrderField {
    #[default]
    Id,
    Jobs,
    Investment,
    Horizon,
}

#[derive(InputObject, Clone, Copy, Default)]
pub struct CommitmentOrder {
    pub field: CommitmentOrderField,
    #[graphql(default)]
    pub direction: OrderDirection,
}

impl CommitmentFilter {
    pub async fn resolve(
        self,
        ctx: &Context<'_>,
        order: Option<CommitmentOrder>,
    ) -> Result<f::CommitmentFilter> {
        let order = order.unwrap_or_default();
        let mut operators = match &self.parent {
            Some(parent) => {
                let root = decode_as(parent, &["Company"])?;
                let mut under = subtree(ctx, "subsidiary_of", root).await?;
                under.retain(|&id| id != root);
                Some(under)
            }
            None => None,
        };
        if let Some(operator) = &self.operator {
            let operator = decode_as(operator, &["Company"])?;
            operators = Some(match operators {
                Some(under) => under.into_iter().filter(|&id| id == operator).collect(),
                None => vec![operator],
            });
        }
        Ok(f::CommitmentFilter {
            operators,
            operator_name: folded(bounded(
                "operatorNameContains",
                self.operator_name_contains,
            )?),
            country: self.country,
            city: self
                .city
                .as_ref()
                .map(|c| decode_as(c, &["City"]))
                .transpose()?,
            sectors: match &self.sector {
                Some(sector) => Some(sector_tree(ctx, sector).await?),
                None => None,
            },
            ministry: self
                .ministry
                .as_ref()
                .map(|m| decode_as(m, &["Ministry"]))
                .transpose()?,
            agreement: self
                .agreement
                .as_ref()
                .map(|a| decode_as(a, &["Agreement"]))
                .transpose()?,
            agreement_date: date_range(self.agreement_date, "agreementDate")?,
            horizon: date_range(self.horizon, "horizon")?,
            document: self
                .document
                .as_ref()
                .map(|d| decode_as(d, &["Document"]))
                .transpose()?,
            min_sources: self.min_sources.map(i64::from),
            statuses: self
                .status
                .map(|s| s.iter().map(|s| s.as_str().to_owned()).collect()),
            order: match order.field {
                CommitmentOrderField::Id => f::CommitmentOrder::Id,
                CommitmentOrderField::Jobs => f::CommitmentOrder::Jobs,
                CommitmentOrderField::Investment => f::CommitmentOrder::Investment,
                CommitmentOrderField::Horizon => f::CommitmentOrder::Horizon,
            },
            direction: order.direction.into(),
        })
    }
}

#[derive(InputObject, Clone, Default)]
pub struct AgreementFilter {
    /// `memorandum_of_understanding`, `investment_agreement`, `convention`...
    pub kind: Option<String>,
    pub venue_contains: Option<String>,
    pub date: Option<DateRangeInput>,
    /// Agreements this ministry is party to.
    pub ministry: Option<ID>,
    /// Agreements this entity is party to or signed.
    pub party: Option<ID>,
    /// Covering this city, in its totals or its commitments.
    pub city: Option<ID>,
    pub document: Option<ID>,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Default)]
pub enum AgreementOrderField {
    #[default]
    Date,
    Id,
    Jobs,
}

#[derive(InputObject, Clone, Copy, Default)]
pub struct AgreementOrder {
    pub field: AgreementOrderField,
    #[graphql(default)]
    pub direction: OrderDirection,
}

const ENTITY_TYPES: [&str; 7] = [
    "Ministry",
    "Agency",
    "Organization",
    "Person",
    "Company",
    "City",
    "Sector",
];

impl AgreementFilter {
    pub fn resolve(self, order: Option<AgreementOrder>) -> Result<f::AgreementFilter> {
        let order = order.unwrap_or_default();
        let member = match (&self.ministry, &self.party) {
            (Some(m), _) => Some(decode_as(m, &["Ministry"])?),
            (None, Some(p)) => Some(decode_as(p, &ENTITY_TYPES)?),
            (None, None) => None,
        };
        Ok(f::AgreementFilter {
            kind: self.kind,
            venue_contains: bounded("venueContains", self.venue_contains)?,
            date: date_range(self.date, "date")?,
            member,
            city: self
                .city
                .as_ref()
                .map(|c| decode_as(c, &["City"]))
                .transpose()?,
            document: self
                .document
                .as_ref()
                .map(|d| decode_as(d, &["Document"]))
                .transpose()?,
            order: match order.field {
                AgreementOrderField::Date => f::AgreementOrder::Date,
                AgreementOrderField::Id => f::AgreementOrder::Id,
                AgreementOrderField::Jobs => f::AgreementOrder::Jobs,
            },
            direction: order.direction.into(),
        })
    }
}

#[derive(InputObject, Clone, Default)]
pub struct DocumentFilter {
    /// `press_release`, `table` or `statistics`.
    pub kind: Option<String>,
    pub importer: Option<String>,
    pub published: Option<DateRangeInput>,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Default)]
pub enum DocumentOrderField {
    #[default]
    Published,
    ImportedAt,
    Title,
}

#[derive(InputObject, Clone, Copy, Default)]
pub struct DocumentOrder {
    pub field: DocumentOrderField,
    #[graphql(default)]
    pub direction: OrderDirection,
}

impl DocumentFilter {
    pub fn resolve(self, order: Option<DocumentOrder>) -> Result<f::DocumentFilter> {
        let order = order.unwrap_or_default();
        Ok(f::DocumentFilter {
            kind: self.kind,
            importer: self.importer,
            published: date_range(self.published, "published")?,
            order: match order.field {
                DocumentOrderField::Published => f::DocumentOrder::Published,
                DocumentOrderField::ImportedAt => f::DocumentOrder::ImportedAt,
                DocumentOrderField::Title => f::DocumentOrder::Title,
            },
            direction: order.direction.into(),
        })
    }
}

#[derive(InputObject, Clone, Default)]
pub struct ObservationFilter {
    /// The indicator code.
    pub indicator: Option<String>,
    /// About this entity; for a sector, also about its sub-sectors.
    pub subject: Option<ID>,
    /// About this sector or one of its sub-sectors.
    pub sector: Option<ID>,
    /// ISO 3166-1 alpha-2 for a country; other codes (`WLD`, regions) as the source gives them.
    pub geography: Option<String>,
    /// Periods that start within `periodFrom` (`2021`, `2021-Q3`, `2021-03`, `2021-W12`, `2021-03-15`) ...
    pub period_from: Option<String>,
    /// ... and `periodTo`, both included: `periodTo: "2021"` takes in `2021-Q4` and `2021-12-31`.
    pub period_to: Option<String>,
    pub document: Option<ID>,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Default)]
pub enum ObservationOrderField {
    #[default]
    Period,
    Value,
}

#[derive(InputObject, Clone, Copy, Default)]
pub struct ObservationOrder {
    pub field: ObservationOrderField,
    #[graphql(default)]
    pub direction: OrderDirection,
}

impl ObservationFilter {
    pub async fn resolve(
        self,
        ctx: &Context<'_>,
        order: Option<ObservationOrder>,
    ) -> Result<f::ObservationFilter> {
        let order = order.unwrap_or_default();
        let subjects = match (&self.subject, &self.sector) {
            (Some(_), Some(_)) => {
                return Err(
                    Error::InvalidInput("give either subject or sector, not both".into()).into(),
                );
            }
            (Some(subject), None) => {
                let id = decode_as(subject, &ENTITY_TYPES)?;
                Some(subtree(ctx, "part_of", id).await?)
            }
            (None, Some(sector)) => {
                let id = decode_as(sector, &["Sector"])?;
                Some(subtree(ctx, "part_of", id).await?)
            }
            (None, None) => None,
        };
        let bound = |name: &str, text: Option<&String>, end: bool| {
            text.map(|text| {
                let period = period(name, text)?;
                Ok::<_, Error>(if end { period.end() } else { period.start() })
            })
            .transpose()
        };
        Ok(f::ObservationFilter {
            indicator: self.indicator,
            subjects,
            // Codes are stored in upper case (`MA`, `WLD`).
            geography: self.geography.map(|g| g.trim().to_ascii_uppercase()),
            starts_from: bound("periodFrom", self.period_from.as_ref(), false)?,
            starts_to: bound("periodTo", self.period_to.as_ref(), true)?,
            document: self
                .document
                .as_ref()
                .map(|d| decode_as(d, &["Document"]))
                .transpose()?,
            order: match order.field {
                ObservationOrderField::Period => f::ObservationOrder::Period,
                ObservationOrderField::Value => f::ObservationOrder::Value,
            },
            direction: order.direction.into(),
        })
    }
}
