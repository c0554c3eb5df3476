//! The journal's real plain-text export (samples/global-e-2960.txt) through `offprint::load`:
//! every structure the cleaning passes recognise, checked against the source text.

use offprint::model::{plain_text, Block, BlockKind, Document, Inline};
use offprint::report::Action;
use offprint::{load, Article, Options};
use std::path::Path;

const SAMPLE: &str = "samples/global-e-2960.txt";

fn article() -> Article {
    let opts = Options {
        no_sidecar: true,
        ..Default::default()
    };
    load(Path::new(SAMPLE), &opts).expect("the sample loads")
}

fn source_lines() -> Vec<String> {
    std::fs::read_to_string(SAMPLE)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

/// The words of source lines `first..=last`, a line-end hyphen joined to the next word as
/// printed (every one in this article is real).
fn source_words(lines: &[String], first: u32, last: u32) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut glue = false;
    for l in &lines[first as usize - 1..last as usize] {
        for (i, w) in l.split_whitespace().enumerate() {
            if glue && i == 0 {
                out.last_mut().unwrap().push_str(w);
            } else {
                out.push(w.to_string());
            }
        }
        glue = l.trim_end().ends_with('-') && !l.trim().is_empty();
    }
    out
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(String::from).collect()
}

fn kinds(doc: &Document) -> Vec<&'static str> {
    doc.body
        .iter()
        .map(|b| match b.kind {
            BlockKind::Heading { .. } => "heading",
            BlockKind::Paragraph { .. } => "paragraph",
            BlockKind::List { .. } => "list",
            BlockKind::Figure { .. } => "figure",
            BlockKind::BlockQuote { .. } => "blockquote",
            BlockKind::PullQuote { .. } => "pullquote",
        })
        .collect()
}

fn refs(inlines: &[Inline], out: &mut Vec<(String, String)>) {
    for i in inlines {
        match i {
            Inline::NoteRef { id, label } => out.push((id.clone(), label.clone())),
            Inline::Link { content, .. }
            | Inline::Emphasis { content }
            | Inline::Strong { content } => refs(content, out),
            _ => {}
        }
    }
}

fn links(inlines: &[Inline]) -> Vec<(String, String)> {
    inlines
        .iter()
        .filter_map(|i| match i {
            Inline::Link { target, content } => Some((target.clone(), plain_text(content))),
            _ => None,
        })
        .collect()
}

#[test]
fn body_shape() {
    let doc = article().document;
    assert_eq!(
        kinds(&doc),
        [
            "figure",
            "paragraph",
            "heading",
            "paragraph",
            "list",
            "paragraph",
            "pullquote",
            "paragraph",
            "heading",
            "paragraph",
            "pullquote",
            "paragraph"
        ]
    );
}

#[test]
fn paragraphs_word_for_word_against_the_source() {
    let doc = article().document;
    let src = source_lines();
    let mut checked = 0;
    for b in &doc.body {
        let text = match &b.kind {
            BlockKind::Paragraph { content }
            | BlockKind::PullQuote { content }
            | BlockKind::Heading { content, .. } => plain_text(content),
            _ => continue,
        };
        let s = b.source.expect("every block keeps its source span");
        assert_eq!(
            words(&text),
            source_words(&src, s.first_line, s.last_line),
            "block at lines {s:?}"
        );
        checked += 1;
    }
    assert_eq!(checked, 10);
    // Typographic quotes, dashes, accents and no-break spaces intact.
    let all: String = doc
        .body
        .iter()
        .filter_map(para_text)
        .collect::<Vec<_>>()
        .join("\n");
    for s in [
        "Following Benedikter and Kofler’s argument",
        "Kofler’s\u{a0}“re-framing” option",
        "two aspects of re-globalization: Sino-Russian relations",
        "organizations—for instance",
        "of the world economy via the emergence of new trade and economic zones. In this regard, the new leadership",
        "new form of re-globalization that to some extent opposes",
        "the US and the EU from the 1990s onwards.",
    ] {
        assert!(all.contains(s), "missing {s:?}");
    }
    assert!(!all.contains("reglobalization") && !all.contains("re- globalization"));
}

fn para_text(b: &Block) -> Option<String> {
    match &b.kind {
        BlockKind::Paragraph { content } => Some(plain_text(content)),
        _ => None,
    }
}

