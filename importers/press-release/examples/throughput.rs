//! Extraction throughput on one core: reads the example releases, repeats
//! them into a corpus of about `MB` megabytes, extracts every release of it
//! as its own document (as `pledgegraph import DIR` does), and prints MB/s.
//!
//!     cargo run --release -p pledgegraph-press-release --example throughput -- api/demo/releases 50

use std::time::Instant;

use pledgegraph_press_release::{extract, Meta};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "api/demo/releases".into());
    let megabytes: f64 = args
        .next()
        .map_or(50.0, |m| m.parse().expect("MB is a number"));
    let mut releases: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {dir}: {e}"))
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    releases.sort();
    let size: usize = releases.iter().map(|(_, b)| b.len()).sum();
    let rounds = ((megabytes * 1e6) / size as f64).ceil() as usize;

    // The world gazetteer loads once per process, on first use: measured
    // apart so the throughput below is extraction's alone.
    let before = resident_megabytes();
    let start = Instant::now();
    let places = pledgegraph_importer::world::world().countries().len();
    println!(
        "world gazetteer ({places} countries): loaded in {:.0} ms, {:.0} MB resident",
        start.elapsed().as_secs_f64() * 1e3,
        resident_megabytes() - before
    );

    let start = Instant::now();
    let mut bytes = 0usize;
    let mut facts = 0usize;
    for _ in 0..rounds {
        for (name, release) in &releases {
            let meta = Meta {
                file_name: Some(name.clone()),
                ..Meta::default()
            };
            let batch = extract(release, &meta).expect("the examples extract");
            facts += batch.commitments.len() + batch.agreements.len() + batch.observations.len();
            bytes += release.len();
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{} releases, {:.1} MB in {seconds:.2} s: {:.2} MB/s, {:.0} releases/s ({facts} facts)",
        rounds * releases.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / seconds,
        (rounds * releases.len()) as f64 / seconds,
    );
}

/// Resident memory of this process, from /proc (Linux).
fn resident_megabytes() -> f64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: f64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0.0);
    pages * 4096.0 / 1e6
}
