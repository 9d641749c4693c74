//! Tables of projects: one commitment per row.

use std::collections::HashMap;

use csv::StringRecord;
use pledgegraph_importer::{Agreement, Commitment, EntityType, ImportError, Money, Qualifier};

use crate::builder::{cell, Builder};
use crate::header::{fold, Column, Role};
use crate::numbers::{parse_count, parse_money, Unit};
use crate::values::{agreement_kind, date, jobs_qualifier};

pub struct Projects {
    columns: HashMap<Role, (usize, String)>,
    investment_unit: Unit,
    /// The currency when neither the header, a currency column nor the cell says.
    default_currency: Option<String>,
}

/// A failure in one cell: what the user must fix.
pub fn bad_cell(row: u64, column: &str, message: impl std::fmt::Display) -> ImportError {
    ImportError::new(format!("row {row}, column {column:?}: {message}"))
}

impl Projects {
    pub fn new(
        columns: &[Column],
        default_currency: Option<String>,
    ) -> Result<Projects, ImportError> {
        let mut by_role = HashMap::new();
        let mut investment_unit = Unit {
            scale: 1.0,
            currency: None,
        };
        for (i, column) in columns.iter().enumerate() {
            if let Some(role) = column.role {
                if let Some((_, first)) = by_role.get(&role) {
                    return Err(ImportError::new(format!(
                        "columns {first:?} and {:?} both hold the {}: keep one, or map them with --option mapping=FILE",
                        column.header,
                        role.name()
                    )));
                }
                if role == Role::Investment {
                    investment_unit = column.unit.unwrap_or(investment_unit);
                }
                by_role.insert(role, (i, column.header.clone()));
            }
        }
        Ok(Projects {
            columns: by_role,
            investment_unit,
            default_currency,
        })
    }