#[test]
fn headings_list_and_figure() {
    let doc = article().document;
    let headings: Vec<String> = doc
        .body
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Heading { level: 1, content } => Some(plain_text(content)),
            _ => None,
        })
        .collect();
    assert_eq!(
        headings,
        [
            "Sino-Russian Relations: A New Counterproject of Globalization?",
            "EU-US Dissonance"
        ]
    );
    let list = doc.body.iter().find_map(|b| match &b.kind {
        BlockKind::List {
            ordered: false,
            items,
        } => Some(items.iter().map(|i| plain_text(i)).collect::<Vec<_>>()),
        _ => None,
    });
    assert_eq!(
        list.unwrap(),
        [
            "In June 2016, the ‘Memorandum of Understanding on Launching Cooperation in the Domain of Innovation;",
            "In December 2017, an agreement on promoting the construction of a Sino-Russian high-tech center at Skolkovo;",
            "In September 2018, the first China–Russia Industry Innovation Competition, focused on the theme of ‘Innovation Drives the Future’ and highlighting big data, AI, and high-end manufacturing;",
            "As of 2019, plans for the opening of another Russian high-tech park and innovation center in the city of Shenzhen.",
        ]
    );
    let BlockKind::Figure {
        caption, credit, ..
    } = &doc.body[0].kind
    else {
        panic!("no lead figure")
    };
    assert_eq!(
        plain_text(caption),
        "Xi Jinping and Vladimir Putin agree to deepen technology and energy partnership at June 2019 summit meeting."
    );
    assert_eq!(credit.as_deref(), Some("Photo: Xinhua"));
    let first = para_text(&doc.body[1]).unwrap();
    assert!(first.starts_with("Following Benedikter"), "{first}");
}

#[test]
fn note_references_and_acknowledgement() {
    let doc = article().document;
    let mut found = Vec::new();
    for b in &doc.body {
        match &b.kind {
            BlockKind::Paragraph { content } => refs(content, &mut found),
            BlockKind::List { items, .. } => items.iter().for_each(|i| refs(i, &mut found)),
            _ => {}
        }
    }
    let expect: Vec<(String, String)> = [
        ("ack", "*"),
        ("fn1", "1"),
        ("fn2", "2"),
        ("fn3", "3"),
        ("fn4", "4"),
        ("fn5", "5"),
        ("fn6", "6"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(found, expect);
    assert_eq!(doc.notes.len(), 6);
    for (i, n) in doc.notes.iter().enumerate() {
        assert_eq!(n.id, format!("fn{}", i + 1));
        assert_eq!(n.label, (i + 1).to_string());
    }
    assert!(plain_text(&doc.notes[0].content)
        .starts_with("Milanovic, Branko. “The clash of capitalisms."));
    assert!(plain_text(&doc.notes[3].content).ends_with("OECD Publishing, Paris, 2018."));
    let ack = doc.acknowledgement.as_ref().expect("acknowledgement");
    assert_eq!((ack.id.as_str(), ack.label.as_deref()), ("ack", Some("*")));
    assert_eq!(
        plain_text(&ack.content),
        "The author thanks Pawel Karolewski, University of Leipzig, Germany, for his support and critical contribution to this text."
    );
    // The `*` sits right after `EU.` at the end of the lead paragraph.
    let BlockKind::Paragraph { content } = &doc.body[1].kind else {
        panic!()
    };
    assert!(matches!(content.last(), Some(Inline::NoteRef { id, .. }) if id == "ack"));
    assert!(
        matches!(&content[content.len() - 2], Inline::Text { text } if text.ends_with("between the US and EU."))
    );
}

#[test]
fn notes_carry_their_full_urls() {
    let doc = article().document;
    let asan = "http://www.theasanforum.org/the-case-of-sino-russian-relations-in-the-us-shadow/";
    assert_eq!(
        links(&doc.notes[1].content),
        [(asan.to_string(), asan.to_string())]
    );
    let welt = "https://www.welt.de/politik/ausland/article194198299/Europawahl-2019-Ergebnisse-aller-EU-Laender-die-Sieger-im-Ueberblick.html";
    let l5 = links(&doc.notes[4].content);
    assert_eq!(l5.len(), 1);
    assert_eq!(l5[0].0, welt);
    assert!(
        l5[0].1.ends_with("Europawahl-2019-Erg..."),
        "visible text kept as printed"
    );
    let eir = "https://www.e-ir.info/2013/11/14/does-globalization-diminish-the-importance-of-nationalism/";
    let l6 = links(&doc.notes[5].content);
    assert_eq!(
        l6,
        [
            (
                "https://www.e-ir.info/author/tammam-o-abdulsattar/".to_string(),
                "Abdulsattar, Tammam O".to_string()
            ),
            (
                eir.to_string(),
                "Does globalization diminish the importance of nationalism?".to_string()
            ),
            (eir.to_string(), eir.to_string()),
        ]
    );
    assert!(
        plain_text(&doc.notes[5].content).contains("E-International Relations, November 14, 2013.")
    );
}

#[test]
fn metadata_from_back_matter_and_furniture() {
    let doc = article().document;
    let kw: Vec<(&str, Option<&str>)> = doc
        .meta
        .keywords
        .iter()
        .map(|k| (k.text.as_str(), k.uri.as_deref()))
        .collect();
    assert_eq!(
        kw,
        [
            (
                "Russia",
                Some("https://globalejournal.org/global-e/tags/russia")
            ),
            (
                "China",
                Some("https://globalejournal.org/global-e/tags/china")
            ),
            (
                "globalization",
                Some("https://globalejournal.org/global-e/tags/globalization")
            ),
        ]
    );
    let a = &doc.meta.authors[..];
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].name, "Pavel Raus");
    assert_eq!(
        (a[0].given.as_deref(), a[0].surname.as_deref()),
        (Some("Pavel"), Some("Raus"))
    );
    assert_eq!(
        a[0].bio.as_deref(),
        Some("Pavel Raus is a graduate student at the Global and European Studies Institute of the University of Leipzig, Germany")
    );
    assert_eq!(
        a[0].affiliation.as_deref(),
        Some("Global and European Studies Institute of the University of Leipzig, Germany")
    );
    assert_eq!(
        doc.meta.self_uri.as_deref(),
        Some("https://globalejournal.org/print/pdf/node/2960")
    );
    assert!(doc
        .meta
        .identifiers
        .iter()
        .any(|i| i.scheme == "node" && i.value == "2960"));
}

