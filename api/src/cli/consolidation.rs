//! `reextract` and `matching`: the commands over documents already stored.

use crate::graphql::ids;
use crate::ingest::plugins::Registry;
use crate::ingest::reextract::{reextract, tally, Outcome};
use crate::store::reports as r;
use crate::store::Store;

/// A document named on the command line: its number or its GraphQL ID.
fn document_id(text: &str) -> anyhow::Result<i64> {
    if let Ok(id) = text.parse() {
        return Ok(id);
    }
    Ok(ids::decode_as(&text.into(), &["Document"])?)
}

pub fn reextract_all(
    store: &Store,
    registry: &Registry,
    importer: Option<&str>,
    document: Option<&str>,
) -> anyhow::Result<()> {
    let document = document.map(document_id).transpose()?;
    let done = reextract(store, registry, importer, document, |d| {
        let what = match &d.outcome {
            Outcome::Unchanged => "unchanged".to_owned(),
            Outcome::Changed {
                added,
                removed,
                changed,
            } => format!("{added} facts added, {removed} removed, {changed} changed"),
            Outcome::Skipped { reason } => format!("skipped: {reason}"),
        };
        println!("document {} ({}): {what}", d.document_id, d.importer);
    })?;
    let tally = tally(&done);
    let count = |k| tally.get(k).copied().unwrap_or(0);
    println!(
        "{} documents: {} changed, {} unchanged, {} skipped",
        done.len(),
        count("changed"),
        count("unchanged"),
        count("skipped")
    );
    Ok(())
}

/// What `matching` was asked to change.
pub struct RuleChange {
    pub window_days: Option<i64>,
    pub min_shared: Option<usize>,
    pub min_shared_undated: Option<usize>,
    pub enabled: Option<bool>,
}

pub fn matching(store: &Store, change: &RuleChange) -> anyhow::Result<()> {
    anyhow::ensure!(
        change.window_days.is_none_or(|d| d >= 0),
        "--window-days must be 0 or more"
    );
    anyhow::ensure!(
        change.min_shared.is_none_or(|n| n >= 1)
            && change.min_shared_undated.is_none_or(|n| n >= 1),
        "--min-shared and --min-shared-undated must be 1 or more"
    );
    let rules = store.run_blocking(|conn| {
        crate::store::write::write_transaction(conn, |conn| {
            let mut rules = r::match_rules(conn)?;
            rules.window_days = change.window_days.unwrap_or(rules.window_days);
            rules.min_shared = change.min_shared.unwrap_or(rules.min_shared);
            rules.min_shared_undated = change
                .min_shared_undated
                .unwrap_or(rules.min_shared_undated);
            rules.enabled = change.enabled.unwrap_or(rules.enabled);
            r::set_match_rules(conn, &rules)?;
            Ok(rules)
        })
    })?;
    let companies = |n: usize| format!("{n} compan{}", if n == 1 { "y" } else { "ies" });
    println!(
        "matching {}: dates at most {} days apart, {} in common ({} when a report has no date)",
        if rules.enabled { "on" } else { "off" },
        rules.window_days,
        companies(rules.min_shared),
        rules.min_shared_undated
    );
    Ok(())
}
