//! The example releases written for the project, read end to end: each
//! against its expected batch (`tests/expected/`), and the two releases of
//! the reference graph against the batches an analyst wrote by hand.
//!
//! `PLEDGEGRAPH_UPDATE_SNAPSHOTS=1 cargo test -p pledgegraph-press-release`
//! rewrites the expected batches after a deliberate change: review the diff.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use pledgegraph_importer::{validate, Batch};
use pledgegraph_press_release::{extract, Meta};
use serde_json::{json, Value};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../api/demo/releases")
}

fn read(path: &Path, published: Option<&str>) -> Batch {
    let bytes = std::fs::read(path).unwrap();
    let meta = Meta {
        file_name: Some(path.file_name().unwrap().to_string_lossy().into_owned()),
        published: published.map(str::to_owned),
        ..Meta::default()
    };
    let batch = extract(&bytes, &meta).unwrap();
    let text = batch.document.text.clone();
    let spans_into = text.as_deref().map(str::as_bytes).unwrap_or(&bytes);
    validate(&batch, Some(spans_into)).expect("a valid batch");
    batch
}

#[test]
fn example_releases_give_their_expected_batches() {
    let mut checked = 0;
    for entry in std::fs::read_dir(examples()).unwrap() {
        let path = entry.unwrap().path();
        let batch = serde_json::to_value(read(&path, None)).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy();
        let expected_path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/expected")
            .join(format!("{name}.json"));
        if std::env::var_os("PLEDGEGRAPH_UPDATE_SNAPSHOTS").is_some() {
            let pretty = serde_json::to_string_pretty(&batch).unwrap();
            std::fs::write(&expected_path, pretty + "\n").unwrap();
        }
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(&expected_path).unwrap()).unwrap();
        assert_eq!(
            batch, expected,
            "{name}: the batch differs from {expected_path:?}"
        );
        checked += 1;
    }
    assert_eq!(checked, 3, "every example release has an expected batch");
}

/// A comparable summary: names instead of batch ids.
fn summary(batch: &Value) -> Value {
    let name = |id: &Value| {
        batch["entities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == *id)
            .map(|e| e["name"].as_str().unwrap().to_lowercase())
            .unwrap()
    };
    let folded = |s: String| {
        s.replace(['é', 'è'], "e")
            .replace(['â'], "a")
            .replace("tangier", "tanger")
    };
    let empty = vec![];
    let relations: BTreeSet<(String, String, String)> = batch["relations"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .filter(|r| r["type"] == "subsidiary_of")
        .map(|r| {
            (
                r["type"].as_str().unwrap().to_owned(),
                name(&r["from"]),
                name(&r["to"]),
            )
        })
        .collect();
    let commitments: BTreeSet<String> = batch["commitments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let cities: BTreeSet<String> = c["cities"]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .map(|x| folded(name(x)))
                .collect();
            json!({
                "operator": name(&c["operator"]),
                "jobs": c["jobs"], "qualifier": c["jobs_qualifier"],
                "existing_jobs": c["existing_jobs"],
                "investment": c["investment"]["amount"].as_f64(),
                "currency": c["investment"]["currency"],
                "cities": cities,
            })
            .to_string()
        })
        .collect();
    let a = &batch["agreements"][0];
    json!({
        "relations": relations,
        "commitments": commitments,
        "agreement": {
            "kind": a["kind"], "date": a["date"], "count": a["count"],
            "jobs": a["totals"]["jobs"], "investment": a["totals"]["investment"]["amount"].as_f64(),
            "horizon": a["totals"]["horizon"],
        },
    })
}

/// The reference graph's two releases were annotated by hand, as batches,
/// before this importer existed: reading their texts gives the same facts.
#[test]
fn releases_read_as_an_analyst_annotated_them() {
    for file in ["release-fr-outsourcing.json", "release-en-automotive.json"] {
        let path = examples().join("..").join(file);
        let by_hand: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let text = by_hand["document"]["text"].as_str().unwrap();
        let published = by_hand["document"]["published"].as_str();
        let meta = Meta {
            published: published.map(str::to_owned),
            ..Meta::default()
        };
        let read = serde_json::to_value(extract(text.as_bytes(), &meta).unwrap()).unwrap();
        assert_eq!(summary(&read), summary(&by_hand), "{file}");
    }
}