#[test]
fn no_furniture_or_dump_left() {
    let doc = article().document;
    let mut all = String::new();
    let mut d = doc.clone();
    offprint::model::walk_inlines_mut(&mut d, &mut |i| {
        all.push_str(&plain_text(i));
        all.push('\n');
    });
    for bad in [
        "View PDF",
        "Tags",
        "Notes\n",
        "________",
        "Pavel Raus is",
        "globalejournal.org",
    ] {
        assert!(!all.contains(bad), "{bad:?} left in the text");
    }
    // No paragraph holds a bare URI (the dumps) and no paragraph is a pull quote.
    for b in &doc.body {
        if let Some(t) = para_text(b) {
            assert!(
                !t.trim().starts_with("http"),
                "URI dump left as a paragraph: {t}"
            );
            assert!(
                !t.starts_with("China and Russia see opportunities")
                    && !t.starts_with("Russia sees in OBOR")
            );
        }
    }
    assert_eq!(
        doc.body
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::PullQuote { .. }))
            .count(),
        2
    );
    assert!(!all.contains('\u{c}'));
}

#[test]
fn report_accounts_for_every_dumped_uri() {
    let art = article();
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    // The dumped URIs are the lines holding nothing but a URI.
    let dumped: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("http") && !l.contains(' '))
        .map(|(i, l)| (i + 1, l))
        .collect();
    assert_eq!(dumped.len(), 12);
    for (no, uri) in &dumped {
        let no = *no as u32;
        let listed = art.report.changes.iter().any(|c| {
            c.pass != "furniture" || c.action != Action::Removed
        } && c.detail.contains(uri) && matches!(c.action, Action::Attached | Action::Unattached));
        assert!(
            listed,
            "{uri} (line {no}) neither attached nor unattached in the report"
        );
        let removed = art
            .report
            .of(Action::Removed)
            .any(|c| c.lines.is_some_and(|(a, b)| a <= no && no <= b));
        assert!(removed, "dump line {no} not reported removed");
    }
    assert!(art.report.changes.iter().any(|c| c
        .detail
        .contains("12 dumped link rectangles: 12 attached, 0 unattached")));
    assert_eq!(art.report.of(Action::Repaired).count(), 1);
    // Every real hyphen is reported kept, with its evidence.
    let kept: Vec<_> = art.report.of(Action::Kept).collect();
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(kept.iter().all(|c| c.detail.contains("re-globalization")));
}
