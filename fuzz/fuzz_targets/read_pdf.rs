//! Fuzz target: the PDF reader and the cleaning passes, from arbitrary bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = offprint::Options {
        from: Some(offprint::InputKind::Pdf),
        ..Default::default()
    };
    let _ = offprint::load_bytes(data, std::path::Path::new("fuzz.pdf"), &opts);
});
