//! Fuzz target: every writer, from an arbitrary model.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|doc: offprint::Document| {
    for f in [
        offprint::Format::Markdown,
        offprint::Format::Jats,
        offprint::Format::Epub,
        offprint::Format::Json,
    ] {
        let _ = offprint::render(&doc, f, &Default::default(), &mut Default::default());
    }
});
