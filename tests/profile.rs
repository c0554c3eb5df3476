//! A second journal, made up for this test, with its own conventions: other web furniture,
//! other back-matter headings (`Sources`, `Subjects`), another acknowledgement mark and rule
//! (`§`, `~~~~~~~~`), another bio verb (`directs`). Its profile is a TOML file; the same
//! code converts its export correctly, and Global-e's profile does not.

use offprint::model::{BlockKind, Document, Inline};
use offprint::{Options, Profile};
use std::path::Path;

const EXPORT: &str = "\
Save to reading list

A lead paragraph of the made-up journal that runs over two lines of the page, as
the export wraps it, and ends here.§

Methods and materials
We measured the widths of the lines of the page and nothing else in this study of
layout, which took a long time and many pages of notes.1  Then we stopped, and we
wrote it all down.

~~~~~~~~
§The editors thank the reviewers.

Sources
1. Doe, J. “A study of layout.” Journal of Examples, 2020.

Subjects
Layout
Typography and the design of long documents for screens

Ana Lima directs the Laboratory of Layout at the University of Nowhere.
";

const PROFILE: &str = r#"
journal = "Journal of Made-Up Studies"
language = "pt"
web_furniture = ["save to reading list"]
notes_headings = ["sources"]
tags_headings = ["subjects"]
ack_marks = "§"
rule_chars = "~"
bio_verbs = [" directs "]
"#;

fn convert(profile: Profile) -> Document {
    let opts = Options {
        profile,
        no_sidecar: true,
        ..Default::default()
    };
    offprint::load_bytes(EXPORT.as_bytes(), Path::new("made-up.txt"), &opts)
        .expect("the export converts")
        .document
}

fn text(content: &[Inline]) -> String {
    content
        .iter()
        .map(|i| match i {
            Inline::Text { text } => text.clone(),
            Inline::NoteRef { label, .. } => format!("[{label}]"),
            Inline::Link { content, .. } | Inline::Emphasis { content } => text(content),
            _ => String::new(),
        })
        .collect()
}

#[test]
fn a_second_journal_converts_with_its_own_profile() {
    let profile = Profile::from_toml(PROFILE).expect("the profile parses");
    assert_eq!(profile.journal, "Journal of Made-Up Studies");
    let doc = convert(profile);
    // Furniture gone; lead, heading, paragraph; references to the note and the acknowledgement.
    let blocks: Vec<String> = doc
        .body
        .iter()
        .map(|b| match &b.kind {
            BlockKind::Heading { content, .. } => format!("# {}", text(content)),
            BlockKind::Paragraph { content } => text(content),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(blocks.len(), 3, "{blocks:#?}");
    assert!(blocks[0].ends_with("ends here.[§]"), "{}", blocks[0]);
    assert_eq!(blocks[1], "# Methods and materials");
    assert!(
        blocks[2].contains("many pages of notes.[1]"),
        "{}",
        blocks[2]
    );
    assert_eq!(doc.notes.len(), 1);
    assert!(text(&doc.notes[0].content).starts_with("Doe, J."));
    let ack = doc.acknowledgement.as_ref().expect("an acknowledgement");
    assert_eq!(text(&ack.content), "The editors thank the reviewers.");
    let keywords: Vec<&str> = doc.meta.keywords.iter().map(|k| k.text.as_str()).collect();
    assert_eq!(
        keywords,
        [
            "Layout",
            "Typography and the design of long documents for screens"
        ]
    );
    assert_eq!(doc.meta.authors.len(), 1);
    assert_eq!(doc.meta.authors[0].name, "Ana Lima");
    assert_eq!(doc.meta.language.as_deref(), Some("pt"));
}

#[test]
fn the_global_e_profile_does_not_know_that_journal() {
    let doc = convert(Profile::default());
    assert!(doc.notes.is_empty());
    assert!(doc.meta.keywords.is_empty());
    assert!(doc.meta.authors.is_empty());
    let all: String = doc
        .body
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Paragraph { content } => Some(text(content)),
            _ => None,
        })
        .collect();
    assert!(all.contains("Save to reading list"));
}

#[test]
fn a_bad_profile_file_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.toml");
    std::fs::write(&file, "notes_headings = 3\n").unwrap();
    let e = Profile::load(&file).unwrap_err().to_string();
    assert!(e.contains("p.toml") && e.contains("bad profile"), "{e}");
    std::fs::write(&file, "jounral = \"typo\"\n").unwrap();
    assert!(Profile::load(&file).is_err());
}
