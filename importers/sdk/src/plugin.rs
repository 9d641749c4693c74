//! What an importer implements, in safe Rust.

use std::collections::BTreeMap;
use std::io::Read;

use serde::{Deserialize, Serialize};

use crate::Batch;

/// Describes an importer to the server and to users (`pledgegraph plugins`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImporterInfo {
    /// Short and unique: what `--importer NAME` names.
    pub name: String,
    pub version: String,
    pub description: String,
    /// File extensions it reads, without the dot.
    #[serde(default)]
    pub extensions: Vec<String>,
    #[serde(default)]
    pub media_types: Vec<String>,
    /// The `--option KEY=VALUE` options it understands.
    #[serde(default)]
    pub options: Vec<OptionInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptionInfo {
    pub name: String,
    pub description: String,
}

impl OptionInfo {
    pub fn new(name: &str, description: &str) -> OptionInfo {
        OptionInfo {
            name: name.to_owned(),
            description: description.to_owned(),
        }
    }
}

/// What the user says about an input, beside its bytes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportRequest {
    #[serde(default)]
    pub file_name: Option<String>,
    /// Where the input is on disk, when it is a file: importers whose
    /// inputs come with companion files look for them beside it.
    #[serde(default)]
    pub path: Option<String>,
    /// Publication date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`); wins over what the input says.
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    /// Importer-specific `KEY=VALUE` options.
    #[serde(default)]
    pub options: BTreeMap<String, String>,
}

/// One input: the request and a reader over its bytes.
pub struct Input<'a> {
    pub request: ImportRequest,
    reader: Box<dyn Read + 'a>,
}

impl<'a> Input<'a> {
    pub fn new(request: ImportRequest, reader: impl Read + 'a) -> Input<'a> {
        Input {
            request,
            reader: Box::new(reader),
        }
    }

    /// The bytes, as a stream: importers of long inputs read them piecewise.
    pub fn reader(&mut self) -> &mut (dyn Read + 'a) {
        &mut self.reader
    }

    /// All the bytes at once, for importers that need the whole input.
    pub fn bytes(&mut self) -> Result<Vec<u8>, ImportError> {
        let mut bytes = Vec::new();
        self.reader
            .read_to_end(&mut bytes)
            .map_err(|e| ImportError::new(format!("cannot read the input: {e}")))?;
        Ok(bytes)
    }

    /// An importer-specific option.
    pub fn option(&self, name: &str) -> Option<&str> {
        self.request.options.get(name).map(String::as_str)
    }
}

/// Why an importer refused an input: a message for the user that names the
/// file, line, row, column or field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ImportError {
    pub message: String,
}

impl ImportError {
    pub fn new(message: impl Into<String>) -> ImportError {
        ImportError {
            message: message.into(),
        }
    }
}

/// Where an importer's batches go. Long inputs are emitted as several
/// batches, each complete in itself (it declares the entities it names), so
/// that memory does not grow with the input; the host writes them all in
/// one transaction.
pub trait Sink {
    fn emit(&mut self, batch: Batch) -> Result<(), ImportError>;
}

impl<F: FnMut(Batch) -> Result<(), ImportError>> Sink for F {
    fn emit(&mut self, batch: Batch) -> Result<(), ImportError> {
        self(batch)
    }
}

/// An importer. `export_importer!(MyImporter)` turns an implementation into
/// a plugin library.
pub trait Importer: Default {
    fn info() -> ImporterInfo;

    /// Whether `head` (the first bytes of an input, up to 8 KiB) looks like
    /// something this importer reads, for inputs whose name says nothing.
    fn sniff(head: &[u8]) -> bool {
        let _ = head;
        false
    }

    /// Reads one input into one batch.
    fn import(&self, input: Input<'_>) -> Result<Batch, ImportError>;

    /// Reads one input into batches given to `sink`. The default calls
    /// [`Importer::import`]; importers of long inputs stream instead.
    fn import_into(&self, input: Input<'_>, sink: &mut dyn Sink) -> Result<(), ImportError> {
        sink.emit(self.import(input)?)
    }

    /// Every part [`Importer::import_into`] emits, joined into one batch
    /// ([`Batch::join`]): what `import` is for importers that stream.
    /// `None` when it emitted nothing.
    fn import_joined(&self, input: Input<'_>) -> Result<Option<Batch>, ImportError> {
        let mut parts = Vec::new();
        self.import_into(input, &mut |batch| {
            parts.push(batch);
            Ok(())
        })?;
        Ok(Batch::join(parts))
    }
}
