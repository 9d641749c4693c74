//! Any bytes, read as official statistics (the importer tells the format
//! from the content), through the same entry point the server calls.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pledgegraph_importer::{ImportRequest, Importer, Input};
use pledgegraph_official_stats::OfficialStatsImporter;

fuzz_target!(|data: &[u8]| {
    let request = ImportRequest {
        file_name: Some("statistics".into()),
        ..Default::default()
    };
    let _ = OfficialStatsImporter.import(Input::new(request, data));
});
