//! `plugins`, `extract` and `import`: the commands that run importers.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use pledgegraph_importer::abi::ABI_VERSION;
use pledgegraph_importer::Batch;

use super::{describe, file_name, input_data, RequestArgs};
use crate::ingest::import::import;
use crate::ingest::plugins::Registry;
use crate::ingest::ImportSummary;
use crate::store::Store;

pub fn list(registry: &Registry) {
    if registry.plugins.is_empty() {
        println!("no importer found");
    }
    for plugin in &registry.plugins {
        let info = &plugin.info;
        println!(
            "{} {} (ABI {ABI_VERSION})  {}",
            info.name,
            info.version,
            plugin.path.display()
        );
        println!("    {}", info.description);
        if !info.extensions.is_empty() || !info.media_types.is_empty() {
            let formats: Vec<String> = info
                .extensions
                .iter()
                .map(|e| format!(".{e}"))
                .chain(info.media_types.iter().cloned())
                .collect();
            println!("    reads: {}", formats.join(", "));
        }
        for option in &info.options {
            println!("    --option {}=…  {}", option.name, option.description);
        }
    }
    for rejected in &registry.rejected {
        println!(
            "not usable: {}: {}",
            rejected.path.display(),
            rejected.reason
        );
    }
}

/// One batch pretty-printed; several (a long input streamed in parts) as
/// JSON Lines, one batch a line.
pub fn print_batches(batches: &[Batch]) -> anyhow::Result<()> {
    match batches {
        [one] => println!("{}", serde_json::to_string_pretty(one)?),
        many => {
            for batch in many {
                println!("{}", serde_json::to_string(batch)?);
            }
        }
    }
    Ok(())
}

/// Every file named or found under a named directory, in name order.
fn walk(path: &Path, found: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("cannot list {}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        entries.sort();
        for entry in entries {
            walk(&entry, found)?;
        }
    } else {
        found.push(path.to_path_buf());
    }
    Ok(())
}

pub fn import_all(
    store: &Store,
    registry: &Registry,
    importer: Option<&str>,
    request: &RequestArgs,
    inputs: &[PathBuf],
) -> anyhow::Result<()> {
    let mut files = Vec::new();
    for input in inputs {
        walk(input, &mut files)?;
    }
    let mut total = ImportSummary::default();
    let mut failures = 0;
    for file in &files {
        let outcome = (|| -> anyhow::Result<ImportSummary> {
            let data = input_data(file)?;
            let name = file_name(file);
            let plugin = match importer {
                Some(name) => registry.find(name)?,
                None => registry.choose(name.as_deref(), &data.head()?)?,
            };
            Ok(store
                .run_blocking(|conn| import(conn, plugin, &request.request(name.clone()), &data))?)
        })();
        match outcome {
            Ok(summary) => {
                println!("{}: {}", file.display(), describe(&summary));
                total.nodes_created += summary.nodes_created;
                total.nodes_matched += summary.nodes_matched;
                total.facts += summary.facts;
                total.evidence += summary.evidence;
            }
            Err(e) => {
                failures += 1;
                eprintln!("{}: not imported: {e:#}", file.display());
            }
        }
    }
    if files.len() > 1 {
        println!(
            "total: {} files, {} imported, {failures} failed; {}",
            files.len(),
            files.len() - failures,
            describe(&total)
        );
    }
    anyhow::ensure!(
        failures == 0,
        "{failures} of {} inputs were not imported",
        files.len()
    );
    Ok(())
}
