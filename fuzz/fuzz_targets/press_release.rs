//! Any bytes, read as a release in text or HTML (the first byte chooses),
//! through the same entry point the server calls.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pledgegraph_importer::{ImportRequest, Importer, Input};
use pledgegraph_press_release::PressRelease;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, body)) = data.split_first() else {
        return;
    };
    let file_name = if choice % 2 == 0 { "release.html" } else { "release.txt" };
    let request = ImportRequest {
        file_name: Some(file_name.into()),
        language: Some(if choice % 4 < 2 { "fr" } else { "en" }.into()),
        published: Some("2024-05-02".into()),
        ..Default::default()
    };
    let _ = PressRelease.import(Input::new(request, body));
});
