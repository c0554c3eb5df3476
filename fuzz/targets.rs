//! What each fuzz target does with its input, shared by the libFuzzer targets
//! (fuzz/fuzz_targets/) and by tests/fuzz_seeds.rs, which replays the corpus on stable.
//! A target's only failure is a panic (or a hang, or a crash); errors are fine.
#![allow(dead_code)]

use std::path::Path;

/// The PDF reader and the cleaning passes, then every text writer, from arbitrary bytes.
pub fn read_pdf(data: &[u8]) {
    let opts = offprint::Options {
        from: Some(offprint::InputKind::Pdf),
        ..Default::default()
    };
    if let Ok(a) = offprint::load_bytes(data, Path::new("fuzz.pdf"), &opts) {
        write_text_formats(&a.document);
    }
}

/// The text-export reader and the cleaning passes, then every text writer.
pub fn read_text(data: &[u8]) {
    let opts = offprint::Options {
        from: Some(offprint::InputKind::Text),
        ..Default::default()
    };
    if let Ok(a) = offprint::load_bytes(data, Path::new("fuzz.txt"), &opts) {
        write_text_formats(&a.document);
    }
}

/// Every writer, from an arbitrary model.
pub fn write_all(doc: &offprint::Document) {
    for f in [
        offprint::Format::Markdown,
        offprint::Format::Jats,
        offprint::Format::Epub,
        offprint::Format::Json,
    ] {
        let _ = offprint::render(doc, f, &Default::default(), &mut Default::default());
    }
}

fn write_text_formats(doc: &offprint::Document) {
    for f in [offprint::Format::Markdown, offprint::Format::Jats] {
        let _ = offprint::render(doc, f, &Default::default(), &mut Default::default());
    }
}
