//! `plugins`, `extract` and `import`: the commands that run importers.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use pledgegraph_importer::abi::ABI_VERSION;
use pledgegraph_importer::Batch;

use super::{describe, file_name, input_data, RequestArgs};
use crate::ingest::import::import_reporting;
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
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let written = match batches {
        [one] => writeln!(out, "{}", serde_json::to_string_pretty(one)?),
        many => many.iter().try_for_each(|batch| {
            writeln!(
                out,
                "{}",
                serde_json::to_string(batch).map_err(std::io::Error::other)?
            )
        }),
    };
    match written {
        // "pledgegraph extract ... | head": the reader has what it wanted.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
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

/// Inputs this large in all get a progress bar, when stderr is a terminal.
const LONG_WORK_BYTES: u64 = 8 * 1024 * 1024;

/// A bar over the bytes of `files`, hidden unless the work is long and
/// someone is watching.
fn progress_bar(files: &[PathBuf]) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    if bytes < LONG_WORK_BYTES || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(bytes);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
    ) {
        bar.set_style(style);
    }
    bar
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
    let bar = progress_bar(&files);
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
            let request = request.request(file);
            let advance = |n: u64| bar.inc(n);
            Ok(store
                .run_blocking(|conn| import_reporting(conn, plugin, &request, &data, &advance))?)
        })();
        match outcome {
            Ok(summary) => {
                bar.suspend(|| println!("{}: {}", file.display(), describe(&summary)));
                total.nodes_created += summary.nodes_created;
                total.nodes_matched += summary.nodes_matched;
                total.facts += summary.facts;
                total.facts_matched += summary.facts_matched;
                total.evidence += summary.evidence;
            }
            Err(e) => {
                failures += 1;
                bar.suspend(|| eprintln!("{}: not imported: {e:#}", file.display()));
            }
        }
    }
    bar.finish_and_clear();
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
