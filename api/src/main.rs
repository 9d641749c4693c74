use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = pledgegraph::cli::Cli::parse();
    pledgegraph::cli::init_logging();
    match pledgegraph::cli::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
