//! The write transaction of an import.

use std::collections::HashMap;

use diesel::Connection;
use pledgegraph_importer::{validate, Batch, Evidence, RelationType};

use super::{resolve, sha256_hex, ImportSummary};
use crate::error::{Error, Result};
use crate::store::models::Fact;
use crate::store::write::{self as w, Place};
use crate::store::DbConnection;

/// Where a batch came from.
pub struct Source<'a> {
    /// Identifies the document: importing the same source twice writes once.
    pub sha256: String,
    /// The text that evidence spans point into: the batch's own `text`, or
    /// else the raw input when it is UTF-8.
    pub text: Option<&'a str>,
    pub importer: &'a str,
}

impl<'a> Source<'a> {
    /// The source of a ready-made batch file: its spans point into its own text.
    pub fn of_batch_file(batch: &'a Batch, file: &'a [u8]) -> Source<'a> {
        Source {
            sha256: sha256_hex(file),
            text: batch.document.text.as_deref(),
            importer: "batch",
        }
    }
}

/// Validates `batch` and writes it, all or nothing.
pub fn write_batch(
    conn: &mut DbConnection,
    batch: &Batch,
    source: &Source,
) -> Result<ImportSummary> {
    let text = source.text;
    let mut warnings = validate(batch, text.map(str::as_bytes))?;
    warnings.extend(batch.warnings.iter().cloned());
    let sha256 = &source.sha256;
    conn.transaction(|conn| {
        if let Some(document_id) = w::find_document(conn, sha256)? {
            return Ok(ImportSummary {
                document_id,
                already_imported: true,
                ..ImportSummary::default()
            });
        }
        let document_id = insert_document(conn, batch, source)?;
        let mut summary = ImportSummary {
            document_id,
            warnings,
            ..ImportSummary::default()
        };
        write_facts(conn, document_id, batch, text, &mut summary)?;
        Ok(summary)
    })
}

/// The document row of a source, from the batch's description of it.
pub(super) fn insert_document(
    conn: &mut DbConnection,
    batch: &Batch,
    source: &Source,
) -> Result<i64> {
    let doc = &batch.document;
    w::insert_document(
        conn,
        &w::NewDocument {
            kind: doc.kind.as_str(),
            title: doc.title.as_deref(),
            url: doc.url.as_deref(),
            published: doc.published.as_deref(),
            language: doc.language.as_deref(),
            publisher: doc.publisher.as_deref(),
            sha256: &source.sha256,
            importer: source.importer,
            text: source.text,
        },
    )
}

