//! The cleaning passes on an export that carries layout (as the PDF reader makes it, per the
//! contract in src/read/mod.rs): roles, sizes, block starts, superscript and link marks are
//! preferred over text heuristics. The exports are made by hand.

use offprint::clean::clean;
use offprint::model::{plain_text, BlockKind, Inline};
use offprint::read::{Export, Line, LineStyle, Mark, MarkKind, Origin, Page, PageLink, Role};
use offprint::report::{Action, Report};

fn line(no: u32, text: &str, role: Option<Role>, size: f32, starts: bool) -> Line {
    Line {
        no,
        text: text.to_string(),
        style: Some(LineStyle {
            size,
            role,
            starts_block: starts,
            ..Default::default()
        }),
        marks: Vec::new(),
    }
}

fn mark(text: &str, what: &str, kind: MarkKind) -> Mark {
    let start = text.find(what).expect("marked words are in the line");
    Mark {
        start,
        end: start + what.len(),
        kind,
    }
}

fn export() -> Export {
    let p = Some(Role::Paragraph);
    let mut lines = vec![
        line(1, "Global-e Journal", Some(Role::Artifact), 9.0, true),
        line(2, "An Essay Title", Some(Role::Title), 20.0, true),
        line(3, "Results", Some(Role::Heading(2)), 14.0, true),
        line(
            4,
            "The economy grew for decades1 and the report shows it",
            p,
            11.0,
            true,
        ),
        line(5, "clearly in 2019 and beyond.", p, 11.0, false),
        line(6, "", None, 0.0, false),
        line(7, "first item", Some(Role::ListItem), 11.0, true),
        line(8, "second item", Some(Role::ListItem), 11.0, true),
        line(9, "Closing words with emphasis here.", p, 11.0, true),
        line(10, "Notes", p, 11.0, true),
        line(11, "1. A note.", Some(Role::Note), 9.0, true),
    ];
    let t = lines[3].text.clone();
    lines[3].marks = vec![
        mark(&t, "1", MarkKind::Superscript),
        mark(
            &t,
            "the report",
            MarkKind::Link("https://x.org/report".into()),
        ),
    ];
    let t = lines[4].text.clone();
    lines[4].marks = vec![mark(&t, "2019", MarkKind::Superscript)];
    let t = lines[8].text.clone();
    lines[8].marks = vec![mark(&t, "emphasis", MarkKind::Emphasis)];
    Export {
        origin: Origin::Pdf,
        pages: vec![Page {
            number: 1,
            lines,
            links: vec![PageLink {
                uri: "https://x.org/report".into(),
                line: 0,
            }],
            height: Some(792.0),
        }],
        info: Default::default(),
    }
}

#[test]
fn roles_marks_and_styles_are_preferred() {
    let mut report = Report::default();
    let doc = clean(export(), &mut report);
    assert_eq!(doc.meta.title.as_deref(), Some("An Essay Title"));
    let kinds: Vec<String> = doc
        .body
        .iter()
        .map(|b| format!("{:?}", std::mem::discriminant(&b.kind)))
        .collect();
    assert_eq!(kinds.len(), 4, "{:#?}\n{report}", doc.body);
    assert!(
        matches!(&doc.body[0].kind, BlockKind::Heading { level: 1, content } if plain_text(content) == "Results")
    );

    let BlockKind::Paragraph { content } = &doc.body[1].kind else {
        panic!("{:?}", doc.body[1])
    };
    assert_eq!(
        plain_text(content),
        "The economy grew for decades1 and the report shows it clearly in 2019 and beyond."
    );
    assert!(
        matches!(&content[1], Inline::NoteRef { id, label } if id == "fn1" && label == "1"),
        "{content:?}"
    );
    assert!(content.iter().any(|i| matches!(i, Inline::Link { target, content } if target == "https://x.org/report" && plain_text(content) == "the report")));
    // A superscript that is not a note label stays a superscript.
    assert!(content
        .iter()
        .any(|i| matches!(i, Inline::Superscript { content } if plain_text(content) == "2019")));

    let BlockKind::List {
        ordered: false,
        items,
    } = &doc.body[2].kind
    else {
        panic!("{:?}", doc.body[2])
    };
    assert_eq!(
        items.iter().map(|i| plain_text(i)).collect::<Vec<_>>(),
        ["first item", "second item"]
    );

    let BlockKind::Paragraph { content } = &doc.body[3].kind else {
        panic!()
    };
    assert!(content
        .iter()
        .any(|i| matches!(i, Inline::Emphasis { content } if plain_text(content) == "emphasis")));

    assert_eq!(doc.notes.len(), 1);
    assert_eq!(plain_text(&doc.notes[0].content), "A note.");
    assert_eq!(report.of(Action::Unattached).count(), 0, "{report}");
    assert!(report
        .of(Action::Attached)
        .any(|c| c.detail.contains("https://x.org/report")));
    assert!(report
        .of(Action::Removed)
        .any(|c| c.detail.contains("artifact")));
}

#[test]
fn without_superscripts_glued_digits_are_not_trusted_blindly() {
    // The same export without any superscript mark: `decades1` is glued to a lower-case word
    // and note 1 exists, so the text heuristic finds it; `2019` is not glued and stays text.
    let mut e = export();
    for l in &mut e.pages[0].lines {
        l.marks.retain(|m| m.kind != MarkKind::Superscript);
    }
    let mut report = Report::default();
    let doc = clean(e, &mut report);
    let BlockKind::Paragraph { content } = &doc.body[1].kind else {
        panic!()
    };
    let refs: Vec<&Inline> = content
        .iter()
        .filter(|i| matches!(i, Inline::NoteRef { .. }))
        .collect();
    assert_eq!(refs.len(), 1);
    assert!(plain_text(content).contains("in 2019 and"));
}
