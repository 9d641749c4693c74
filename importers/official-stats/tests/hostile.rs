//! Files written to break the importer: each is refused with the place and
//! the reason, or read correctly, never garbled.

use pledgegraph_importer::{ImportRequest, Importer, Input};
use pledgegraph_official_stats::OfficialStatsImporter;

fn import(file_name: &str, bytes: &[u8]) -> Result<pledgegraph_importer::Batch, String> {
    let request = ImportRequest {
        file_name: Some(file_name.into()),
        ..Default::default()
    };
    OfficialStatsImporter
        .import(Input::new(request, bytes))
        .map_err(|e| e.message)
}

fn sdmx_csv_with_multiplier(multiplier: &str, value: &str) -> String {
    format!(
        "DATAFLOW,FREQ,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,UNIT_MULT\n\
         PG:DF_TEST(1.0),A,MA,EMP,2022,{value},PS,{multiplier}\n"
    )
}

#[test]
fn unit_multipliers_out_of_range_are_refused_with_the_line() {
    for multiplier in ["400", "-400", "25", "three"] {
        let message = import(
            "test.csv",
            sdmx_csv_with_multiplier(multiplier, "1.5").as_bytes(),
        )
        .unwrap_err();
        assert!(message.contains("line 2"), "{multiplier}: {message}");
        assert!(
            message.contains("is not a power of ten from -24 to 24"),
            "{multiplier}: {message}"
        );
    }
    let batch = import(
        "test.csv",
        sdmx_csv_with_multiplier("-3", "1500").as_bytes(),
    )
    .unwrap();
    assert_eq!(batch.observations[0].value, 1.5);
}

#[test]
fn a_value_past_what_a_number_holds_is_refused() {
    let message = import(
        "test.csv",
        sdmx_csv_with_multiplier("24", "1e300").as_bytes(),
    )
    .unwrap_err();
    assert!(message.contains("line 2"), "{message}");
    assert!(message.contains("too large"), "{message}");
}

/// A structure-specific SDMX-ML data set of `groups` groups, each with one
/// series of one observation; the group gives the unit multiplier.
fn sdmx_ml_with_groups(groups: usize) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0"?><message:StructureSpecificData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"><message:Header><message:ID>T</message:ID></message:Header><message:DataSet>"#,
    );
    for g in 0..groups {
        xml.push_str(&format!(
            r#"<Group type="SIBLING" REF_AREA="A{g}" UNIT_MULT="3"/>"#
        ));
    }
    for g in 0..groups {
        xml.push_str(&format!(
            r#"<Series FREQ="A" REF_AREA="A{g}" INDICATOR="EMP"><Obs TIME_PERIOD="2022" OBS_VALUE="2"/></Series>"#
        ));
    }
    xml.push_str("</message:DataSet></message:StructureSpecificData>");
    xml
}

/// That each series finds its own group among thousands; the index that
/// keeps this linear is tested in `sdmx_groups`.
#[test]
fn every_series_takes_its_groups_attributes_among_thousands() {
    let batch = import("groups.xml", sdmx_ml_with_groups(5_000).as_bytes()).unwrap();
    assert_eq!(batch.observations.len(), 5_000);
    assert!(batch.observations.iter().all(|o| o.value == 2000.0));
}

#[test]
fn a_json_stat_cube_too_large_to_count_is_refused() {
    let dimension = |id: &str| {
        let categories: Vec<String> = (0..65_536).map(|i| format!("\"c{i}\":{i}")).collect();
        format!(
            r#""{id}":{{"category":{{"index":{{{}}}}}}}"#,
            categories.join(",")
        )
    };
    let ids = ["time", "b", "c", "d", "e"];
    let json = format!(
        r#"{{"version":"2.0","class":"dataset","id":{ids:?},"size":[65536,65536,65536,65536,65536],"dimension":{{{}}},"value":{{"0":1}}}}"#,
        ids.map(dimension).join(",")
    );
    let message = import("cube.json", json.as_bytes()).unwrap_err();
    assert!(
        message.contains("more cells than a number can count"),
        "{message}"
    );
}