/// Writes the facts of a validated batch into the open transaction,
/// citing `document_id`; `text` is what spans point into.
pub(super) fn write_facts(
    conn: &mut DbConnection,
    document_id: i64,
    batch: &Batch,
    text: Option<&str>,
    summary: &mut ImportSummary,
) -> Result<()> {
    let cite = |conn: &mut DbConnection, fact: Fact, evidence: &[Evidence]| -> Result<usize> {
        let places: Vec<(Place, Option<&str>)> = evidence
            .iter()
            .map(|item| match item {
                Evidence::Span { start, end } => (
                    Place::Span {
                        start: *start as i64,
                        end: *end as i64,
                    },
                    text.and_then(|t| t.get(*start..*end)),
                ),
                Evidence::Cell { row, column } => (
                    Place::Cell {
                        row: *row as i64,
                        column,
                    },
                    None,
                ),
                Evidence::Key { key } => (Place::Key(key), None),
            })
            .collect();
        w::add_evidence(conn, document_id, fact, &places)?;
        Ok(evidence.len())
    };

    let mut node_of: HashMap<&str, i64> = HashMap::new();
    for entity in &batch.entities {
        let country = entity.attributes.get("country").map(String::as_str);
        let id = match resolve::existing_node(conn, entity)? {
            Some(id) => {
                summary.nodes_matched += 1;
                w::complete_node(conn, id, country, &entity.attributes)?;
                w::add_alias(conn, id, &entity.name)?;
                id
            }
            None => {
                summary.nodes_created += 1;
                w::insert_node(
                    conn,
                    &w::NewNode {
                        kind: entity.kind.as_str(),
                        name: &entity.name,
                        country,
                        attributes: &entity.attributes,
                    },
                )?
            }
        };
        for alias in &entity.aliases {
            w::add_alias(conn, id, alias)?;
        }
        summary.evidence += cite(conn, Fact::Node(id), &entity.evidence)?;
        node_of.insert(&entity.id, id);
    }
    // Validation guarantees every reference resolves.
    let node = |id: &str| -> Result<i64> {
        node_of
            .get(id)
            .copied()
            .ok_or_else(|| Error::Internal(format!("unresolved entity {id:?} after validation")))
    };

    for relation in &batch.relations {
        let Some(kind) = RelationType::parse(&relation.kind) else {
            continue;
        };
        let title = relation.attributes.get("title").map(String::as_str);
        let (edge, created) = w::upsert_edge(
            conn,
            kind.as_str(),
            node(&relation.from)?,
            node(&relation.to)?,
            title,
        )?;
        summary.facts += usize::from(created);
        summary.evidence += cite(conn, Fact::Edge(edge), &relation.evidence)?;
    }

    let mut agreement_of: HashMap<&str, i64> = HashMap::new();
    for agreement in &batch.agreements {
        let totals = &agreement.totals;
        let id = w::insert_agreement(
            conn,
            &w::NewAgreement {
                kind: &agreement.kind,
                date: agreement.date.as_deref(),
                venue: agreement.venue.as_deref(),
                document_count: agreement.count,
                total_jobs: totals.jobs,
                total_investment: totals
                    .investment
                    .as_ref()
                    .map(|m| (m.amount, m.currency.as_str())),
                total_horizon: totals.horizon.as_deref(),
            },
        )?;
        for (role, members) in [
            ("party", &agreement.parties),
            ("signatory", &agreement.signatories),
            ("city", &totals.cities),
        ] {
            for member in members {
                w::add_member(conn, id, node(member)?, role)?;
            }
        }
        summary.facts += 1;
        summary.evidence += cite(conn, Fact::Agreement(id), &agreement.evidence)?;
        agreement_of.insert(&agreement.id, id);
    }

    for commitment in &batch.commitments {
        let cities = commitment
            .cities
            .iter()
            .map(|c| node(c))
            .collect::<Result<Vec<_>>>()?;
        let sectors = commitment
            .sectors
            .iter()
            .map(|s| node(s))
            .collect::<Result<Vec<_>>>()?;
        let id = w::insert_commitment(
            conn,
            &w::NewCommitment {
                operator: node(&commitment.operator)?,
                agreement: commitment
                    .agreement
                    .as_deref()
                    .and_then(|a| agreement_of.get(a).copied()),
                jobs: commitment.jobs,
                jobs_qualifier: commitment.jobs_qualifier.map(|q| q.as_str()),
                existing_jobs: commitment.existing_jobs,
                investment: commitment
                    .investment
                    .as_ref()
                    .map(|m| (m.amount, m.currency.as_str())),
                horizon: commitment.horizon.as_deref(),
                cities: &cities,
                sectors: &sectors,
            },
        )?;
        summary.facts += 1;
        summary.evidence += cite(conn, Fact::Commitment(id), &commitment.evidence)?;
    }

    for observation in &batch.observations {
        let subject = observation.subject.as_deref().map(node).transpose()?;
        let id = w::insert_observation(
            conn,
            &w::NewObservation {
                indicator_code: &observation.indicator.code,
                indicator_name: observation.indicator.name.as_deref(),
                subject,
                geography: observation.geography.as_deref(),
                period: &observation.period,
                value: observation.value,
                unit: observation.unit.as_deref(),
                qualifier: observation.qualifier.map(|q| q.as_str()),
                dimensions: &observation.dimensions,
            },
        )?;
        summary.facts += 1;
        summary.evidence += cite(conn, Fact::Observation(id), &observation.evidence)?;
    }
    Ok(())
}
