//! The command line: `serve`, `migrate`, `schema`, `load`, `plugins`,
//! `extract`, `import`, `reextract`, `matching`, `demo`.

mod consolidation;
pub mod demo;
mod plugins;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use pledgegraph_importer::{Batch, ImportRequest};

use crate::graphql::QueryLimits;
use crate::http::ServerConfig;
use crate::ingest::import::{extract, InputData};
use crate::ingest::plugins::Registry;
use crate::ingest::worker::{Isolation, Limits};
use crate::ingest::{write_batch, ImportSummary, Source};
use crate::store::{Migration, Store, StoreOptions, DEFAULT_DATABASE_URL};

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

    /// Directories to look for importer plugins in, `:`-separated; the
    /// executable's own directory is searched after them.
    #[arg(long, env = "PLEDGEGRAPH_PLUGINS", global = true)]
    pub plugins: Option<String>,

    /// The bearer token that GraphQL mutations (importDocument) need; without
    /// one, `serve` and `demo` refuse every mutation.
    #[arg(
        long,
        env = "PLEDGEGRAPH_ADMIN_TOKEN",
        global = true,
        hide_env_values = true
    )]
    pub admin_token: Option<String>,

    /// Wall-clock time an importer may take on one input (its worker is
    /// killed past it), e.g. `120s`, `10m`.
    #[arg(long, env = "PLEDGEGRAPH_PLUGIN_TIMEOUT", global = true, default_value = "120s", value_parser = humantime::parse_duration)]
    pub plugin_timeout: std::time::Duration,

    /// Memory an importer's worker may map, in MiB.
    #[arg(
        long,
        env = "PLEDGEGRAPH_PLUGIN_MEMORY",
        global = true,
        default_value_t = 2048
    )]
    pub plugin_memory: u64,

    /// Directories whose files importer options may name (`--option
    /// mapping=FILE`), `:`-separated. `import` and `extract` allow the
    /// current directory when none is given; `serve` allows none.
    #[arg(long, env = "PLEDGEGRAPH_OPTION_DIRS", global = true)]
    pub option_dirs: Option<String>,

    /// How long one SQL statement of a served request may run before it is
    /// stopped with TIMEOUT, e.g. `10s`; `0s`: no limit. Commands that
    /// import or migrate have none.
    #[arg(long, env = "PLEDGEGRAPH_STATEMENT_TIMEOUT", global = true, default_value = "10s", value_parser = humantime::parse_duration)]
    pub statement_timeout: std::time::Duration,

    /// How long a write waits for another one (an import) before it
    /// answers DATABASE_BUSY. Default: 5s when serving, 10m for commands.
    #[arg(long, env = "PLEDGEGRAPH_BUSY_TIMEOUT", global = true, value_parser = humantime::parse_duration)]
    pub busy_timeout: Option<std::time::Duration>,

    #[command(flatten)]
    pub limits: QueryLimitArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// What one GraphQL request may ask for; the other limits keep their
/// defaults (see `QueryLimits`).
#[derive(Debug, clap::Args)]
pub struct QueryLimitArgs {
    /// How long a query may run (a mutation: this plus --plugin-timeout)
    /// before it is stopped with TIMEOUT, e.g. `30s`.
    #[arg(long, env = "PLEDGEGRAPH_REQUEST_TIMEOUT", global = true, default_value = "30s", value_parser = humantime::parse_duration)]
    pub request_timeout: std::time::Duration,

    /// Most nodes one answer may hold, every list counting its page size
    /// times those of the lists around it; more is refused (QUERY_TOO_COSTLY).
    #[arg(long, env = "PLEDGEGRAPH_MAX_QUERY_NODES", global = true, default_value_t = QueryLimits::default().max_nodes)]
    pub max_query_nodes: u64,

    /// Highest cost of one query (objects resolved, aggregates weighing
    /// more); more is refused (QUERY_TOO_COSTLY).
    #[arg(long, env = "PLEDGEGRAPH_MAX_QUERY_COST", global = true, default_value_t = QueryLimits::default().max_cost)]
    pub max_query_cost: u64,

    /// Largest answer, in MiB; more is refused (RESPONSE_TOO_LARGE).
    #[arg(long, env = "PLEDGEGRAPH_MAX_RESPONSE_MIB", global = true, default_value_t = QueryLimits::default().max_response_bytes >> 20)]
    pub max_response_mib: usize,
}

impl QueryLimitArgs {
    fn limits(&self, plugin_timeout: std::time::Duration) -> QueryLimits {
        QueryLimits {
            timeout: self.request_timeout,
            mutation_timeout: self.request_timeout + plugin_timeout,
            max_nodes: self.max_query_nodes,
            max_cost: self.max_query_cost,
            max_response_bytes: self.max_response_mib << 20,
            ..QueryLimits::default()
        }
    }
}

