//! Re-extraction: the current importer run again over a stored document's
//! original bytes, its claims replaced in one transaction and the facts
//! they touch consolidated again. A run that finds the same claims is
//! rolled back, so running it twice changes nothing.

use std::collections::{BTreeSet, HashMap};
use std::io::Write as _;

use pledgegraph_importer::{validate, ImportRequest};
use serde::Serialize;

use super::import::{extract, InputData};
use super::plugins::Registry;
use super::reports::{consolidate, ReportingDocument};
use super::write::write_facts;
use super::ImportSummary;
use crate::error::{Error, Result};
use crate::store::reports::{self as r, StoredDocument, Subject};
use crate::store::write as w;
use crate::store::Store;

/// What re-extraction did to one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Outcome {
    /// The importer finds what it found before: nothing was written.
    Unchanged,
    /// Agreements and commitments the document now reports, no longer
    /// reports, or reports with other values.
    Changed {
        added: usize,
        removed: usize,
        changed: usize,
    },
    /// Not extracted again, and why.
    Skipped { reason: String },
}

#[derive(Debug, Clone, Serialize)]
pub struct Reextracted {
    pub document_id: i64,
    pub importer: String,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// Runs the current plugins over the stored documents (all, one importer's
/// or one) and replaces what changed, one document per transaction.
pub fn reextract(
    store: &Store,
    registry: &Registry,
    importer: Option<&str>,
    document: Option<i64>,
    mut report: impl FnMut(&Reextracted),
) -> Result<Vec<Reextracted>> {
    let documents = store.run_blocking(|conn| r::stored_documents(conn, importer, document))?;
    if let (Some(id), true) = (document, documents.is_empty()) {
        return Err(Error::NotFound(format!("document {id}")));
    }
    let mut done = Vec::new();
    for stored in documents {
        let outcome = match reextract_one(store, registry, &stored) {
            Ok(outcome) => outcome,
            Err(e @ (Error::Database(_) | Error::Busy(_) | Error::Internal(_))) => return Err(e),
            Err(e) => Outcome::Skipped {
                reason: e.to_string(),
            },
        };
        let result = Reextracted {
            document_id: stored.id,
            importer: stored.importer.clone(),
            outcome,
        };
        report(&result);
        done.push(result);
    }
    Ok(done)
}

fn reextract_one(store: &Store, registry: &Registry, stored: &StoredDocument) -> Result<Outcome> {
    let skip = |reason: &str| {
        Ok(Outcome::Skipped {
            reason: reason.to_owned(),
        })
    };
    if stored.importer == "batch" {
        return skip("a ready-made batch: there is no importer to run again");
    }
    let Ok(plugin) = registry.find(&stored.importer) else {
        return skip(&format!(
            "no importer named {:?} is installed",
            stored.importer
        ));
    };
    let Some(request) = &stored.request else {
        return skip("imported before schema version 5: its original bytes were not kept");
    };
    let request: ImportRequest = serde_json::from_str(request)
        .map_err(|e| Error::Internal(format!("document {}: stored request: {e}", stored.id)))?;
    let mut file = tempfile::NamedTempFile::new()
        .map_err(|e| Error::Internal(format!("cannot make a temporary file: {e}")))?;
    let sha256 = stored.sha256.clone();
    let kept = store.run_blocking(|conn| r::copy_content(conn, &sha256, file.as_file_mut()))?;
    if !kept {
        return skip("its original bytes were not kept");
    }
    file.flush()
        .map_err(|e| Error::Internal(format!("cannot write a temporary file: {e}")))?;
    let input = InputData::File(file.path().to_path_buf());
    let raw = input.text()?;
    let batches = extract(plugin, &request, &input)?;
    let id = stored.id;
    store.run_blocking(move |conn| {
        w::write_transaction_keeping(conn, |conn| {
            let before = r::claims_of_document(conn, id)?;
            let previous = r::reports_of_document(conn, id)?;
            let mut subjects: BTreeSet<Subject> = before.values().map(|(s, _)| *s).collect();
            let edges = r::forget_document_facts(conn, id)?;
            let mut summary = ImportSummary::default();
            for (index, batch) in batches.iter().enumerate() {
                let text = batch.document.text.as_deref().or(raw.as_deref());
                summary
                    .warnings
                    .extend(validate(batch, text.map(str::as_bytes))?);
                summary.warnings.extend(batch.warnings.iter().cloned());
                if index == 0 {
                    r::update_document(conn, id, &batch.document)?;
                }
                let document = ReportingDocument::of(id, batch, index, &previous);
                write_facts(conn, &document, batch, text, &mut summary)?;
            }
            w::set_document_warnings(conn, id, &summary.warnings)?;
            r::drop_uncited_edges(conn, &edges)?;
            let after = r::claims_of_document(conn, id)?;
            subjects.extend(after.values().map(|(s, _)| *s));
            for subject in subjects {
                consolidate(conn, subject)?;
            }
            let outcome = compare(&before, &after);
            let keep = outcome != Outcome::Unchanged;
            Ok((outcome, keep))
        })
    })
}

/// What changed between two extractions, report by report.
fn compare(before: &r::DocumentClaims, after: &r::DocumentClaims) -> Outcome {
    let added = after.keys().filter(|k| !before.contains_key(*k)).count();
    let removed = before.keys().filter(|k| !after.contains_key(*k)).count();
    let changed = after
        .iter()
        .filter(|(k, (_, claims))| before.get(*k).is_some_and(|(_, old)| old != claims))
        .count();
    if added + removed + changed == 0 {
        Outcome::Unchanged
    } else {
        Outcome::Changed {
            added,
            removed,
            changed,
        }
    }
}

/// Counts of a run, for the closing line.
pub fn tally(done: &[Reextracted]) -> HashMap<&'static str, usize> {
    let mut tally = HashMap::new();
    for d in done {
        let key = match d.outcome {
            Outcome::Unchanged => "unchanged",
            Outcome::Changed { .. } => "changed",
            Outcome::Skipped { .. } => "skipped",
        };
        *tally.entry(key).or_insert(0) += 1;
    }
    tally
}
