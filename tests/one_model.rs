//! One model for both exports: the journal's print PDF, from every sample producer, goes
//! through the same cleaning passes as the plain-text export and comes out as the same
//! article: the same blocks in the same order with the same text, the same notes, note
//! references, link targets and keywords. The PDF may add what the text export cannot carry
//! (the title block, italics), so emphasis is compared as plain text.

use offprint::model::{plain_text, Block, BlockKind, Document, Inline};
use offprint::{load, Options};
use std::path::{Path, PathBuf};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn doc(name: &str) -> Document {
    let opts = Options {
        no_sidecar: true,
        ..Options::default()
    };
    load(&sample(name), &opts)
        .unwrap_or_else(|e| panic!("{e}"))
        .document
}

/// Whitespace collapsed; the comparison is about words, not where a producer broke lines.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Link targets and note labels in reading order; a link split into adjacent pieces with the
/// same target counts once.
fn marks(inlines: &[Inline], out: &mut Vec<String>) {
    for i in inlines {
        match i {
            Inline::Link { target, content } => {
                let m = format!("link {target}");
                if out.last() != Some(&m) {
                    out.push(m);
                }
                marks(content, out);
            }
            Inline::NoteRef { id, label } => out.push(format!("ref {id} {label}")),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Superscript { content } => marks(content, out),
            Inline::Text { .. } => {}
        }
    }
}

fn inl(kind: &str, inlines: &[Inline]) -> String {
    let mut m = Vec::new();
    marks(inlines, &mut m);
    format!(
        "{kind}: {}\n    {}",
        norm(&plain_text(inlines)),
        m.join(" | ")
    )
}

/// One line of text per block, note and keyword.
fn shape(d: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for Block { kind, .. } in &d.body {
        out.push(match kind {
            BlockKind::Heading { level, content } => inl(&format!("h{level}"), content),
            BlockKind::Paragraph { content } => inl("p", content),
            BlockKind::PullQuote { content } => inl("pull", content),
            BlockKind::List { ordered, items } => items
                .iter()
                .map(|it| inl(if *ordered { "ol-item" } else { "ul-item" }, it))
                .collect::<Vec<_>>()
                .join("\n"),
            BlockKind::Figure {
                caption, credit, ..
            } => format!(
                "{} [{}]",
                inl("figure", caption),
                credit.as_deref().unwrap_or("")
            ),
            BlockKind::BlockQuote { paragraphs } => paragraphs
                .iter()
                .map(|p| inl("quote", p))
                .collect::<Vec<_>>()
                .join("\n"),
        });
    }
    for n in &d.notes {
        out.push(inl(&format!("note {} {}", n.id, n.label), &n.content));
    }
    if let Some(a) = &d.acknowledgement {
        out.push(inl("ack", &a.content));
    }
    for k in &d.meta.keywords {
        out.push(format!("keyword {} {:?}", k.text, k.uri));
    }
    for a in &d.meta.authors {
        out.push(format!(
            "author {} | {} | {}",
            a.name,
            norm(a.bio.as_deref().unwrap_or("")),
            a.affiliation.as_deref().unwrap_or("")
        ));
    }
    out.push(format!("self {:?}", d.meta.self_uri));
    out
}

fn same_as_text(pdf: &str) {
    let t = shape(&doc("global-e-2960.txt"));
    let p = shape(&doc(pdf));
    let mut diff = String::new();
    for k in 0..t.len().max(p.len()) {
        let (a, b) = (t.get(k), p.get(k));
        if a != b {
            diff.push_str(&format!(
                "#{k}\n text: {}\n  pdf: {}\n",
                a.map_or("(none)", |s| s),
                b.map_or("(none)", |s| s)
            ));
        }
    }
    assert!(
        diff.is_empty(),
        "{pdf} differs from the text export:\n{diff}"
    );
}

/// What only the PDF carries: the title block, checked against the article's known values.
fn title_block(pdf: &str) {
    let m = doc(pdf).meta;
    assert_eq!(
        m.title.as_deref(),
        Some("Multipolar Maneuvers: Sino-Russian Collaboration and Competition"),
        "{pdf}"
    );
    assert_eq!(m.series.as_deref(), Some("Re-Globalization"), "{pdf}");
    assert_eq!(m.volume.as_deref(), Some("13"), "{pdf}");
    assert_eq!(m.issue.as_deref(), Some("22"), "{pdf}");
    assert_eq!(m.date.as_deref(), Some("2020-04-10"), "{pdf}");
    let names: Vec<_> = m.authors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Pavel Raus"], "{pdf}");
}

#[test]
fn chromium_print_view_gives_the_text_exports_model() {
    same_as_text("global-e-2960.pdf");
    title_block("global-e-2960.pdf");
}

#[test]
fn libreoffice_pdf_gives_the_text_exports_model() {
    same_as_text("global-e-2960.libreoffice.pdf");
    title_block("global-e-2960.libreoffice.pdf");
}

#[test]
fn groff_pdf_gives_the_text_exports_model() {
    same_as_text("global-e-2960.groff.pdf");
}
