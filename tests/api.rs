//! The library as a publishing system uses it (as `examples/ingest.rs` does), through the
//! public API only: a folder of uploads, one of them broken, is read, post-processed and
//! written as JATS (validated against the DTD) and EPUB, atomically, going on past the bad
//! upload with a typed error that names it.

mod common;

/// The example itself: this test runs its `ingest` on each upload.
#[allow(dead_code)]
#[path = "../examples/ingest.rs"]
mod example;
use example::ingest;

use offprint::model::{plain_text, BlockKind, Inline};
use offprint::{Error, Format, Options, Report};
use std::path::Path;

fn samples() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/samples"))
}

#[test]
fn ingest_a_folder_of_uploads() {
    let uploads = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    std::fs::copy(
        samples().join("global-e-2960.txt"),
        uploads.path().join("2960.txt"),
    )
    .unwrap();
    #[cfg(feature = "pdf")]
    std::fs::copy(
        samples().join("global-e-2960.pdf"),
        uploads.path().join("2960-print.pdf"),
    )
    .unwrap();
    std::fs::write(uploads.path().join("broken.pdf"), b"%PDF-1.4\n1 0 obj <<").unwrap();

    let mut names: Vec<_> = std::fs::read_dir(uploads.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let (mut ok, mut failed) = (Vec::new(), Vec::new());
    for path in &names {
        match ingest(path, out.path()) {
            Ok(files) => ok.extend(files),
            Err(e) => failed.push(e),
        }
    }

    // The bad upload is a typed error naming the file, and did not stop the others.
    assert_eq!(failed.len(), 1, "{failed:?}");
    let msg = failed[0].to_string();
    assert!(msg.contains("broken.pdf"), "{msg}");
    assert!(matches!(failed[0], Error::Pdf { .. }), "{:?}", failed[0]);
    assert!(!msg.contains('\n'), "one line: {msg}");

    let per_article = if cfg!(feature = "epub") { 2 } else { 1 };
    let articles = if cfg!(feature = "pdf") { 2 } else { 1 };
    assert_eq!(ok.len(), per_article * articles, "{ok:?}");
    // No temporary files are left beside the outputs.
    for e in std::fs::read_dir(out.path()).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.contains("offprint-tmp"), "{name}");
    }
    // The JATS is valid and carries the post-processing.
    let xmls: Vec<_> = ok.iter().filter(|p| p.ends_with(".xml")).collect();
    for x in &xmls {
        let text = std::fs::read_to_string(x).unwrap();
        assert!(text.contains("<issn>2049-3630</issn>"), "{x}");
        assert!(text.contains("<journal-title>Global-e"), "{x}");
    }
    for x in &xmls {
        common::xmllint_validate_file(Path::new(x)).unwrap_or_else(|e| panic!("{x}: {e}"));
    }
    #[cfg(feature = "epub")]
    for e in ok.iter().filter(|p| p.ends_with(".epub")) {
        let bytes = std::fs::read(e).unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"), "{e}");
        assert_eq!(&bytes[30..38], b"mimetype", "{e}");
    }
}

#[test]
fn read_from_a_reader_choose_passes_write_into_a_writer() {
    let text = std::fs::read(samples().join("global-e-2960.txt")).unwrap();
    // All passes: pull quotes recognised, note references made.
    let all = offprint::load_reader(&text[..], Path::new("upload"), &Options::default()).unwrap();
    let pulls = |d: &offprint::Document| {
        d.body
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::PullQuote { .. }))
            .count()
    };
    assert!(pulls(&all.document) > 0);
    // Without the pull-quote pass they stay paragraphs, and the report says nothing of them.
    let opts = Options {
        passes: offprint::clean::Passes {
            pull_quotes: false,
            ..Default::default()
        },
        ..Default::default()
    };
    let some = offprint::load_reader(&text[..], Path::new("upload"), &opts).unwrap();
    assert_eq!(pulls(&some.document), 0);
    assert_eq!(some.document.body.len(), all.document.body.len());

    // Write into any io::Write.
    let mut md = Vec::new();
    offprint::render_to(
        &all.document,
        Format::Markdown,
        &Default::default(),
        &mut md,
        &mut Report::default(),
    )
    .unwrap();
    let md = String::from_utf8(md).unwrap();
    let first_note = &all.document.notes[0];
    assert!(md.contains(&format!("[^{}]:", first_note.id)));
    // The model's text reaches the output unchanged.
    let head = plain_text(&first_note.content);
    assert!(md.contains(head.split_whitespace().next().unwrap()));

    // Limits refuse cleanly, naming the limit.
    let tiny = Options {
        limits: offprint::Limits {
            max_input_bytes: 100,
            ..Default::default()
        },
        ..Default::default()
    };
    let err = offprint::load_reader(&text[..], Path::new("upload"), &tiny).unwrap_err();
    assert!(matches!(err, Error::Limit { .. }), "{err:?}");
    assert!(err.to_string().contains("input bytes"), "{err}");
}

#[test]
fn the_model_is_plain_data() {
    // Systems build or change the model directly; every writer escapes its text.
    let mut doc = offprint::Document::default();
    doc.meta.title = Some("</article-title><script>alert(1)</script>".into());
    doc.body
        .push(offprint::model::Block::new(BlockKind::Paragraph {
            content: vec![Inline::text("]]> <!-- & \u{202E}")],
        }));
    // (JSON carries the text as data, so it is checked by round trip instead.)
    let json = offprint::render(
        &doc,
        Format::Json,
        &Default::default(),
        &mut Report::default(),
    )
    .unwrap();
    // Every writer sees the document after the link and character policies (here: the
    // right-to-left override is closed at the end of its run of text).
    let mut policed = doc.clone();
    offprint::uri::apply(&mut policed, &mut Report::default());
    offprint::chars::apply(&mut policed, &mut Report::default());
    assert_eq!(
        serde_json::from_slice::<offprint::Document>(&json).unwrap(),
        policed
    );
    assert!(matches!(
        &policed.body[0].kind,
        BlockKind::Paragraph { content } if content == &vec![Inline::text("]]> <!-- & \u{202E}\u{202C}")]
    ));
    for format in [Format::Jats, Format::Markdown] {
        let bytes =
            offprint::render(&doc, format, &Default::default(), &mut Report::default()).unwrap();
        let s = String::from_utf8(bytes).unwrap();
        assert!(!s.contains("<script>"), "{format:?}: {s}");
    }
}
