//! The command line: `serve`, `migrate`, `schema`, `load`, `demo`.

pub mod demo;

use std::net::TcpListener;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use pledgegraph_importer::Batch;

use crate::ingest::{write_batch, ImportSummary, Source};
use crate::store::{Migration, Store, DEFAULT_DATABASE_URL};

#[derive(Debug, Parser)]
#[command(
    name = "pledgegraph",
    version,
    about = "A graph of public investment pledges, served over GraphQL"
)]
pub struct Cli {
    /// SQLite file, or postgres://user@host/db for PostgreSQL.
    #[arg(long, env = "DATABASE_URL", global = true, default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the GraphQL API and GraphiQL.
    Serve {
        #[arg(long, env = "PLEDGEGRAPH_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
    },
    /// Create the schema, or bring it up to date.
    Migrate,
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Write ready-made batch files (pledgegraph.batch/1 JSON) into the database.
    Load {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Load the example graph into a fresh database and serve it.
    Demo {
        #[arg(long, env = "PLEDGEGRAPH_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Where the demo graph goes; replaced at each run when it is a SQLite file.
        #[arg(long, default_value = "pledgegraph-demo.db")]
        demo_database: String,
        /// Load the example graph, then exit without serving.
        #[arg(long)]
        no_serve: bool,
    },
}

pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve { bind } => {
            let store = open(&cli.database_url)?;
            serve(store, &bind)
        }
        Command::Migrate => {
            let store = Store::connect(&cli.database_url)?;
            match store.run_blocking(crate::store::migrate)? {
                Migration::Created => {
                    println!("created schema version {}", crate::store::SCHEMA_VERSION)
                }
                Migration::UpToDate => println!(
                    "schema version {} is up to date",
                    crate::store::SCHEMA_VERSION
                ),
            }
            Ok(())
        }
        Command::Schema => {
            print!("{}", crate::graphql::sdl());
            Ok(())
        }
        Command::Load { files } => {
            let store = open(&cli.database_url)?;
            for file in &files {
                let summary = load_file(&store, file)?;
                println!("{}: {}", file.display(), describe(&summary));
            }
            Ok(())
        }
        Command::Demo {
            bind,
            demo_database,
            no_serve,
        } => {
            let store = demo::prepare(&demo_database)?;
            if no_serve {
                return Ok(());
            }
            serve(store, &bind)
        }
    }
}

/// Opens the database, creating or updating its schema. Errors name the
/// database (without its password).
fn open(url: &str) -> anyhow::Result<Store> {
    Ok(Store::open(url)?)
}

fn serve(store: Store, bind: &str) -> anyhow::Result<()> {
    let listener = TcpListener::bind(bind).with_context(|| format!("cannot listen on {bind}"))?;
    let address = listener.local_addr()?;
    tracing::info!(
        "serving GraphQL on http://{address}/graphql, GraphiQL on http://{address}/graphiql"
    );
    actix_web::rt::System::new()
        .block_on(async move { crate::http::serve(store, listener)?.await })?;
    Ok(())
}

/// Reads, validates and writes one batch file.
pub fn load_file(store: &Store, path: &Path) -> anyhow::Result<ImportSummary> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    load_bytes(store, &bytes).with_context(|| format!("{} was not loaded", path.display()))
}

pub fn load_bytes(store: &Store, bytes: &[u8]) -> anyhow::Result<ImportSummary> {
    let batch: Batch = serde_json::from_slice(bytes).context("not a pledgegraph batch")?;
    let source = Source::of_batch_file(&batch, bytes);
    Ok(store.run_blocking(|conn| write_batch(conn, &batch, &source))?)
}

pub fn describe(summary: &ImportSummary) -> String {
    if summary.already_imported {
        return "already imported, nothing changed".to_owned();
    }
    let mut line = format!(
        "{} nodes new, {} matched, {} facts, {} evidence",
        summary.nodes_created, summary.nodes_matched, summary.facts, summary.evidence
    );
    for warning in &summary.warnings {
        line.push_str(&format!("\n  warning: {warning}"));
    }
    line
}
