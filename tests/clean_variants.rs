//! Cleaning passes on article shapes other than the sample: no figure, three sections, a
//! numbered list cut by a page break, two-digit notes, a note cut by a page break, a URL
//! broken at a hyphen the link target proves is not real, a PDF-to-text file with running
//! heads and folios. Each text is written here, so every expectation follows from it.

use offprint::model::{plain_text, BlockKind, Document, Inline};
use offprint::report::{Action, Report};
use offprint::{load_bytes, Options};
use std::path::Path;

fn run(text: &str) -> (Document, Report) {
    let a = load_bytes(
        text.as_bytes(),
        Path::new("variant.txt"),
        &Options::default(),
    )
    .expect("loads");
    (a.document, a.report)
}

fn refs(inlines: &[Inline], out: &mut Vec<String>) {
    for i in inlines {
        match i {
            Inline::NoteRef { id, .. } => out.push(id.clone()),
            Inline::Link { content, .. }
            | Inline::Emphasis { content }
            | Inline::Strong { content } => refs(content, out),
            _ => {}
        }
    }
}

fn body_refs(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for b in &doc.body {
        match &b.kind {
            BlockKind::Paragraph { content } | BlockKind::Heading { content, .. } => {
                refs(content, &mut out)
            }
            BlockKind::List { items, .. } => items.iter().for_each(|i| refs(i, &mut out)),
            _ => {}
        }
    }
    out
}

fn kind(b: &offprint::model::Block) -> &'static str {
    match b.kind {
        BlockKind::Heading { .. } => "heading",
        BlockKind::Paragraph { .. } => "paragraph",
        BlockKind::List { ordered: true, .. } => "ordered list",
        BlockKind::List { .. } => "list",
        BlockKind::Figure { .. } => "figure",
        BlockKind::BlockQuote { .. } => "blockquote",
        BlockKind::PullQuote { .. } => "pullquote",
    }
}

const ESSAY: &str = "\
Introduction to the Question
The world economy has changed a great deal since the 1990s, and the G20 has tried
to respond to COVID-19 with measures worth 500 billion dollars in 2020 alone.1 The
international order is under strain, and the inter-
national community argues about the means.2\u{a0} A self-
made consensus no longer holds, as the members themselves have admitted in public.

The Three Options
Scholars describe three options for states that want to keep their sovereignty:
1. withdraw from the institutions that bind them and build new regional ones with
the partners they already trust;
2. reform the institutions from within, as Germany and France proposed in 2019,



which would take a decade at least;3
3. accept the present order and its costs.

The international order is under strain, and the international community argues about the means...

Reform from within is the slowest of the three paths, as the report of 2018 put it.4 It
needs pp. 10-21 of patience.5 Each member must agree.6 The rest is history.7 Few
believe it.8 Some do.9 Others wait.10 A few leave.11

Conclusion
States will keep choosing among these options, and some will move between them.12

Notes

1. Author, A. “Title one.” Journal, 2019, pp. 1-20.
\u{a0}
2. Author, B. “Title two.” Journal 3 (2), 2018.
\u{a0}
3. Author, C. Book. Paris, 2017.
\u{a0}
4. Author, D. Report. 2018.
\u{a0}
5. Author, E. Article. 2016.
\u{a0}
6. Author, F. Article. 2015.
\u{a0}
7. Author, G. “A note that runs over the page break and goes on for a while
\u{a0}

https://example.org/globalization-and-states/



after it, ending here.” 2014.
\u{a0}
8. Author, H. Online, 2013. https://example.org/global-
ization-and-states/ (last accessed 01.02.2020)
\u{a0}
9. Author, I. 2012.
\u{a0}
10. Author, J. 2011.
\u{a0}
11. Author, K. 2010.
\u{a0}
12. Author, L. 2009.

Tags
Economy

States

Jane Q. Doe is a professor of politics at the University of Somewhere, Canada

View PDF

