//! Fuzz target: the text-export reader and the cleaning passes, from arbitrary bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = offprint::Options {
        from: Some(offprint::InputKind::Text),
        ..Default::default()
    };
    if let Ok(a) = offprint::load_bytes(data, std::path::Path::new("fuzz.txt"), &opts) {
        for f in [offprint::Format::Markdown, offprint::Format::Jats] {
            let _ = offprint::render(&a.document, f, &Default::default(), &mut Default::default());
        }
    }
});
