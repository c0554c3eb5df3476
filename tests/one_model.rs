//! One model for both exports: the journal's print PDF, from every sample producer, goes
//! through the same cleaning passes as the plain-text export and comes out as the same
//! article: the same blocks in the same order with the same text, the same notes, note
//! references, link targets and keywords. The PDF may add what the text export cannot carry
//! (the title block, italics), so emphasis is compared as plain text.
//!
//! The groff PDF is the same article made another way (pandoc to groff): its own title block,
//! an abstract, the acknowledgement as footnote 1. It is compared by content (see
//! [`by_content`]), and its title block against what it printed.

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

/// The article as groff typeset it is compared by what it says, not by how its notes are
/// numbered: pandoc made the groff source with the acknowledgement as footnote 1 (the text
/// export marks it `*` after a rule), so the other notes are 2-7 there and 1-6 here. A note
/// reference is therefore shown as the text it points at, and the notes (with the
/// acknowledgement, wherever it is kept) in the order they are first referenced.
fn by_content(d: &Document) -> Vec<String> {
    let mut targets: Vec<(String, String)> = d
        .notes
        .iter()
        .map(|n| (n.id.clone(), content_text(&n.content)))
        .collect();
    if let Some(a) = &d.acknowledgement {
        targets.push((a.id.clone(), content_text(&a.content)));
    }
    let mut out = Vec::new();
    let mut order: Vec<String> = Vec::new();
    for Block { kind, .. } in &d.body {
        let mut line = |kind: &str, content: &[Inline]| {
            let mut m = Vec::new();
            content_marks(content, &targets, &mut m, &mut order);
            format!("{kind}: {}\n    {}", content_text(content), m.join(" | "))
        };
        out.push(match kind {
            BlockKind::Heading { level, content } => line(&format!("h{level}"), content),
            BlockKind::Paragraph { content } => line("p", content),
            BlockKind::PullQuote { content } => line("pull", content),
            BlockKind::List { ordered, items } => items
                .iter()
                .map(|it| line(if *ordered { "ol-item" } else { "ul-item" }, it))
                .collect::<Vec<_>>()
                .join("\n"),
            BlockKind::Figure {
                caption, credit, ..
            } => format!(
                "{} [{}]",
                line("figure", caption),
                credit.as_deref().unwrap_or("")
            ),
            BlockKind::BlockQuote { paragraphs } => paragraphs
                .iter()
                .map(|p| line("quote", p))
                .collect::<Vec<_>>()
                .join("\n"),
        });
    }
    let notes = d
        .notes
        .iter()
        .map(|n| (n.id.as_str(), n.content.as_slice()))
        .chain(
            d.acknowledgement
                .iter()
                .map(|a| (a.id.as_str(), a.content.as_slice())),
        );
    let mut notes: Vec<(usize, String)> = notes
        .map(|(id, content)| {
            let first = order.iter().position(|o| o == id).unwrap_or(usize::MAX);
            let mut m = Vec::new();
            content_marks(content, &targets, &mut m, &mut Vec::new());
            (
                first,
                format!("note: {}\n    {}", content_text(content), m.join(" | ")),
            )
        })
        .collect();
    notes.sort_by_key(|n| n.0);
    out.extend(notes.into_iter().map(|n| n.1));
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

/// Plain text for the groff comparison: whitespace collapsed; single quotes folded, since
/// pandoc's smart quotes made the groff source print `the ’Memorandum` and `EU’s` where the
/// journal has `‘Memorandum` and `EU's`; a link whose text is a URL read as its target, since
/// the journal prints a long URL cut short (`.../Europawahl-2019-Erg...`) and groff whole.
fn content_text(inlines: &[Inline]) -> String {
    fn walk(inlines: &[Inline], out: &mut String) {
        for i in inlines {
            match i {
                Inline::Text { text } => out.push_str(text),
                Inline::Link { target, content }
                    if plain_text(content).trim_start().starts_with("http") =>
                {
                    out.push_str(target)
                }
                Inline::Link { content, .. }
                | Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Superscript { content } => walk(content, out),
                // Its label is how the notes are numbered; what it points at is in the marks.
                Inline::NoteRef { .. } => out.push_str("[ref]"),
            }
        }
    }
    let mut s = String::new();
    walk(inlines, &mut s);
    norm(&s).replace(['‘', '’', '\''], "'")
}

fn content_marks(
    inlines: &[Inline],
    targets: &[(String, String)],
    out: &mut Vec<String>,
    order: &mut Vec<String>,
) {
    for i in inlines {
        match i {
            Inline::Link { target, content } => {
                let m = format!("link {target}");
                if out.last() != Some(&m) {
                    out.push(m);
                }
                content_marks(content, targets, out, order);
            }
            Inline::NoteRef { id, .. } => {
                let text = targets
                    .iter()
                    .find(|t| &t.0 == id)
                    .map_or("(dangling)", |t| t.1.as_str());
                out.push(format!(
                    "ref to {:?}",
                    text.chars().take(40).collect::<String>()
                ));
                if !order.contains(id) {
                    order.push(id.clone());
                }
            }
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Superscript { content } => content_marks(content, targets, out, order),
            Inline::Text { .. } => {}
        }
    }
}

#[test]
fn groff_pdf_gives_the_text_exports_article() {
    let text = doc("global-e-2960.txt");
    let groff = doc("global-e-2960.groff.pdf");
    let (t, g) = (by_content(&text), by_content(&groff));
    let mut diff = String::new();
    for k in 0..t.len().max(g.len()) {
        let (a, b) = (t.get(k), g.get(k));
        if a != b {
            diff.push_str(&format!(
                "#{k}\n text: {}\n groff: {}\n",
                a.map_or("(none)", |s| s),
                b.map_or("(none)", |s| s)
            ));
        }
    }
    assert!(
        diff.is_empty(),
        "groff differs from the text export:\n{diff}"
    );
    // The notes as numbered: groff's acknowledgement is its note 1.
    let labels = |d: &Document| d.notes.iter().map(|n| n.label.clone()).collect::<Vec<_>>();
    assert_eq!(labels(&groff), ["1", "2", "3", "4", "5", "6", "7"]);
    assert_eq!(labels(&text), ["1", "2", "3", "4", "5", "6"]);
    assert!(groff.acknowledgement.is_none());
    assert_eq!(
        text.acknowledgement
            .as_ref()
            .and_then(|a| a.label.as_deref()),
        Some("*")
    );
    // The title block pandoc set, in the metadata and nowhere in the body: title (the
    // largest type on page 1), date, the abstract under its ABSTRACT heading. Its byline
    // `true` (a YAML `author: true` printed) is no author: the only author is the bio's.
    let m = &groff.meta;
    assert_eq!(
        m.title.as_deref(),
        Some("Multipolar Maneuvers: Sino-Russian Collaboration and Competition")
    );
    assert_eq!(m.date.as_deref(), Some("2020-04-10"));
    assert_eq!(
        m.abstract_.as_deref().map(content_text).as_deref(),
        Some(
            "Sino-Russian relations and the EU–US trade conflict as two aspects of \
             re-globalization: a “contending globalization” that may be on the verge of \
             becoming a dominant facet of globalization."
        )
    );
    let names: Vec<_> = m.authors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Pavel Raus"]);
    // groff's page carries no issue line.
    assert_eq!((&m.series, &m.volume, &m.issue), (&None, &None, &None));
}
