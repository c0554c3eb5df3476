//! Property tests over any model — hostile text included (XML specials, control characters,
//! lone surrogates escaped in the input, bidi marks, very long words, empty sections, notes
//! nobody references, dangling note references): JATS is well-formed and valid against the
//! DTD, Markdown parses back to the model's structure, every XML document of the EPUB parses,
//! JSON reads back to the same model, and characters XML 1.0 forbids are dropped and reported.
//!
//! 1,000 cases per property unless `PROPTEST_CASES` says otherwise. The DTD and well-formedness
//! checks run xmllint once over all cases' files, not once per case.

mod common;

use common::arb;
use offprint::model::*;
use offprint::write::markdown::{model_structure, parse_structure};
use offprint::{render, Format, Report, WriteOptions};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::cell::RefCell;
use std::io::Read;
use std::path::PathBuf;

fn cases() -> u32 {
    common::cases(1000)
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    })
}

fn written(doc: &Document, format: Format, keep: bool) -> (Vec<u8>, Report) {
    let mut report = Report::default();
    let bytes = render(
        doc,
        format,
        &WriteOptions {
            keep_pull_quotes: keep,
        },
        &mut report,
    )
    .expect("every model can be written");
    (bytes, report)
}

/// Whether a character may appear in an XML 1.0 document (§2.2 `Char`).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Every entry of an EPUB, by name, `mimetype` first.
fn entries(epub: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("a zip");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).expect("an entry");
            let mut buf = Vec::new();
            f.read_to_end(&mut buf).expect("an entry's bytes");
            (f.name().expect("a name").to_string(), buf)
        })
        .collect()
}

/// Writes every case's files into a temporary folder for one xmllint run.
fn files_of(dir: &std::path::Path, docs: &[(String, Vec<u8>)]) -> Vec<PathBuf> {
    docs.iter()
        .map(|(name, bytes)| {
            let p = dir.join(name);
            std::fs::write(&p, bytes).expect("write a case");
            p
        })
        .collect()
}

/// The document as every writer sees it: after the link and character policies
/// ([`offprint::uri::apply`], [`offprint::chars::apply`]).
fn policed(mut doc: Document) -> Document {
    offprint::uri::apply(&mut doc, &mut Default::default());
    offprint::chars::apply(&mut doc, &mut Default::default());
    doc
}

#[test]
fn json_round_trips() {
    runner()
        .run(&arb::document(), |doc| {
            // Writers apply the link policy first: what round-trips is the policed model.
            let doc = policed(doc);
            let (bytes, _) = written(&doc, Format::Json, false);
            let back: Document = serde_json::from_slice(&bytes).expect("JSON reads back");
            prop_assert_eq!(back, doc);
            Ok(())
        })
        .unwrap();
}

#[test]
fn markdown_parses_back_to_the_models_structure() {
    runner()
        .run(&(arb::document(), any::<bool>()), |(doc, keep)| {
            let doc = policed(doc);
            let (bytes, _) = written(&doc, Format::Markdown, keep);
            let md = String::from_utf8(bytes).expect("UTF-8");
            let opts = WriteOptions {
                keep_pull_quotes: keep,
            };
            prop_assert_eq!(parse_structure(&md), model_structure(&doc, &opts), "{}", md);
            Ok(())
        })
        .unwrap();
}

#[test]
fn jats_is_well_formed_and_valid_against_the_dtd() {
    let xmls = RefCell::new(Vec::new());
    runner()
        .run(&(arb::document(), any::<bool>()), |(doc, keep)| {
            let (bytes, _) = written(&doc, Format::Jats, keep);
            let xml = String::from_utf8(bytes).expect("UTF-8");
            prop_assert!(
                xml.chars().all(xml_char),
                "a character XML forbids: {}",
                xml
            );
            prop_assert_eq!(
                written(&doc, Format::Jats, keep).0,
                xml.as_bytes(),
                "not deterministic"
            );
            let n = xmls.borrow().len();
            xmls.borrow_mut()
                .push((format!("case-{n}.xml"), xml.into_bytes()));
            Ok(())
        })
        .unwrap();
    let xmls = xmls.into_inner();
    assert!(xmls.len() >= cases() as usize);
    let dir = tempfile::tempdir().unwrap();
    let files = files_of(dir.path(), &xmls);
    if let Err(e) = common::xmllint_many(&files, true) {
        panic!("{} documents, some invalid:\n{e:.4000}", files.len());
    }
}

#[test]
fn every_xml_document_of_the_epub_parses() {
    let docs = RefCell::new(Vec::new());
    runner()
        .run(&(arb::document(), any::<bool>()), |(doc, keep)| {
            let (bytes, _) = written(&doc, Format::Epub, keep);
            let all = entries(&bytes);
            prop_assert_eq!(
                &all[0],
                &("mimetype".to_string(), b"application/epub+zip".to_vec())
            );
            let case = docs.borrow().len();
            for (i, (name, data)) in all.iter().enumerate() {
                // Entry names are ours: fixed, relative, inside the container.
                prop_assert!(
                    !name.starts_with('/') && !name.split('/').any(|s| s == ".." || s.is_empty()),
                    "entry name {}",
                    name
                );
                if [".xhtml", ".opf", ".xml", ".ncx"]
                    .iter()
                    .any(|e| name.ends_with(e))
                {
                    let text = std::str::from_utf8(data).expect("UTF-8");
                    prop_assert!(
                        text.chars().all(xml_char),
                        "{}: a character XML forbids",
                        name
                    );
                    docs.borrow_mut()
                        .push((format!("case-{case}-{i}.xml"), data.clone()));
                }
            }
            Ok(())
        })
        .unwrap();
    let docs = docs.into_inner();
    let dir = tempfile::tempdir().unwrap();
    let files = files_of(dir.path(), &docs);
    if let Err(e) = common::xmllint_many(&files, false) {
        panic!(
            "{} documents, some not well-formed:\n{e:.4000}",
            files.len()
        );
    }
}

#[test]
fn forbidden_characters_are_dropped_and_reported() {
    let forbidden = "\u{0}\u{1}\u{b}\u{1b}\u{fffe}\u{ffff}";
    let strategy = (arb::document(), any::<bool>(), arb::text());
    runner()
        .run(&strategy, |(mut doc, keep, text)| {
            doc.body.push(Block::new(BlockKind::Paragraph {
                content: vec![Inline::text(format!("{text}{forbidden}{text}"))],
            }));
            for format in [Format::Jats, Format::Epub, Format::Markdown] {
                let (_, report) = written(&doc, format, keep);
                let said = report
                    .warnings()
                    .iter()
                    .any(|w| w.contains("dropped") && w.contains("character"));
                prop_assert!(
                    said,
                    "{:?}: nothing reported: {:?}",
                    format,
                    report.warnings()
                );
            }
            Ok(())
        })
        .unwrap();
}
