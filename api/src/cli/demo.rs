//! The example graph: tables, press releases and batches written for the
//! project, imported into a fresh database. They are compiled in, so `pledgegraph demo` works
//! from any directory.

use anyhow::Context as _;
use pledgegraph_importer::ImportRequest;

use crate::ingest::import::{import, InputData};
use crate::ingest::plugins::Registry;
use crate::store::{Backend, Store, StoreOptions};

/// Reference tables, read by the CSV importer plugin: `(file name, bytes)`.
pub const TABLES: [(&str, &str); 2] = [
    ("cities.csv", include_str!("../../demo/cities.csv")),
    ("sectors.csv", include_str!("../../demo/sectors.csv")),
];

/// Press releases and statistics as ready-made batches, loaded with the
/// store API until their importers read the sources themselves.
pub const BATCHES: [(&str, &str); 3] = [
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

/// A table of signed investment conventions, read by the CSV importer.
pub const PROJECTS: (&str, &str) = ("projects.csv", include_str!("../../demo/projects.csv"));

/// Press releases written for the project, read by the press-release importer.
pub const RELEASES: [(&str, &str); 3] = [
    (
        "fr-aeronautique-nouaceur.txt",
        include_str!("../../demo/releases/fr-aeronautique-nouaceur.txt"),
    ),
    (
        "en-renewables-dakhla.txt",
        include_str!("../../demo/releases/en-renewables-dakhla.txt"),
    ),
    (
        "fr-textile-tanger.html",
        include_str!("../../demo/releases/fr-textile-tanger.html"),
    ),
];

/// Official statistics written for the project (SDMX-CSV), read by the
/// official-statistics importer: employment and exports by activity.
pub const STATISTICS: [(&str, &str); 1] = [(
    "ma-sector-employment-exports.csv",
    include_str!("../../demo/statistics/ma-sector-employment-exports.csv"),
)];

/// Imports a table through the importer the registry picks for it.
pub fn import_table(
    store: &Store,
    registry: &Registry,
    example: (&str, &str),
) -> anyhow::Result<()> {
    import_example(store, registry, "csv", example)
}

/// Imports an example file through the importer `importer`.
fn import_example(
    store: &Store,
    registry: &Registry,
    importer: &str,
    (name, text): (&str, &str),
) -> anyhow::Result<()> {
    let input = InputData::Bytes(text.as_bytes().to_vec());
    let plugin = registry.find(importer).with_context(|| {
        format!("example {name} needs the {importer} importer plugin (see `pledgegraph plugins`)")
    })?;
    let request = ImportRequest {
        file_name: Some(name.to_owned()),
        ..Default::default()
    };
    let summary = store
        .run_blocking(|conn| import(conn, plugin, &request, &input))
        .with_context(|| format!("example {name}"))?;
    tracing::info!("{name}: {}", super::describe(&summary));
    Ok(())
}

/// Imports the reference tables and the batches: the graph the tests query.
pub fn load_reference_graph(store: &Store, registry: &Registry) -> anyhow::Result<()> {
    for table in TABLES {
        import_table(store, registry, table)?;
    }
    for (name, batch) in BATCHES {
        let summary = super::load_bytes(store, batch.as_bytes())
            .with_context(|| format!("example {name}"))?;
        tracing::info!("{name}: {}", super::describe(&summary));
    }
    Ok(())
}

/// Recreates `url` (when it is a SQLite file) and imports every example.
pub fn prepare(url: &str, registry: &Registry, options: StoreOptions) -> anyhow::Result<Store> {
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
    let store = Store::open_with(url, options)?;
    load_reference_graph(&store, registry)?;
    import_table(&store, registry, PROJECTS)?;
    for release in RELEASES {
        import_example(&store, registry, "press-release", release)?;
    }
    for statistics in STATISTICS {
        import_example(&store, registry, "official-stats", statistics)?;
    }
    Ok(store)
}
