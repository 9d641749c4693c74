//! The example graph: batches written for the project, loaded into a fresh
//! database. They are compiled in, so `pledgegraph demo` works anywhere.

use anyhow::Context as _;

use crate::store::{Backend, Store};

/// `(name, batch)` in load order: reference tables first, then releases.
pub const EXAMPLES: [(&str, &str); 5] = [
    ("cities.json", include_str!("../../demo/cities.json")),
    ("sectors.json", include_str!("../../demo/sectors.json")),
    (
        "release-fr-outsourcing.json",
        include_str!("../../demo/release-fr-outsourcing.json"),
    ),
    (
        "release-en-automotive.json",
        include_str!("../../demo/release-en-automotive.json"),
    ),
    (
        "statistics-employment.json",
        include_str!("../../demo/statistics-employment.json"),
    ),
];

/// Recreates `url` (when it is a SQLite file) and loads every example into it.
pub fn prepare(url: &str) -> anyhow::Result<Store> {
    if Backend::of_url(url) == Backend::Sqlite {
        let path = url.strip_prefix("sqlite://").unwrap_or(url);
        for suffix in ["", "-wal", "-shm"] {
            let file = format!("{path}{suffix}");
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e).with_context(|| format!("cannot replace {file}")),
            }
        }
    }
    let store = Store::open(url)?;
    for (name, batch) in EXAMPLES {
        let summary = super::load_bytes(&store, batch.as_bytes())
            .with_context(|| format!("example {name}"))?;
        tracing::info!("{name}: {}", super::describe(&summary));
    }
    Ok(store)
}
