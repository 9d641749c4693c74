//! The plugin host: finds importer libraries, checks their ABI, and calls
//! them. Libraries are loaded once and never unloaded: thread-local
//! destructors of an unloaded library would crash the process.

use std::ffi::c_void;
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use pledgegraph_importer::abi::{
    PluginDeclaration, RawResult, Status, ABI_VERSION, DECLARATION_SYMBOL,
};
use pledgegraph_importer::{Batch, ImportRequest, ImporterInfo};

use crate::error::Error;

/// A loaded importer.
pub struct Plugin {
    pub info: ImporterInfo,
    pub path: PathBuf,
    declaration: &'static PluginDeclaration,
}

/// A library that was found but cannot be used, and why.
#[derive(Debug, Clone)]
pub struct Rejected {
    pub path: PathBuf,
    pub reason: String,
}

/// Every importer found, and every library that could not be used.
#[derive(Default)]
pub struct Registry {
    pub plugins: Vec<Plugin>,
    pub rejected: Vec<Rejected>,
}

/// Where plugins are looked for: the given directories (from `--plugins` or
/// `PLEDGEGRAPH_PLUGINS`, `:`-separated), then the running executable's.
pub fn search_path(given: Option<&str>) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = given
        .into_iter()
        .flat_map(std::env::split_paths)
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
    {
        dirs.push(dir);
    }
    dirs
}

fn is_library(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    name.starts_with(std::env::consts::DLL_PREFIX)
        && path.extension().and_then(|e| e.to_str()) == Some(std::env::consts::DLL_EXTENSION)
}

/// Copies a plugin's buffer and gives it back to the plugin to free.
///
/// # Safety
/// `result` must come from a call into `declaration`'s library.
unsafe fn take_result(declaration: &PluginDeclaration, result: RawResult) -> (Status, Vec<u8>) {
    let bytes = result.data.as_slice().to_vec();
    (declaration.free_buffer)(result.data);
    (result.status, bytes)
}

impl Registry {
    /// Loads every plugin library in `dirs`. Nothing here panics or fails:
    /// what cannot be used is listed in `rejected` with the reason.
    pub fn discover(dirs: &[PathBuf]) -> Registry {
        let mut registry = Registry::default();
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            let mut paths: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_library(p))
                .collect();
            paths.sort();
            for path in paths {
                match load(&path) {
                    Ok(plugin) => {
                        if let Some(first) = registry
                            .plugins
                            .iter()
                            .find(|p| p.info.name == plugin.info.name)
                        {
                            registry.rejected.push(Rejected {
                                reason: format!(
                                    "importer {:?} is already loaded from {}",
                                    plugin.info.name,
                                    first.path.display()
                                ),
                                path,
                            });
                        } else {
                            registry.plugins.push(plugin);
                        }
                    }
                    Err(reason) => registry.rejected.push(Rejected { path, reason }),
                }
            }
        }
        registry
    }

    pub fn find(&self, name: &str) -> Result<&Plugin, Error> {
        self.plugins
            .iter()
            .find(|p| p.info.name == name)
            .ok_or_else(|| {
                let known: Vec<&str> = self.plugins.iter().map(|p| p.info.name.as_str()).collect();
                Error::InvalidInput(format!(
                    "no importer named {name:?}; found: {}",
                    if known.is_empty() {
                        "none (see `pledgegraph plugins`)".to_owned()
                    } else {
                        known.join(", ")
                    }
                ))
            })
    }

    /// The importer for an input: by its file extension, else the first
    /// whose `sniff` recognises its first bytes.
    pub fn choose(&self, file_name: Option<&str>, head: &[u8]) -> Result<&Plugin, Error> {
        let extension = file_name
            .and_then(|n| Path::new(n).extension())
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if let Some(extension) = &extension {
            let claiming: Vec<&Plugin> = self
                .plugins
                .iter()
                .filter(|p| {
                    p.info
                        .extensions
                        .iter()
                        .any(|e| e.eq_ignore_ascii_case(extension))
                })
                .collect();
            // Several importers read `.csv` or `.json`: the content decides.
            if let Some(plugin) = claiming.iter().find(|p| p.sniff(head)).or(claiming.first()) {
                return Ok(plugin);
            }
        }
        self.plugins.iter().find(|p| p.sniff(head)).ok_or_else(|| {
            Error::InvalidInput(format!(
                "no importer recognises {}: name one with --importer",
                file_name.unwrap_or("the input")
            ))
        })
    }
}

