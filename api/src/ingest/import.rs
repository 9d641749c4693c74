//! An import through a plugin: identify the input, run the importer, and
//! write every batch it emits in one transaction.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use pledgegraph_importer::{validate, Batch, ImportRequest};
use sha2::{Digest, Sha256};

use super::plugins::Plugin;
use super::reports::ReportingDocument;
use super::write::{insert_document, write_facts, Source};
use super::ImportSummary;
use crate::error::{Error, Result};
use crate::store::reports as r;
use crate::store::write as w;
use crate::store::DbConnection;

/// Inputs up to this size are kept in memory as the text that evidence
/// spans point into; longer ones are streamed and their batches must carry
/// their own `document.text` for spans.
pub const TEXT_LIMIT: u64 = 16 * 1024 * 1024;

/// Where an input's bytes are.
pub enum InputData {
    File(PathBuf),
    Bytes(Vec<u8>),
}

impl InputData {
    fn open(&self) -> Result<Box<dyn Read + Send + '_>> {
        Ok(match self {
            InputData::File(path) => Box::new(BufReader::with_capacity(
                256 * 1024,
                File::open(path).map_err(|e| {
                    Error::InvalidInput(format!("cannot read {}: {e}", path.display()))
                })?,
            )),
            InputData::Bytes(bytes) => Box::new(&bytes[..]),
        })
    }

    fn len(&self) -> Result<u64> {
        Ok(match self {
            InputData::File(path) => std::fs::metadata(path)
                .map_err(|e| Error::InvalidInput(format!("cannot read {}: {e}", path.display())))?
                .len(),
            InputData::Bytes(bytes) => bytes.len() as u64,
        })
    }

    /// The first bytes, for sniffing.
    pub fn head(&self) -> Result<Vec<u8>> {
        let mut head = Vec::with_capacity(8192);
        self.open()?
            .take(8192)
            .read_to_end(&mut head)
            .map_err(|e| Error::InvalidInput(format!("cannot read the input: {e}")))?;
        Ok(head)
    }

    /// The sha256 that identifies the input, read in one streaming pass.
    fn sha256(&self) -> Result<String> {
        let mut hasher = Sha256::new();
        let mut reader = self.open()?;
        let mut buf = vec![0; 256 * 1024];
        loop {
            let n = reader
                .read(&mut buf)
                .map_err(|e| Error::InvalidInput(format!("cannot read the input: {e}")))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
        }
        Ok(hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect())
    }

    /// The input as text, when it is short enough and UTF-8.
    pub(super) fn text(&self) -> Result<Option<String>> {
        if self.len()? > TEXT_LIMIT {
            return Ok(None);
        }
        let mut bytes = Vec::new();
        self.open()?
            .read_to_end(&mut bytes)
            .map_err(|e| Error::InvalidInput(format!("cannot read the input: {e}")))?;
        Ok(String::from_utf8(bytes).ok())
    }
}

/// A reader that reports how many bytes went through it.
struct Counted<'a, R> {
    inner: R,
    progress: &'a (dyn Fn(u64) + Sync),
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        (self.progress)(n as u64);
        Ok(n)
    }
}

/// Runs `plugin` over `input` and writes what it finds, all or nothing.
pub fn import(
    conn: &mut DbConnection,
    plugin: &Plugin,
    request: &ImportRequest,
    input: &InputData,
) -> Result<ImportSummary> {
    import_reporting(conn, plugin, request, input, &|_| {})
}

/// [`import`], calling `progress` with the count of each read of the input
/// by the importer (for a progress bar).
pub fn import_reporting(
    conn: &mut DbConnection,
    plugin: &Plugin,
    request: &ImportRequest,
    input: &InputData,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<ImportSummary> {
    import_with(
        conn,
        plugin,
        request,
        input,
        progress,
        &AtomicBool::new(false),
    )
}

/// [`import`], stopped (its worker killed, nothing written) soon after
/// `cancelled` turns true: for callers that may give up, such as a request
/// past its deadline.
pub fn import_cancellable(
    conn: &mut DbConnection,
    plugin: &Plugin,
    request: &ImportRequest,
    input: &InputData,
    cancelled: &AtomicBool,
) -> Result<ImportSummary> {
    import_with(conn, plugin, request, input, &|_| {}, cancelled)
}

fn import_with(
    conn: &mut DbConnection,
    plugin: &Plugin,
    request: &ImportRequest,
    input: &InputData,
    progress: &(dyn Fn(u64) + Sync),
    cancelled: &AtomicBool,
) -> Result<ImportSummary> {
    let sha256 = input.sha256()?;
    if let Some(document_id) = w::find_document(conn, &sha256)? {
        return Ok(ImportSummary {
            document_id,
            already_imported: true,
            ..ImportSummary::default()
        });
    }
    let raw_text = input.text()?;
    w::write_transaction(conn, |conn| {
        // Another import of the same input may have committed since the
        // check above; under the write lock, this answer is final.
        if let Some(document_id) = w::find_document(conn, &sha256)? {
            return Ok(ImportSummary {
                document_id,
                already_imported: true,
                ..ImportSummary::default()
            });
        }
        let mut summary = ImportSummary::default();
        let mut document_id = None;
        let mut batches = 0;
        let previous = Default::default();
        let request_json =
            serde_json::to_string(&stored_request(request)).expect("a request always serialises");
        let mut take = |batch: Batch| -> Result<()> {
            let text = batch.document.text.as_deref().or(raw_text.as_deref());
            summary
                .warnings
                .extend(validate(&batch, text.map(str::as_bytes))?);
            summary.warnings.extend(batch.warnings.iter().cloned());
            let id = match document_id {
                Some(id) => id,
                None => {
                    let source = Source {
                        sha256: sha256.clone(),
                        text,
                        importer: &plugin.info.name,
                        request: Some(&request_json),
                    };
                    let id = insert_document(conn, &batch, &source)?;
                    r::store_content(conn, &sha256, &mut input.open()?)?;
                    document_id = Some(id);
                    id
                }
            };
            let document = ReportingDocument::of(id, &batch, batches, &previous);
            batches += 1;
            write_facts(conn, &document, &batch, text, &mut summary)
        };
        let mut reader = Counted {
            inner: input.open()?,
            progress,
        };
        plugin.import(request, &mut reader, &mut take, cancelled)?;
        summary.document_id = document_id.ok_or_else(|| {
            Error::ImportFailed(format!("{} returned no batch", plugin.info.name))
        })?;
        if !summary.warnings.is_empty() {
            w::set_document_warnings(conn, summary.document_id, &summary.warnings)?;
        }
        Ok(summary)
    })
}

/// What of a request is kept with its document, to read it again: the
/// path is not (the file may be gone), nor the directories options may name.
pub fn stored_request(request: &ImportRequest) -> ImportRequest {
    ImportRequest {
        path: None,
        option_dirs: Vec::new(),
        ..request.clone()
    }
}

/// Runs `plugin` over `input` and returns its batches, touching no database.
pub fn extract(plugin: &Plugin, request: &ImportRequest, input: &InputData) -> Result<Vec<Batch>> {
    let mut batches = Vec::new();
    let mut reader = input.open()?;
    let never = AtomicBool::new(false);
    plugin.import(
        request,
        &mut reader,
        &mut |batch| {
            batches.push(batch);
            Ok(())
        },
        &never,
    )?;
    Ok(batches)
}
