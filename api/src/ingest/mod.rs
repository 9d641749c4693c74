//! From a batch to the graph: validate, resolve each entity to an existing
//! node or a new one, and write everything in one transaction.

pub mod import;
mod library;
pub mod plugins;
pub mod reextract;
pub mod reports;
mod resolve;
pub mod worker;
mod write;

use serde::Serialize;
use sha2::{Digest, Sha256};

pub use write::{write_batch, Source};

/// What one import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// The document row; the existing one when the input was imported before.
    pub document_id: i64,
    /// True when the same input had been imported before: nothing was written.
    pub already_imported: bool,
    pub nodes_created: usize,
    pub nodes_matched: usize,
    /// New edges, agreements, commitments and observations written; an edge
    /// seen before only gains evidence.
    pub facts: usize,
    /// Agreements and commitments that other documents reported already:
    /// this one adds its claims to them (see `consolidate::matching`).
    pub facts_matched: usize,
    pub evidence: usize,
    pub warnings: Vec<String>,
}

/// The hex sha256 that identifies an input.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