fn load(path: &Path) -> Result<Plugin, String> {
    // SAFETY: loading runs the library's initialisers; these are libraries
    // the user put on the plugin path.
    let library = unsafe { libloading::Library::new(path) }
        .map_err(|e| format!("not a loadable library: {e}"))?;
    // SAFETY: the symbol, when present, is a `PluginDeclaration`; only its
    // first field (a u32 in every version) is read before the version check.
    let declaration: &'static PluginDeclaration = unsafe {
        let symbol = library
            .get::<*const PluginDeclaration>(DECLARATION_SYMBOL)
            .map_err(|_| {
                "not a pledgegraph importer (no pledgegraph_importer_declaration symbol)".to_owned()
            })?;
        let pointer: *const PluginDeclaration = *symbol;
        let version = std::ptr::read(pointer as *const u32);
        if version != ABI_VERSION {
            std::mem::forget(library);
            return Err(format!(
                "wrong ABI version: the library has {version}, this server needs {ABI_VERSION}"
            ));
        }
        &*pointer
    };
    // Never unloaded, so the declaration lives for the rest of the process.
    std::mem::forget(library);
    // SAFETY: the version matched, so the declaration has this layout.
    let (status, bytes) = unsafe { take_result(declaration, (declaration.info)()) };
    let text = String::from_utf8_lossy(&bytes);
    if status != Status::Ok {
        return Err(format!("its info function failed: {text}"));
    }
    let info: ImporterInfo =
        serde_json::from_slice(&bytes).map_err(|e| format!("its info is not valid: {e}"))?;
    Ok(Plugin {
        info,
        path: path.to_path_buf(),
        declaration,
    })
}

/// What the host hands the plugin to read the input with.
struct Source<'a> {
    reader: &'a mut dyn Read,
}

unsafe extern "C" fn read_input(source: *mut c_void, buf: *mut u8, len: usize) -> isize {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: `source` is the `Source` of the running `import` call and
        // `buf` has room for `len` bytes.
        let source = unsafe { &mut *(source as *mut Source) };
        let buf = unsafe { std::slice::from_raw_parts_mut(buf, len) };
        loop {
            match source.reader.read(buf) {
                Ok(n) => return n as isize,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => return -1,
            }
        }
    }));
    outcome.unwrap_or(-1)
}

/// Where the plugin's batches go, and the host's own error if taking one failed.
struct Sink<'a> {
    take: &'a mut dyn FnMut(Batch) -> Result<(), Error>,
    error: Option<Error>,
    batches: usize,
}

unsafe extern "C" fn emit_batch(sink: *mut c_void, batch: *const u8, len: usize) -> i32 {
    // SAFETY: `sink` is the `Sink` of the running `import` call; `batch`
    // points to `len` bytes the plugin keeps alive for this call.
    let sink = unsafe { &mut *(sink as *mut Sink) };
    let bytes = unsafe { std::slice::from_raw_parts(batch, len) };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let batch: Batch = serde_json::from_slice(bytes).map_err(|e| {
            Error::InvalidInput(format!(
                "the importer returned a batch that is not batch-v1: {e}"
            ))
        })?;
        (sink.take)(batch)
    }));
    sink.batches += 1;
    match outcome {
        Ok(Ok(())) => 0,
        Ok(Err(e)) => {
            sink.error = Some(e);
            1
        }
        Err(_) => {
            sink.error = Some(Error::Internal(
                "the server panicked while writing a batch".into(),
            ));
            1
        }
    }
}

impl Plugin {
    pub fn sniff(&self, head: &[u8]) -> bool {
        // SAFETY: `head` is a live slice for the call.
        unsafe { (self.declaration.sniff)(head.as_ptr(), head.len()) == 1 }
    }

    /// Runs the importer over `reader`; every batch it emits goes to
    /// `take`. Synchronous: async callers run it on a blocking thread.
    /// Returns how many batches were taken.
    pub fn import(
        &self,
        request: &ImportRequest,
        reader: &mut dyn Read,
        take: &mut dyn FnMut(Batch) -> Result<(), Error>,
    ) -> Result<usize, Error> {
        let request = serde_json::to_vec(request).map_err(|e| Error::Internal(e.to_string()))?;
        let mut source = Source { reader };
        let mut sink = Sink {
            take,
            error: None,
            batches: 0,
        };
        // SAFETY: every pointer handed over outlives the call.
        let (status, message) = unsafe {
            let result = (self.declaration.import)(
                request.as_ptr(),
                request.len(),
                &mut source as *mut Source as *mut c_void,
                read_input,
                &mut sink as *mut Sink as *mut c_void,
                emit_batch,
            );
            take_result(self.declaration, result)
        };
        // The host's own failure explains a stopped import best.
        if let Some(error) = sink.error {
            return Err(error);
        }
        let message = String::from_utf8_lossy(&message).into_owned();
        match status {
            Status::Ok => Ok(sink.batches),
            Status::Failed => Err(Error::ImportFailed(format!(
                "{}: {message}",
                self.info.name
            ))),
            Status::Panicked => Err(Error::ImportFailed(format!(
                "importer {} panicked: {message}",
                self.info.name
            ))),
        }
    }
}