https://j.org/tags/economy
https://j.org/tags/states
https://j.org/unrelated/thing
https://j.org/print/pdf/node/77
";

#[test]
fn another_shape_of_article() {
    let (doc, report) = run(ESSAY);
    let kinds: Vec<&str> = doc.body.iter().map(kind).collect();
    assert_eq!(
        kinds,
        [
            "heading",
            "paragraph",
            "heading",
            "paragraph",
            "ordered list",
            "pullquote",
            "paragraph",
            "heading",
            "paragraph"
        ],
        "{report}"
    );
    let headings: Vec<String> = doc
        .body
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Heading { content, .. } => Some(plain_text(content)),
            _ => None,
        })
        .collect();
    assert_eq!(
        headings,
        [
            "Introduction to the Question",
            "The Three Options",
            "Conclusion"
        ]
    );
    let BlockKind::Paragraph { content } = &doc.body[1].kind else {
        panic!()
    };
    let p = plain_text(content);
    assert!(p.contains("and the international community argues"), "{p}");
    assert!(p.contains("A self-made consensus"), "{p}");
    assert!(
        report
            .of(Action::Kept)
            .any(|c| c.detail.contains("ambiguous")),
        "{report}"
    );
    assert!(
        report
            .of(Action::Joined)
            .any(|c| c.detail.contains("`international` occurs")),
        "{report}"
    );
}

#[test]
fn numbered_list_cut_by_a_page_break() {
    let (doc, _) = run(ESSAY);
    let items = doc
        .body
        .iter()
        .find_map(|b| match &b.kind {
            BlockKind::List {
                ordered: true,
                items,
            } => Some(items.clone()),
            _ => None,
        })
        .unwrap();
    let texts: Vec<String> = items.iter().map(|i| plain_text(i)).collect();
    assert_eq!(
        texts,
        [
            "withdraw from the institutions that bind them and build new regional ones with the partners they already trust;",
            "reform the institutions from within, as Germany and France proposed in 2019, which would take a decade at least;3",
            "accept the present order and its costs.",
        ]
    );
}