    fn get<'r>(&self, record: &'r StringRecord, role: Role) -> Option<(&'r str, &str)> {
        let (at, header) = self.columns.get(&role)?;
        let value = record.get(*at)?.trim();
        (!value.is_empty()).then_some((value, header.as_str()))
    }

    /// A last row that totals the others: "Total", "TOTAL GÉNÉRAL", or no operator at all.
    pub fn is_total(&self, record: &StringRecord) -> bool {
        match self.get(record, Role::Operator) {
            Some((name, _)) => matches!(
                fold(name).as_str(),
                "total" | "totaux" | "total general" | "ensemble" | "grand total"
            ),
            None => true,
        }
    }

    /// Adds the facts of data row `row` to `out`.
    pub fn add_row(
        &self,
        row: u64,
        record: &StringRecord,
        out: &mut Builder,
    ) -> Result<(), ImportError> {
        let (operator_name, operator_column) = self
            .get(record, Role::Operator)
            .ok_or_else(|| ImportError::new(format!("row {row}: no operator")))?;
        let operator = out.entity(
            EntityType::Company,
            operator_name,
            cell(row, operator_column),
        );

        if let Some((parent_name, column)) = self.get(record, Role::Parent) {
            if fold(parent_name) != fold(operator_name) {
                let parent = out.entity(EntityType::Company, parent_name, cell(row, column));
                out.relation("subsidiary_of", &operator, &parent, cell(row, column));
            }
        }
        let mut cities = Vec::new();
        if let Some((city, column)) = self.get(record, Role::City) {
            cities.push(out.entity(EntityType::City, city, cell(row, column)));
        }
        let mut sectors = Vec::new();
        if let Some((sector, column)) = self.get(record, Role::Sector) {
            sectors.push(out.entity(EntityType::Sector, sector, cell(row, column)));
        }

        let (jobs, jobs_qualifier) = match self.get(record, Role::Jobs) {
            Some((text, column)) => {
                let (qualifier, digits) = jobs_qualifier(text);
                let jobs = parse_count(digits).ok_or_else(|| {
                    bad_cell(row, column, format!("{text:?} is not a number of jobs"))
                })?;
                (Some(jobs), Some(qualifier))
            }
            None => (None, None),
        };
        let existing_jobs = match self.get(record, Role::ExistingJobs) {
            Some((text, column)) => Some(parse_count(text).ok_or_else(|| {
                bad_cell(row, column, format!("{text:?} is not a number of jobs"))
            })?),
            None => None,
        };
        let investment = match self.get(record, Role::Investment) {
            Some((text, column)) => {
                let (amount, currency) = parse_money(text, self.investment_unit)
                    .ok_or_else(|| bad_cell(row, column, format!("{text:?} is not an amount")))?;
                let currency = match currency {
                    Some(code) => code.to_owned(),
                    None => match self.get(record, Role::Currency) {
                        Some((code, currency_column)) => currency_code(code).ok_or_else(|| {
                            bad_cell(row, currency_column, format!("{code:?} is not a currency (MAD, EUR, USD ...)"))
                        })?,
                        None => self.default_currency.clone().ok_or_else(|| {
                            bad_cell(
                                row,
                                column,
                                format!("{text:?} names no currency: say it in the header (MDH, M€, $), in a currency column, or with --option currency=MAD"),
                            )
                        })?,
                    },
                };
                Some(Money { amount, currency })
            }
            None => None,
        };
        let horizon = match self.get(record, Role::Horizon) {
            Some((text, column)) => Some(date(text).ok_or_else(|| {
                bad_cell(row, column, format!("{text:?} is not a year or a date"))
            })?),
            None => None,
        };

        let agreement = self.agreement(row, record, &operator, out)?;
        let evidence_column = self
            .get(record, Role::Jobs)
            .or_else(|| self.get(record, Role::Investment))
            .map_or(operator_column, |(_, column)| column)
            .to_owned();
        out.batch.commitments.push(Commitment {
            operator,
            agreement,
            jobs,
            jobs_qualifier: jobs_qualifier
                .filter(|_| jobs.is_some())
                .or(jobs.map(|_| Qualifier::Exact)),
            existing_jobs,
            investment,
            cities,
            sectors,
            horizon,
            evidence: vec![cell(row, &evidence_column)],
        });
        Ok(())
    }

    /// The agreement a row's commitment was made in, when the row says:
    /// rows with the same kind, date and ministry share one.
    fn agreement(
        &self,
        row: u64,
        record: &StringRecord,
        operator: &str,
        out: &mut Builder,
    ) -> Result<Option<String>, ImportError> {
        let kind = self.get(record, Role::Agreement);
        let signed = match self.get(record, Role::Date) {
            Some((text, column)) => Some(
                date(text)
                    .ok_or_else(|| bad_cell(row, column, format!("{text:?} is not a date")))?,
            ),
            None => None,
        };
        let ministry = self.get(record, Role::Ministry);
        if kind.is_none() && signed.is_none() && ministry.is_none() {
            return Ok(None);
        }
        let kind_name = kind.map_or("agreement".to_owned(), |(text, _)| agreement_kind(text));
        let ministry_id = ministry
            .map(|(name, column)| out.entity(EntityType::Ministry, name, cell(row, column)));
        let id = format!(
            "agreement:{kind_name}:{}:{}",
            signed.as_deref().unwrap_or(""),
            ministry_id.as_deref().unwrap_or("")
        );
        let column = kind
            .or(ministry)
            .map(|(_, c)| c.to_owned())
            .unwrap_or_else(|| "date".to_owned());
        let existing = out.batch.agreements.iter_mut().find(|a| a.id == id);
        let agreement = match existing {
            Some(agreement) => agreement,
            None => {
                out.batch.agreements.push(Agreement {
                    id: id.clone(),
                    kind: kind_name,
                    date: signed,
                    venue: None,
                    count: None,
                    parties: ministry_id.into_iter().collect(),
                    signatories: Vec::new(),
                    totals: Default::default(),
                    evidence: Vec::new(),
                });
                out.batch.agreements.last_mut().expect("just pushed")
            }
        };
        if !agreement.parties.iter().any(|p| p == operator) {
            agreement.parties.push(operator.to_owned());
        }
        agreement.evidence.push(cell(row, &column));
        Ok(Some(id))
    }
}

/// An ISO 4217 code from what a currency column says.
pub fn currency_code(text: &str) -> Option<String> {
    let unit = crate::numbers::parse_unit(text)?;
    match unit.currency {
        Some(code) => Some(code.to_owned()),
        None => {
            let code = text.trim().to_ascii_uppercase();
            (code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())).then_some(code)
        }
    }
}
