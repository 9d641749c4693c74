//! GraphiQL in a real browser with the network cut: headless Chromium opens
//! /graphiql on the demo server and runs the default query. The work is done
//! by tests/browser/graphiql.py; this test runs it against the binary cargo
//! just built. It needs Debian's chromium and chromium-driver (.ci/run
//! installs them).

mod common;

use std::process::Command;

#[test]
fn graphiql_runs_a_query_offline() {
    for tool in ["chromium", "chromedriver", "python3"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            found,
            "{tool} is missing: apt-get install chromium chromium-driver python3"
        );
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/browser/graphiql.py");
    let output = Command::new("python3")
        .args([script, "--binary", env!("CARGO_BIN_EXE_pledgegraph")])
        .env("PLEDGEGRAPH_PLUGINS", common::plugin_dir())
        .output()
        .expect("run the browser check");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "browser check failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("ok: GraphiQL ran the default query"),
        "{stdout}"
    );
}