#[test]
fn two_digit_notes_in_sequence_and_no_false_references() {
    let (doc, report) = run(ESSAY);
    let want: Vec<String> = (1..=12).map(|i| format!("fn{i}")).collect();
    assert_eq!(body_refs(&doc), want, "{report}");
    assert_eq!(doc.notes.len(), 12);
    assert_eq!(doc.notes[11].label, "12");
    // Years, decades, amounts, COVID-19, G20 and page ranges stayed text.
    let BlockKind::Paragraph { content } = &doc.body[1].kind else {
        panic!()
    };
    let text: String = content
        .iter()
        .filter_map(|i| match i {
            Inline::Text { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    for s in ["1990s", "G20", "COVID-19", "500 billion", "in 2020 alone."] {
        assert!(text.contains(s), "{s} lost from {text}");
    }
    assert!(doc.acknowledgement.is_none());
    assert!(
        report
            .warnings()
            .iter()
            .all(|w| !w.contains("never referenced")),
        "{:?}",
        report.warnings()
    );
}

#[test]
fn note_cut_by_a_page_break_and_url_broken_at_a_false_hyphen() {
    let (doc, report) = run(ESSAY);
    let n7 = plain_text(&doc.notes[6].content);
    assert_eq!(n7, "Author, G. “A note that runs over the page break and goes on for a while after it, ending here.” 2014.");
    let n8 = &doc.notes[7].content;
    let link = n8.iter().find_map(|i| match i {
        Inline::Link { target, content } => Some((target.clone(), plain_text(content))),
        _ => None,
    });
    let url = "https://example.org/globalization-and-states/";
    assert_eq!(link, Some((url.to_string(), url.to_string())));
    assert!(
        report
            .of(Action::Joined)
            .any(|c| c.detail.contains("the hyphen was a line break")),
        "{report}"
    );
}

#[test]
fn back_matter_and_unattached_links_are_reported() {
    let (doc, report) = run(ESSAY);
    let kw: Vec<(&str, Option<&str>)> = doc
        .meta
        .keywords
        .iter()
        .map(|k| (k.text.as_str(), k.uri.as_deref()))
        .collect();
    assert_eq!(
        kw,
        [
            ("Economy", Some("https://j.org/tags/economy")),
            ("States", Some("https://j.org/tags/states"))
        ]
    );
    let a = &doc.meta.authors[0];
    assert_eq!(a.name, "Jane Q. Doe");
    assert_eq!(a.surname.as_deref(), Some("Doe"));
    assert_eq!(
        a.affiliation.as_deref(),
        Some("University of Somewhere, Canada")
    );
    assert_eq!(
        doc.meta.self_uri.as_deref(),
        Some("https://j.org/print/pdf/node/77")
    );
    let un: Vec<&str> = report
        .of(Action::Unattached)
        .map(|c| c.detail.as_str())
        .collect();
    assert_eq!(un.len(), 1, "{report}");
    assert!(un[0].starts_with("https://j.org/unrelated/thing"));
}

/// What a PDF-to-text tool makes of a print view: form feeds, running heads, folios, no
/// blank lines between paragraphs, a paragraph running over the page with a capital after it.
const FROM_PDF: &str = "\
Example Journal

An Essay on Things

The first paragraph of the essay is long enough to fill a whole line of text here
and goes on for a second line that ends in the middle of a sentence about the
European Union, which ends here.
A second paragraph starts here after a short line and it also runs on for a line
that is full of words and continues over the page break to the next page where
\u{c}Example Journal

An Essay on Things

Europe continues the sentence that began on the page before this one ended.
https://example.org/node/5

Page 2 of 3

\u{c}Example Journal

An Essay on Things

A last paragraph on the last page of the essay, which is short but complete.
https://example.org/node/5

Page 3 of 3

\u{c}";

#[test]
fn text_made_from_a_pdf() {
    let mut text = FROM_PDF.to_string();
    // Page 1's footer, inserted before its form feed.
    text = text.replacen(
        "next page where\n\u{c}",
        "next page where\nhttps://example.org/node/5\n\nPage 1 of 3\n\u{c}",
        1,
    );
    let (doc, report) = run(&text);
    let paras: Vec<String> = doc
        .body
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Paragraph { content } => Some(plain_text(content)),
            _ => None,
        })
        .collect();
    assert_eq!(paras.len(), 3, "{paras:#?}\n{report}");
    assert!(paras[0].ends_with("European Union, which ends here."));
    assert!(
        paras[1].contains("to the next page where Europe continues the sentence"),
        "{}",
        paras[1]
    );
    assert!(paras[2].starts_with("A last paragraph"));
    let all = paras.join("\n");
    for furniture in [
        "Example Journal",
        "An Essay on Things",
        "Page 2 of 3",
        "node/5",
    ] {
        assert!(!all.contains(furniture), "{furniture} left");
    }
    assert_eq!(
        report
            .of(Action::Removed)
            .filter(|c| c.detail.starts_with("page number"))
            .count(),
        3,
        "{report}"
    );
}

#[test]
fn hostile_text_does_not_panic() {
    for t in [
        "",
        "\u{a0}",
        "Notes\n1.",
        "Notes\n\n1. x\n1. y\n999. z",
        "________",
        "*",
        "- \n- ",
        "word.1\u{a0}\n\nNotes\n\n1. n",
        "https://\n\nhttps://x\n\n\n",
        "a-\n-b\n\u{ad}\n\u{ad}\u{2010}",
        "“unclosed quote https://a.org/“b",
        "Tags\n\nView PDF\n\nhttps://a/print/pdf/node/\n\n",
        "\u{c}\u{c}\u{c}Page 1 of 2\u{c}Page 2 of 2",
    ] {
        let _ = run(t);
    }
    let long = "word ".repeat(20_000) + "\n" + &"x-\n".repeat(2_000);
    let _ = run(&long);
}
