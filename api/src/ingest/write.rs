//! The write transaction of an import.

use std::collections::{BTreeSet, HashMap};

use pledgegraph_importer::period::Period;
use pledgegraph_importer::{validate, Batch, Evidence, RelationType};

use super::reports::{self, Nodes, ReportingDocument};
use super::resolve::{self, Resolved};
use super::{sha256_hex, ImportSummary};
use crate::error::{Error, Result};
use crate::store::models::Fact;
use crate::store::write::{self as w, IdTable, NewEdge, NewEvidence, NewObservation, Place};
use crate::store::DbConnection;

/// Where a batch came from.
pub struct Source<'a> {
    /// Identifies the document: importing the same source twice writes once.
    pub sha256: String,
    /// The text that evidence spans point into: the batch's own `text`, or
    /// else the raw input when it is UTF-8.
    pub text: Option<&'a str>,
    pub importer: &'a str,
    /// JSON: how the importer was asked to read the input, to read it again.
    pub request: Option<&'a str>,
}

impl<'a> Source<'a> {
    /// The source of a ready-made batch file: its spans point into its own text.
    pub fn of_batch_file(batch: &'a Batch, file: &'a [u8]) -> Source<'a> {
        Source {
            sha256: sha256_hex(file),
            text: batch.document.text.as_deref(),
            importer: "batch",
            request: None,
        }
    }
}

/// Validates `batch` and writes it, all or nothing, in one write
/// transaction (writers take turns; see `store::write::write_transaction`).
pub fn write_batch(
    conn: &mut DbConnection,
    batch: &Batch,
    source: &Source,
) -> Result<ImportSummary> {
    let text = source.text;
    let mut warnings = validate(batch, text.map(str::as_bytes))?;
    warnings.extend(batch.warnings.iter().cloned());
    let sha256 = &source.sha256;
    w::write_transaction(conn, |conn| {
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
        let previous = HashMap::new();
        let document = ReportingDocument::of(document_id, batch, 0, &previous);
        write_facts(conn, &document, batch, text, &mut summary)?;
        if !summary.warnings.is_empty() {
            w::set_document_warnings(conn, document_id, &summary.warnings)?;
        }
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
            request: source.request,
        },
    )
}

/// Writes the facts of a validated batch into the open transaction,
/// citing `document_id`; `text` is what spans point into. Each kind of row
/// goes in with multi-row statements, so the statement count grows with
/// the batch's size in thousands of rows, not in rows.
pub(super) fn write_facts(
    conn: &mut DbConnection,
    document: &ReportingDocument,
    batch: &Batch,
    text: Option<&str>,
    summary: &mut ImportSummary,
) -> Result<()> {
    let document_id = document.id;
    let mut evidence: Vec<NewEvidence> = Vec::new();
    let mut cite =
        |fact: Fact, items| evidence.extend(evidence_rows(document_id, fact, items, text));

    let resolved = resolve::resolve_entities(conn, &batch.entities)?;
    let mut node_of: HashMap<&str, i64> = HashMap::new();
    let mut created = BTreeSet::new();
    for (entity, resolved) in batch.entities.iter().zip(resolved) {
        match resolved {
            Resolved::Matched(_) => summary.nodes_matched += 1,
            Resolved::Created(id) => {
                summary.nodes_created += 1;
                created.insert(id);
            }
        }
        cite(Fact::Node(resolved.id()), &entity.evidence);
        node_of.insert(&entity.id, resolved.id());
    }
    // Validation guarantees every reference resolves.
    let node = |id: &str| -> Result<i64> {
        node_of
            .get(id)
            .copied()
            .ok_or_else(|| Error::Internal(format!("unresolved entity {id:?} after validation")))
    };

    let edges = write_edges(conn, batch, &node, summary)?;
    for (relation, edge) in batch.relations.iter().zip(edges) {
        if let Some(edge) = edge {
            cite(Fact::Edge(edge), &relation.evidence);
        }
    }

    let nodes = Nodes {
        node_of: &node_of,
        created: &created,
    };
    let (agreement_of, commitment_ids) =
        reports::write_reports(conn, document, batch, &nodes, text, summary)?;
    for agreement in &batch.agreements {
        cite(
            Fact::Agreement(agreement_of[&agreement.id]),
            &agreement.evidence,
        );
    }
    let cited = batch
        .commitments
        .iter()
        .filter(|c| node_of.contains_key(c.operator.as_str()));
    for (commitment, id) in cited.zip(commitment_ids) {
        cite(Fact::Commitment(id), &commitment.evidence);
    }

    let ids = w::allocate_ids(conn, IdTable::Observations, batch.observations.len())?;
    let mut observations = Vec::with_capacity(ids.len());
    for (observation, &id) in batch.observations.iter().zip(&ids) {
        let subject_id = observation.subject.as_deref().map(node).transpose()?;
        let dimensions = w::to_json(&observation.dimensions);
        observations.push(NewObservation {
            id,
            indicator_code: &observation.indicator.code,
            indicator_name: observation.indicator.name.as_deref(),
            subject_id,
            geography: observation.geography.as_deref(),
            period: &observation.period,
            value: observation.value,
            unit: observation.unit.as_deref(),
            qualifier: observation.qualifier.map(|q| q.as_str()),
            period_start: Period::parse(&observation.period)
                .expect("validated before writing")
                .start(),
            series: w::series_of(observation.geography.as_deref(), subject_id, &dimensions),
            dimensions,
            attributes: w::to_json(&observation.attributes),
        });
        cite(Fact::Observation(id), &observation.evidence);
    }
    w::insert_observations(conn, &observations)?;
    summary.facts += observations.len();

    w::insert_evidence(conn, &evidence)?;
    summary.evidence += evidence.len();
    Ok(())
}

