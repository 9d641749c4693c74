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
    /// The directories a file-valued option may name, set by the operator
    /// (`--option-dirs`): an option naming a file anywhere else is refused.
    /// Empty: file-valued options are refused.
    #[serde(default)]
    pub option_dirs: Vec<String>,
}

impl ImportRequest {
    /// The contents of the file that option `name` names, read only when
    /// the file lies inside one of [`ImportRequest::option_dirs`] and is at
    /// most `max_bytes` long. Errors name the option and the path as given,
    /// never the file's contents.
    pub fn option_file(&self, name: &str, max_bytes: u64) -> Result<Option<Vec<u8>>, ImportError> {
        let Some(given) = self.options.get(name) else {
            return Ok(None);
        };
        let refuse = |why: &str| ImportError::new(format!("option {name}={given:?}: {why}"));
        if self.option_dirs.is_empty() {
            return Err(refuse(
                "file options are disabled here; the operator allows directories with --option-dirs",
            ));
        }
        let path = std::fs::canonicalize(given).map_err(|_| refuse("no such file"))?;
        let allowed = self
            .option_dirs
            .iter()
            .filter_map(|dir| std::fs::canonicalize(dir).ok())
            .any(|dir| path.starts_with(dir));
        if !allowed {
            return Err(refuse(&format!(
                "not inside an allowed directory ({})",
                self.option_dirs.join(", ")
            )));
        }
        let file = std::fs::File::open(&path).map_err(|_| refuse("cannot be opened"))?;
        let metadata = file.metadata().map_err(|_| refuse("cannot be read"))?;
        if !metadata.is_file() {
            return Err(refuse("not a regular file"));
        }
        let mut bytes = Vec::new();
        file.take(max_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|_| refuse("cannot be read"))?;
        if bytes.len() as u64 > max_bytes {
            return Err(refuse(&format!("longer than {max_bytes} bytes")));
        }
        Ok(Some(bytes))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn request(dirs: &[&std::path::Path], file: &std::path::Path) -> ImportRequest {
        ImportRequest {
            options: [("mapping".to_owned(), file.display().to_string())].into(),
            option_dirs: dirs.iter().map(|d| d.display().to_string()).collect(),
            ..ImportRequest::default()
        }
    }

    #[test]
    fn option_files_come_only_from_allowed_directories() {
        let root = std::env::temp_dir().join(format!("pledgegraph-option-{}", std::process::id()));
        let allowed = root.join("allowed");
        std::fs::create_dir_all(&allowed).unwrap();
        let inside = allowed.join("mapping.toml");
        std::fs::write(&inside, "secret first line\n").unwrap();
        let outside = root.join("outside.toml");
        std::fs::write(&outside, "secret first line\n").unwrap();

        let read = request(&[&allowed], &inside).option_file("mapping", 1024);
        assert_eq!(read.unwrap().unwrap(), b"secret first line\n");

        for (req, why) in [
            (
                request(&[&allowed], &outside),
                "not inside an allowed directory",
            ),
            (
                request(&[&allowed], &allowed.join("../outside.toml")),
                "not inside",
            ),
            (request(&[], &inside), "file options are disabled"),
            (
                request(&[&allowed], &allowed.join("missing")),
                "no such file",
            ),
        ] {
            let message = req.option_file("mapping", 1024).unwrap_err().message;
            assert!(message.contains(why), "{message}");
            assert!(!message.contains("secret"), "{message}");
        }
        let long = request(&[&allowed], &inside).option_file("mapping", 4);
        assert!(long.unwrap_err().message.contains("longer than 4 bytes"));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
