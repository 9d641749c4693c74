//! The pledgegraph import batch, format 1 (`pledgegraph.batch/1`).
//!
//! This crate is the one both sides of the plugin boundary link: importers
//! build a [`Batch`], the server reads and validates it. The contract is
//! documented field by field in `shared/design/batch-v1.md`.

mod batch;
mod validate;

pub use batch::*;
pub use validate::{validate, ValidationError};