/// What the user says about the inputs of `extract` and `import`.
#[derive(Debug, clap::Args)]
pub struct RequestArgs {
    /// Publication date (YYYY, YYYY-MM or YYYY-MM-DD); wins over the input's own.
    #[arg(long)]
    pub published: Option<String>,
    /// Where the input was published.
    #[arg(long)]
    pub url: Option<String>,
    /// ISO 639-1 language of the input (fr, en ...).
    #[arg(long)]
    pub language: Option<String>,
    /// An importer option, KEY=VALUE (see `pledgegraph plugins`); repeatable.
    #[arg(long = "option", value_name = "KEY=VALUE", value_parser = parse_option)]
    pub options: Vec<(String, String)>,
}

fn parse_option(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(k, v)| (k.trim().to_owned(), v.to_owned()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("{text:?} is not KEY=VALUE"))
}

impl RequestArgs {
    /// The request for the input at `path` (`-`: standard input).
    fn request(&self, path: &Path) -> ImportRequest {
        let on_disk = path.as_os_str() != "-";
        ImportRequest {
            file_name: file_name(path),
            path: on_disk.then(|| path.to_string_lossy().into_owned()),
            published: self.published.clone(),
            url: self.url.clone(),
            language: self.language.clone(),
            options: self.options.iter().cloned().collect(),
            option_dirs: Vec::new(),
        }
    }
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
    /// List the importer plugins found, and the libraries that cannot be used.
    Plugins,
    /// Print what an importer finds in FILE (batch JSON), touching no database.
    Extract {
        /// The importer to run (see `pledgegraph plugins`).
        #[arg(long)]
        importer: String,
        #[command(flatten)]
        request: RequestArgs,
        /// The input; `-` reads standard input.
        file: PathBuf,
    },
    /// Import files into the database through the importer plugins.
    Import {
        /// The importer to run; by default chosen from each file's extension or content.
        #[arg(long)]
        importer: Option<String>,
        #[command(flatten)]
        request: RequestArgs,
        /// Files, directories (walked) or `-` for standard input.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Run the current importers again over stored documents and replace
    /// what each now finds, one document per transaction.
    Reextract {
        /// Only the documents this importer read.
        #[arg(long)]
        importer: Option<String>,
        /// Only this document (its number, or its GraphQL ID).
        #[arg(long)]
        document: Option<String>,
    },
    /// Show or change how reports of the same event are matched, for every
    /// server writing to this database (applies to later imports).
    Matching {
        /// Most days between the dates of two reports of one event.
        #[arg(long)]
        window_days: Option<i64>,
        /// Companies two dated reports must have in common.
        #[arg(long)]
        min_shared: Option<usize>,
        /// Companies they must have in common when one has no date.
        #[arg(long)]
        min_shared_undated: Option<usize>,
        /// `on` or `off`: off, every report is an event of its own.
        #[arg(long, value_parser = ["on", "off"])]
        matching: Option<String>,
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
    /// Runs one importer call for the server or the CLI (internal).
    #[command(hide = true)]
    PluginWorker {
        mode: crate::ingest::worker::Mode,
        library: PathBuf,
        #[arg(long)]
        memory_mib: u64,
        #[arg(long)]
        cpu_seconds: u64,
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

impl Cli {
    /// How importers run: this binary as their worker, under the limits
    /// given. `local` commands allow file options in the current directory
    /// by default.
    fn isolation(&self, local: bool) -> Isolation {
        let mut option_dirs: Vec<String> = self
            .option_dirs
            .iter()
            .flat_map(std::env::split_paths)
            .filter(|p| !p.as_os_str().is_empty())
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if option_dirs.is_empty() && local {
            option_dirs.push(".".to_owned());
        }
        Isolation {
            limits: Limits {
                time: self.plugin_timeout,
                memory_mib: self.plugin_memory,
            },
            option_dirs,
            ..Isolation::default()
        }
    }

    /// The store's limits: a server bounds every statement and answers busy
    /// soon; a command run by the operator waits and is not cut short.
    fn store_options(&self, serving: bool) -> StoreOptions {
        let (statement_timeout, default_busy) = if serving {
            (self.statement_timeout, std::time::Duration::from_secs(5))
        } else {
            (
                std::time::Duration::ZERO,
                std::time::Duration::from_secs(600),
            )
        };
        StoreOptions {
            statement_timeout,
            busy_timeout: self.busy_timeout.unwrap_or(default_busy),
        }
    }

    fn registry(&self, local: bool) -> Registry {
        let dirs = crate::ingest::plugins::search_path(self.plugins.as_deref());
        Registry::discover_with(&dirs, self.isolation(local))
    }
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let config = || ServerConfig {
        plugins: Arc::new(cli.registry(false)),
        admin_token: cli.admin_token.clone().filter(|t| !t.is_empty()),
        limits: cli.limits.limits(cli.plugin_timeout),
    };
    match &cli.command {
        Command::Serve { bind } => {
            let store = open(&cli.database_url, cli.store_options(true))?;
            serve(store, config(), bind)
        }
        Command::Migrate => {
            let store = Store::connect_with(&cli.database_url, cli.store_options(false))?;
            match store.run_blocking(crate::store::migrate)? {
                Migration::Created => {
                    println!("created schema version {}", crate::store::SCHEMA_VERSION)
                }
                Migration::Upgraded => {
                    println!(
                        "upgraded to schema version {}",
                        crate::store::SCHEMA_VERSION
                    )
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
            let store = open(&cli.database_url, cli.store_options(false))?;
            for file in files {
                let summary = load_file(&store, file)?;
                println!("{}: {}", file.display(), describe(&summary));
            }
            Ok(())
        }
        Command::Plugins => {
            plugins::list(&cli.registry(true));
            Ok(())
        }
        Command::Extract {
            importer,
            request,
            file,
        } => {
            let registry = cli.registry(true);
            let plugin = registry.find(importer)?;
            let input = input_data(file)?;
            let batches = extract(plugin, &request.request(file), &input)?;
            plugins::print_batches(&batches)
        }
        Command::Import {
            importer,
            request,
            inputs,
        } => {
            let registry = cli.registry(true);
            let store = open(&cli.database_url, cli.store_options(false))?;
            plugins::import_all(&store, &registry, importer.as_deref(), request, inputs)
        }
        Command::Reextract { importer, document } => {
            let registry = cli.registry(false);
            let store = open(&cli.database_url, cli.store_options(false))?;
            consolidation::reextract_all(
                &store,
                &registry,
                importer.as_deref(),
                document.as_deref(),
            )
        }
        Command::Matching {
            window_days,
            min_shared,
            min_shared_undated,
            matching,
        } => {
            let store = open(&cli.database_url, cli.store_options(false))?;
            let change = consolidation::RuleChange {
                window_days: *window_days,
                min_shared: *min_shared,
                min_shared_undated: *min_shared_undated,
                enabled: matching.as_deref().map(|m| m == "on"),
            };
            consolidation::matching(&store, &change)
        }
        Command::Demo {
            bind,
            demo_database,
            no_serve,
        } => {
            let config = config();
            let store = demo::prepare(demo_database, &config.plugins, cli.store_options(true))?;
            if *no_serve {
                return Ok(());
            }
            serve(store, config, bind)
        }
        Command::PluginWorker {
            mode,
            library,
            memory_mib,
            cpu_seconds,
        } => std::process::exit(crate::ingest::worker::serve(
            *mode,
            library,
            *memory_mib,
            *cpu_seconds,
        )),
    }
}

fn file_name(path: &Path) -> Option<String> {
    path.file_name().map(|n| n.to_string_lossy().into_owned())
}

/// The bytes of `path`; `-` is standard input, read whole.
fn input_data(path: &Path) -> anyhow::Result<InputData> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .context("cannot read standard input")?;
        return Ok(InputData::Bytes(bytes));
    }
    anyhow::ensure!(path.is_file(), "{} is not a file", path.display());
    Ok(InputData::File(path.to_path_buf()))
}

/// Opens the database, creating or updating its schema. Errors name the
/// database (without its password).
fn open(url: &str, options: StoreOptions) -> anyhow::Result<Store> {
    Ok(Store::open_with(url, options)?)
}

fn serve(store: Store, config: ServerConfig, bind: &str) -> anyhow::Result<()> {
    let listener = TcpListener::bind(bind).with_context(|| format!("cannot listen on {bind}"))?;
    let address = listener.local_addr()?;
    tracing::info!(
        "serving GraphQL on http://{address}/graphql, GraphiQL on http://{address}/graphiql"
    );
    actix_web::rt::System::new()
        .block_on(async move { crate::http::serve(store, config, listener)?.await })?;
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
        "{} nodes new, {} matched, {} facts new, {} reported before, {} evidence",
        summary.nodes_created,
        summary.nodes_matched,
        summary.facts,
        summary.facts_matched,
        summary.evidence
    );
    for warning in &summary.warnings {
        line.push_str(&format!("\n  warning: {warning}"));
    }
    line
}
