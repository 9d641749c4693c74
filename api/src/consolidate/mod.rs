//! Many documents, one set of facts. Every document's agreements and
//! commitments are kept as reports with their claims (the statement model:
//! one row per fact, property, value and source); this module decides which
//! reports tell of the same event ([`matching`]), which value each
//! consolidated fact takes ([`choose`], [`facts`]) and how far a promise
//! has come ([`Stage`]). Plain functions over plain values: the write path
//! (`ingest`) feeds them rows and `store` keeps what they decide.

pub mod choose;
pub mod facts;
pub mod matching;
mod stage;

pub use choose::Source;
pub use facts::{assemble_agreement, assemble_commitment, conflicts, ReportView};
pub use matching::{same_event, EventView, MatchRules};
pub use stage::Stage;

#[cfg(test)]
mod tests;
