//! Every format, from the fixtures beside this file: what a user would see
//! once the values are in the graph.

use std::path::{Path, PathBuf};

use pledgegraph_importer::{Batch, Evidence, ImportRequest, Importer, Input};
use pledgegraph_official_stats::OfficialStatsImporter;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn import(name: &str) -> Result<Batch, String> {
    let path = fixture(name);
    let bytes = std::fs::read(&path).unwrap();
    let request = ImportRequest {
        file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
        path: Some(path.to_string_lossy().into_owned()),
        ..Default::default()
    };
    OfficialStatsImporter
        .import(Input::new(request, bytes.as_slice()))
        .map_err(|e| e.message)
}

/// `indicator geography period value unit`, one line per observation.
fn lines(batch: &Batch) -> Vec<String> {
    batch
        .observations
        .iter()
        .map(|o| {
            format!(
                "{} {} {} {} {}",
                o.indicator.code,
                o.geography.as_deref().unwrap_or("-"),
                o.period,
                o.value,
                o.unit.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

fn key(batch: &Batch, i: usize) -> &str {
    match &batch.observations[i].evidence[0] {
        Evidence::Key { key } => key,
        other => panic!("not a key: {other:?}"),
    }
}

fn sector_of(batch: &Batch, i: usize) -> Option<(String, String)> {
    let subject = batch.observations[i].subject.as_ref()?;
    let entity = batch.entities.iter().find(|e| &e.id == subject).unwrap();
    let (scheme, code) = entity.attributes.iter().next().unwrap();
    Some((entity.name.clone(), format!("{scheme}={code}")))
}

#[test]
fn sdmx_csv_1_0_applies_unit_multipliers_and_skips_missing_values() {
    let batch = import("sdmx-csv-1.0.csv").unwrap();
    assert_eq!(
        lines(&batch),
        [
            "EMP MA 2021 118500 PS",
            "EMP MA 2022 126000 PS",
            "EMP MA 2023-Q2 41200 PS",
            "EMP MA 2022 131000 PS",
            "EMP TN 2023-03 512900 PS"
        ]
    );
    let first = &batch.observations[0];
    assert_eq!(first.attributes["OBS_STATUS"], "A");
    assert!(
        !first.attributes.contains_key("UNIT_MULT"),
        "applied, not kept"
    );
    assert_eq!(first.dimensions["FREQ"], "A");
    assert_eq!(first.dimensions["ECO_ACTIVITY"], "N82");
    assert_eq!(key(&batch, 0), "A.MAR.EMP.N82.2021");
    assert_eq!(
        sector_of(&batch, 0),
        Some(("ISIC Rev.4 N82".into(), "isic=N82".into()))
    );
    assert_eq!(sector_of(&batch, 2).unwrap().1, "isic=J62");
    assert_eq!(sector_of(&batch, 4), None, "_T is a total, not a sector");
    // Division N82 is part of section N, which the file names after it.
    let ties: Vec<(&str, &str, &str)> = batch
        .relations
        .iter()
        .map(|r| (r.kind.as_str(), r.from.as_str(), r.to.as_str()))
        .collect();
    assert_eq!(ties, [("part_of", "isic:N82", "isic:N")]);
    assert_eq!(batch.warnings, ["1 missing values skipped"]);
}

#[test]
fn sdmx_csv_2_0_with_labels_semicolons_and_decimal_commas() {
    let batch = import("sdmx-csv-2.0-labels.csv").unwrap();
    assert_eq!(
        lines(&batch),
        ["EXP MA 2022 14.25 MAD_BN", "EXP MA 2023 1015.5 MAD_BN"]
    );
    let first = &batch.observations[0];
    assert_eq!(first.indicator.name.as_deref(), Some("Exports of services"));
    assert_eq!(first.attributes["COMMENT.en"], "Provisional");
    assert_eq!(first.attributes["COMMENT.fr"], "Provisoire");
    assert_eq!(
        first.attributes["SOURCES"],
        "Office des changes|Bank Al-Maghrib"
    );
    assert_eq!(key(&batch, 0), "A.MA.EXP.N82.2022");
    assert_eq!(
        sector_of(&batch, 0),
        Some((
            "Office administrative and support activities".into(),
            "isic=N82".into()
        ))
    );
    assert!(batch
        .warnings
        .iter()
        .any(|w| w == "1 rows with action D (delete) skipped"));
}

#[test]
fn sdmx_json_1_0_series_with_attributes_at_every_level() {
    let batch = import("sdmx-json-1.0.json").unwrap();
    assert_eq!(
        lines(&batch),
        [
            "EMP MA 2021-Q1 1250500 PS",
            "EMP MA 2021-Q2 1302000 PS",
            "EMP MA 2021-Q2 87.3 PS"
        ]
    );
    assert_eq!(
        batch.observations[0].indicator.name.as_deref(),
        Some("Employment")
    );
    assert_eq!(batch.observations[1].attributes["OBS_STATUS"], "E");
    assert_eq!(
        sector_of(&batch, 0),
        Some(("Manufacturing".into(), "isic=C".into()))
    );
    assert_eq!(key(&batch, 2), "MAR.EMP.J.2021-Q2");
}

#[test]
fn sdmx_json_2_0_flat_observations_and_localised_names() {
    let batch = import("sdmx-json-2.0.json").unwrap();
    assert_eq!(
        lines(&batch),
        [
            "FDI_IN MA 2022 4200000000 MAD",
            "FDI_IN MA 2023 5100500000 MAD"
        ]
    );
    assert_eq!(
        batch.observations[0].indicator.name.as_deref(),
        Some("FDI inflows")
    );
    assert_eq!(
        sector_of(&batch, 0),
        Some(("Manufacture of motor vehicles".into(), "nace=C29".into()))
    );
}

#[test]
fn sdmx_ml_2_1_generic_data_with_a_group() {
    let batch = import("sdmx-ml-2.1-generic.xml").unwrap();
    assert_eq!(
        lines(&batch),
        [
            "WAGE_AVG MA 2024-01 9850 MAD",
            "WAGE_AVG MA 2024-03 9902.5 MAD"
        ]
    );
    assert_eq!(
        batch.observations[1].attributes["OBS_COMMENT"],
        "Revised & provisional"
    );
    // The group's attributes reach its series; the series' own unit (MAD) wins.
    assert_eq!(
        batch.observations[0].attributes["TITLE"],
        "Average monthly wage"
    );
    assert_eq!(sector_of(&batch, 0).unwrap().1, "isic=ECO_ISIC4_J");
    assert_eq!(key(&batch, 0), "M.MAR.WAGE_AVG.ECO_ISIC4_J.2024-01");
}

#[test]
fn sdmx_ml_2_1_structure_specific_data_with_weeks_days_and_groups() {
    let batch = import("sdmx-ml-2.1-structure-specific.xml").unwrap();
    assert_eq!(
        lines(&batch),
        [
            "ARRIVALS MA 2024-W01 95100 PS",
            "ARRIVALS MA 2024-W02 101700 PS",
            "ARRIVALS MA 2024-01-15 14250 PS"
        ]
    );
    assert_eq!(batch.observations[0].attributes["OBS_STATUS"], "A");
    // Attributes of the group the series belong to (not the other group's);
    // the daily series' own UNIT_MULT (0) wins over the group's (3).
    assert_eq!(
        batch.observations[2].attributes["TITLE"],
        "Tourist arrivals"
    );
}

#[test]
fn sdmx_ml_2_0_compact_data() {
    let batch = import("sdmx-ml-2.0-compact.xml").unwrap();
    assert_eq!(
        lines(&batch),
        ["RE_CAP MA 2022 3950 MW", "RE_CAP MA 2023 4605.5 MW"]
    );
    assert_eq!(batch.observations[1].attributes["OBS_STATUS"], "P");
    assert_eq!(batch.observations[1].attributes["DECIMALS"], "1");
    assert_eq!(sector_of(&batch, 0).unwrap().1, "nace=D35");
}

#[test]
fn json_stat_2_0_dataset_with_roles_units_and_status() {
    let batch = import("jsonstat-2.0-dataset.json").unwrap();
    assert_eq!(
        lines(&batch),
        [
            "EMP_OFF MA 2022 61000 persons",
            "EMP_OFF MA 2023 64500 persons",
            "EMP_OFF MA 2022 18200 persons"
        ]
    );
    assert_eq!(batch.observations[1].attributes["OBS_STATUS"], "p");
    assert_eq!(batch.document.published.as_deref(), Some("2025-02-01"));
    assert_eq!(batch.observations[2].dimensions["city"], "RAB");
    assert_eq!(key(&batch, 2), "EMP_OFF.MA.RAB.2022");
    let rabat = batch
        .entities
        .iter()
        .find(|e| Some(&e.id) == batch.observations[2].subject.as_ref())
        .unwrap();
    assert_eq!(
        (rabat.kind, rabat.name.as_str()),
        (pledgegraph_importer::EntityType::City, "Rabat")
    );
    assert_eq!(rabat.attributes["country"], "MA");
}

#[test]
fn json_stat_2_0_collection_reads_its_embedded_datasets() {
    let batch = import("jsonstat-2.0-collection.json").unwrap();
    assert_eq!(
        lines(&batch),
        [
            "EXP_OFF MA 2024-Q1 4100500000 MAD",
            "EXP_OFF MA 2024-Q2 4380000000 MAD"
        ]
    );
}

#[test]
fn json_stat_1_x_bundle() {
    let batch = import("jsonstat-1.x-bundle.json").unwrap();
    assert_eq!(
        lines(&batch),
        [
            "automotive_jobs MA 2022 180000 -",
            "automotive_jobs MA 2023 220000 -"
        ]
    );
    assert_eq!(batch.observations[0].attributes["OBS_STATUS"], "e");
    assert_eq!(
        sector_of(&batch, 0),
        Some(("Manufacture of motor vehicles".into(), "isic=C29".into()))
    );
}

#[test]
fn world_bank_csv_with_its_companion_files() {
    let batch = import("worldbank/API_SL.SRV.EMPL.ZS_DS2_en_csv_v2_1.csv").unwrap();
    assert_eq!(
        lines(&batch)[..4],
        [
            "SL.SRV.EMPL.ZS MA 2020 44.1 % of total employment",
            "SL.SRV.EMPL.ZS MA 2021 44.9 % of total employment",
            "SL.SRV.EMPL.ZS MA 2022 45.8 % of total employment",
            "SL.SRV.EMPL.ZS WLD 2020 50.3 % of total employment",
        ]
    );
    assert_eq!(
        batch.observations.len(),
        7,
        "Morocco 3, World 4, Kosovo none"
    );
    assert_eq!(batch.document.published.as_deref(), Some("2025-01-28"));
    let morocco = &batch.observations[0];
    assert_eq!(morocco.attributes["INCOME_GROUP"], "Lower middle income");
    assert_eq!(
        morocco.attributes["SOURCE"],
        "International Labour Organization. ILO modelled estimates database."
    );
    assert_eq!(batch.observations[3].attributes["AGGREGATE"], "true");
    assert_eq!(key(&batch, 0), "SL.SRV.EMPL.ZS.MAR.2020");
}

#[test]
fn malformed_inputs_are_refused_with_where_and_why() {
    for (name, expected) in [
        ("sdmx-csv-bad-value.csv", "line 3: the value \"12O.4\" is not a number"),
        ("sdmx-csv-bad-period.csv", "line 4: the period \"last year\" is not one"),
        ("sdmx-csv-short-row.csv", "line 3: "),
        (
            "sdmx-json-bad-index.json",
            "$.dataSets[0].series[\"0:3\"]: index \"3\" of dimension INDICATOR is not one of its 1 values",
        ),
        ("sdmx-ml-unclosed.xml", "line 7: not well-formed XML"),
        ("jsonstat-wrong-size.json", "$.value: 2 values for a cube of 3 cells"),
        ("jsonstat-not-json.json", "line 2, column 40: not valid JSON"),
        ("worldbank-no-header.csv", "line 5: expected the World Bank preamble or the \"Country Name\" header"),
    ] {
        let error = import(&format!("malformed/{name}")).unwrap_err();
        assert!(error.starts_with(expected), "{name}: {error}");
    }
}

#[test]
fn content_decides_the_format_not_the_extension() {
    let head = |name: &str| std::fs::read(fixture(name)).unwrap();
    assert!(OfficialStatsImporter::sniff(&head("sdmx-csv-1.0.csv")));
    assert!(OfficialStatsImporter::sniff(&head(
        "jsonstat-1.x-bundle.json"
    )));
    assert!(OfficialStatsImporter::sniff(&head(
        "sdmx-ml-2.0-compact.xml"
    )));
    assert!(!OfficialStatsImporter::sniff(
        b"code,name\nAUTO,Automotive\n"
    ));
    assert!(!OfficialStatsImporter::sniff(
        b"{\"format\": \"pledgegraph.batch/1\"}"
    ));
}
