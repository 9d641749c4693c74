//! The pledgegraph import batch, format 1 (`pledgegraph.batch/1`), and the
//! plugin ABI.
//!
//! This crate is the one both sides of the plugin boundary link: importers
//! build a [`Batch`] and export themselves with [`export_importer!`]; the
//! server loads them, checks the ABI, and validates what they return.
//! `README.md` beside this crate is the guide to writing an importer.

pub mod abi;
pub mod activity;
mod batch;
#[doc(hidden)]
pub mod export;
mod fold;
pub mod period;
mod plugin;
mod validate;
pub mod world;

pub use batch::*;
pub use fold::fold;
pub use plugin::*;
pub use validate::{validate, ValidationError};
