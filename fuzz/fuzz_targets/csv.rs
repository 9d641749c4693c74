//! Any bytes, read as a table, through the same entry point the server calls.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pledgegraph_csv::CsvImporter;
use pledgegraph_importer::{ImportRequest, Importer, Input};

fuzz_target!(|data: &[u8]| {
    let request = ImportRequest {
        file_name: Some("table.csv".into()),
        ..Default::default()
    };
    let _ = CsvImporter.import(Input::new(request, data));
});
