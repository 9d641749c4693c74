//! The plugin host: finds importer libraries and calls them, always
//! through a worker process ([`super::worker`]): the server never runs
//! importer code itself.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use pledgegraph_importer::{Batch, ImportRequest, ImporterInfo};

use super::worker::{Failure, Isolation};
use crate::error::Error;

/// A loaded importer.
pub struct Plugin {
    pub info: ImporterInfo,
    pub path: PathBuf,
    isolation: Arc<Isolation>,
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

impl Registry {
    /// Describes every plugin library in `dirs`, each in a worker. Nothing
    /// here panics or fails: what cannot be used is listed in `rejected`
    /// with the reason.
    pub fn discover_with(dirs: &[PathBuf], isolation: Isolation) -> Registry {
        let isolation = Arc::new(isolation);
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
                match load(&path, &isolation) {
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

fn load(path: &Path, isolation: &Arc<Isolation>) -> Result<Plugin, String> {
    let info = isolation.describe(path).map_err(|failure| match failure {
        Failure::Refused(reason) => reason,
        other => format!("describing it failed: {}", describe(&other)),
    })?;
    let info: ImporterInfo =
        serde_json::from_slice(&info).map_err(|e| format!("its info is not valid: {e}"))?;
    Ok(Plugin {
        info,
        path: path.to_path_buf(),
        isolation: isolation.clone(),
    })
}

fn describe(failure: &Failure) -> String {
    match failure {
        Failure::Refused(m) | Failure::Failed(m) => m.clone(),
        Failure::Panicked(m) => format!("panicked: {m}"),
        Failure::Crashed(why) => why.clone(),
        Failure::Host(e) => e.to_string(),
    }
}

impl Plugin {
    /// Whether the importer recognises `head`; a worker that fails to say
    /// counts as no.
    pub fn sniff(&self, head: &[u8]) -> bool {
        match self.isolation.sniff(&self.path, head) {
            Ok(answer) => answer,
            Err(failure) => {
                tracing::warn!(importer = %self.info.name, "sniffing failed: {}", describe(&failure));
                false
            }
        }
    }

    /// Runs the importer over `reader` in a worker; every batch it emits
    /// goes to `take`. Synchronous: async callers run it on a blocking
    /// thread. Returns how many batches were taken. File-valued options may
    /// name only the operator's directories, whatever the request says.
    /// Setting `cancelled` stops the worker.
    pub fn import(
        &self,
        request: &ImportRequest,
        reader: &mut (dyn Read + Send),
        take: &mut dyn FnMut(Batch) -> Result<(), Error>,
        cancelled: &AtomicBool,
    ) -> Result<usize, Error> {
        let mut request = request.clone();
        request.option_dirs = self.isolation.option_dirs.clone();
        let request = serde_json::to_vec(&request).map_err(|e| Error::Internal(e.to_string()))?;
        let mut take_json = |bytes: Vec<u8>| {
            let batch: Batch = serde_json::from_slice(&bytes).map_err(|e| {
                Error::ImportFailed(format!(
                    "importer {} returned a batch that is not batch-v1: {e}",
                    self.info.name
                ))
            })?;
            take(batch)
        };
        let name = &self.info.name;
        self.isolation
            .import(&self.path, &request, reader, &mut take_json, cancelled)
            .map_err(|failure| match failure {
                Failure::Host(error) => error,
                Failure::Failed(message) => Error::ImportFailed(format!("{name}: {message}")),
                Failure::Panicked(message) => {
                    Error::ImportFailed(format!("importer {name} panicked: {message}"))
                }
                Failure::Refused(why) | Failure::Crashed(why) => {
                    Error::ImportFailed(format!("importer {name} {why}"))
                }
            })
    }
}