/// The evidence rows of `fact`, with the quoted text of each span.
fn evidence_rows<'a>(
    document_id: i64,
    fact: Fact,
    items: &'a [Evidence],
    text: Option<&'a str>,
) -> impl Iterator<Item = NewEvidence<'a>> {
    items.iter().map(move |item| match item {
        Evidence::Span { start, end } => NewEvidence::new(
            document_id,
            fact,
            Place::Span {
                start: *start as i64,
                end: *end as i64,
            },
            text.and_then(|t| t.get(*start..*end)),
        ),
        Evidence::Cell { row, column } => NewEvidence::new(
            document_id,
            fact,
            Place::Cell {
                row: *row as i64,
                column,
            },
            None,
        ),
        Evidence::Key { key } => NewEvidence::new(document_id, fact, Place::Key(key), None),
    })
}

/// An edge's type, from and to.
type EdgeKey = (String, i64, i64);
/// An existing edge's id, or the index of a new one.
type EdgeRef = std::result::Result<i64, usize>;

/// Writes the batch's relations as edges: one per (type, from, to), an
/// existing edge gaining a title it lacked. Returns each relation's edge
/// (`None` for a relation type this version does not know).
fn write_edges(
    conn: &mut DbConnection,
    batch: &Batch,
    node: &impl Fn(&str) -> Result<i64>,
    summary: &mut ImportSummary,
) -> Result<Vec<Option<i64>>> {
    let mut wanted = Vec::with_capacity(batch.relations.len());
    for relation in &batch.relations {
        wanted.push(match RelationType::parse(&relation.kind) {
            Some(kind) => Some((
                kind.as_str(),
                node(&relation.from)?,
                node(&relation.to)?,
                relation.attributes.get("title").map(String::as_str),
            )),
            None => None,
        });
    }
    let mut from: Vec<i64> = wanted.iter().flatten().map(|w| w.1).collect();
    from.sort_unstable();
    from.dedup();
    // (kind, from, to) -> the edge, and whether it has a title. New edges
    // are known by their index in `new_edges` until ids are allocated.
    let mut known: HashMap<EdgeKey, (EdgeRef, bool)> = w::edges_from(conn, &from)?
        .into_iter()
        .map(|e| ((e.kind, e.from, e.to), (Ok(e.id), e.title.is_some())))
        .collect();
    let mut new_edges: Vec<NewEdge> = Vec::new();
    let mut pending: Vec<EdgeRef> = Vec::with_capacity(wanted.len());
    for &(kind, from, to, title) in wanted.iter().flatten() {
        let (edge, has_title) = known.entry((kind.to_owned(), from, to)).or_insert_with(|| {
            new_edges.push(NewEdge {
                id: 0,
                kind,
                from_id: from,
                to_id: to,
                title: None,
            });
            (Err(new_edges.len() - 1), false)
        });
        if let (false, Some(title)) = (*has_title, title) {
            match *edge {
                Ok(id) => w::set_edge_title(conn, id, title)?,
                Err(index) => new_edges[index].title = Some(title),
            }
            *has_title = true;
        }
        pending.push(*edge);
    }
    let ids = w::allocate_ids(conn, IdTable::Edges, new_edges.len())?;
    for (edge, id) in new_edges.iter_mut().zip(ids) {
        edge.id = id;
    }
    // An edge another writer stored first is the one the relation cites.
    let stored_first: HashMap<i64, i64> = w::insert_edges(conn, &new_edges)?.into_iter().collect();
    for edge in &mut new_edges {
        if let Some(&id) = stored_first.get(&edge.id) {
            edge.id = id;
            if let Some(title) = edge.title {
                w::set_edge_title(conn, id, title)?;
            }
        }
    }
    summary.facts += new_edges.len() - stored_first.len();

    let mut pending = pending.into_iter();
    Ok(wanted
        .iter()
        .map(|wanted| {
            wanted.map(|_| match pending.next().expect("one per known relation") {
                Ok(id) => id,
                Err(index) => new_edges[index].id,
            })
        })
        .collect())
}
