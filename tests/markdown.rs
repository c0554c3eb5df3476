//! Markdown writer: the output reads back (pulldown-cmark) as the model's structure, pandoc
//! reads the same notes, headings, list and metadata, hostile text stays text, output is stable.

mod common;
use common::*;
use offprint::model::{plain_text, Author, Block, BlockKind, Document, Inline, Metadata};
use offprint::report::Action;
use offprint::write::markdown::{self, model_structure, parse_structure, StructureBlock};
use offprint::write::WriteOptions;
use offprint::Report;
use serde_json::Value;

fn md_of(doc: &Document, opts: &WriteOptions) -> (String, Report) {
    let mut r = Report::default();
    let md = markdown::write(doc, opts, &mut r);
    (md, r)
}

fn assert_round_trip(name: &str, doc: &Document, opts: &WriteOptions) -> String {
    let (md, _) = md_of(doc, opts);
    let got = parse_structure(&md);
    let want = model_structure(doc, opts);
    assert_eq!(
        got, want,
        "{name}: Markdown does not read back as the model\n--- markdown ---\n{md}"
    );
    md
}

/// pandoc's text of inlines: `Str`s and spaces, quotes as the characters pandoc renders for
/// them, notes left out.
fn stringify(v: &Value) -> String {
    let mut out = String::new();
    push_inlines(v, &mut out);
    out
}

fn push_inlines(v: &Value, out: &mut String) {
    let Some(items) = v.as_array() else { return };
    for i in items {
        let c = &i["c"];
        match i["t"].as_str().unwrap_or("") {
            "Str" => out.push_str(c.as_str().unwrap_or("")),
            "Space" | "SoftBreak" | "LineBreak" => out.push(' '),
            "Emph" | "Strong" | "Underline" | "Strikeout" | "Superscript" | "Subscript"
            | "SmallCaps" => push_inlines(c, out),
            "Quoted" => {
                let (open, close) = if c[0]["t"] == "SingleQuote" {
                    ('‘', '’')
                } else {
                    ('“', '”')
                };
                out.push(open);
                push_inlines(&c[1], out);
                out.push(close);
            }
            "Link" | "Span" => push_inlines(&c[1], out),
            "Note" => {}
            other => out.push_str(&format!("<{other}>")),
        }
    }
}

/// Every block of pandoc's document, depth first, as (type, content).
fn pandoc_blocks(v: &Value, out: &mut Vec<(String, Value)>) {
    let Some(items) = v.as_array() else { return };
    for b in items {
        let t = b["t"].as_str().unwrap_or("").to_string();
        out.push((t.clone(), b["c"].clone()));
        match t.as_str() {
            "BlockQuote" => pandoc_blocks(&b["c"], out),
            "BulletList" | "OrderedList" => {
                let items = if t == "OrderedList" {
                    &b["c"][1]
                } else {
                    &b["c"]
                };
                for item in items.as_array().into_iter().flatten() {
                    pandoc_blocks(item, out);
                }
            }
            _ => {}
        }
    }
}

/// Counts inline elements of type `t` anywhere in pandoc's JSON.
fn count(v: &Value, t: &str) -> usize {
    match v {
        Value::Object(m) => {
            usize::from(m.get("t").and_then(Value::as_str) == Some(t))
                + m.values().map(|x| count(x, t)).sum::<usize>()
        }
        Value::Array(a) => a.iter().map(|x| count(x, t)).sum(),
        _ => 0,
    }
}

#[test]
fn fixture_reads_back_with_the_models_structure() {
    let doc = sample_document();
    let md = assert_round_trip("fixture", &doc, &WriteOptions::default());
    let s = parse_structure(&md);
    // Spot checks on what the comparison covers.
    assert_eq!(
        s.blocks
            .iter()
            .filter(|b| matches!(b, StructureBlock::Heading(1, _)))
            .count(),
        2
    );
    assert!(s
        .blocks
        .iter()
        .any(|b| matches!(b, StructureBlock::List(false, items) if items.len() == 4)));
    assert_eq!(s.footnotes.len(), 7);
    assert_eq!(s.footnotes.last().unwrap().0, "ack");
    assert_eq!(s.links.len(), 5);
    assert!(s
        .meta
        .iter()
        .any(|m| m.key == "author.name" && m.text == "Pavel Raus"));
    assert!(s.meta.iter().any(|m| m.key == "keywords"
        && m.text == "Russia"
        && m.link.as_deref() == Some("https://globalejournal.org/global-e/tags/russia")));
    assert!(md.starts_with(
        "---\ntitle: \"Multipolar Maneuvers: Sino-Russian Collaboration and Competition\"\n"
    ));
    assert!(md.contains("*Xi Jinping and Vladimir Putin agree to deepen technology and energy partnership at June 2019 summit meeting.* (Photo: Xinhua)"));
    assert!(md.contains("between the US and EU.[^ack]"));
    assert!(
        !md.contains("global tech dominance..."),
        "pull quotes are left out by default"
    );
}

#[test]
fn pull_quotes_kept_on_request_read_back_as_quotes() {
    let opts = WriteOptions {
        keep_pull_quotes: true,
    };
    let md = assert_round_trip("pull quotes", &sample_document(), &opts);
    assert_eq!(md.matches(markdown::PULL_QUOTE_COMMENT).count(), 2);
    let quotes = parse_structure(&md)
        .blocks
        .iter()
        .filter(|b| matches!(b, StructureBlock::Quote(_)))
        .count();
    assert_eq!(quotes, 2);
}

#[test]
fn pandoc_reads_the_notes_headings_list_and_metadata() {
    let doc = sample_document();
    let (md, _) = md_of(&doc, &WriteOptions::default());
    let json = pandoc_json(&md);
    assert_eq!(
        count(&json["blocks"], "Note"),
        7,
        "six notes and the acknowledgement"
    );
    let mut blocks = Vec::new();
    pandoc_blocks(&json["blocks"], &mut blocks);
    let headers: Vec<String> = blocks
        .iter()
        .filter(|(t, _)| t == "Header")
        .map(|(_, c)| stringify(&c[2]))
        .collect();
    assert_eq!(
        headers,
        [
            "Sino-Russian Relations: A New Counterproject of Globalization?",
            "EU-US Dissonance"
        ]
    );
    let lists: Vec<&Value> = blocks
        .iter()
        .filter(|(t, _)| t == "BulletList")
        .map(|(_, c)| c)
        .collect();
    assert_eq!(lists.len(), 1);
    assert_eq!(lists[0].as_array().unwrap().len(), 4);
    let meta = &json["meta"];
    assert_eq!(
        stringify(&meta["author"]["c"][0]["c"]["name"]["c"]),
        "Pavel Raus"
    );
    assert_eq!(
        stringify(&meta["title"]["c"]),
        doc.meta.title.clone().unwrap()
    );
    assert_eq!(stringify(&meta["date"]["c"]), "2020-04-10");
    assert_eq!(meta.get("abstract"), None, "the fixture has no abstract");
    assert_eq!(meta["keywords"]["c"].as_array().unwrap().len(), 3);
    assert_eq!(count(meta, "Link"), 3, "keywords link to their tag pages");
    // pandoc reads the text exactly: quotes, dashes, no-break spaces.
    let paras: Vec<String> = blocks
        .iter()
        .filter(|(t, _)| t == "Para")
        .map(|(_, c)| stringify(c))
        .collect();
    for b in &doc.body {
        if let BlockKind::Paragraph { content } = &b.kind {
            let want: String = content
                .iter()
                .filter(|i| !matches!(i, Inline::NoteRef { .. }))
                .map(|i| plain_text(std::slice::from_ref(i)))
                .collect();
            assert!(
                paras.contains(&want),
                "pandoc changed the text of:\n{want}\n--- pandoc has ---\n{paras:#?}"
            );
        }
    }
    let items: Vec<String> = lists[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| stringify(&i[0]["c"]))
        .collect();
    let BlockKind::List { items: want, .. } = &doc.body[4].kind else {
        panic!("fixture's list")
    };
    assert_eq!(
        items,
        want.iter().map(|i| plain_text(i)).collect::<Vec<_>>()
    );
    assert_eq!(count(&json, "RawInline") + count(&json, "RawBlock"), 0);
}

#[test]
fn pandoc_reads_the_abstract() {
    let mut doc = sample_document();
    let text = "Sino-Russian relations and the EU–US “trade conflict”: *not* emphasis, 50% [x].";
    doc.meta.abstract_ = Some(vec![t(text)]);
    let (md, _) = md_of(&doc, &WriteOptions::default());
    let json = pandoc_json(&md);
    assert_eq!(stringify(&json["meta"]["abstract"]["c"]), text, "{md}");
}

/// Text that is markup in CommonMark or in pandoc's Markdown, at a line start and inline.
const HOSTILE: &[&str] = &[
    "*em* _em_ **strong** __strong__",
    "[link](http://x) ![img](y.png) [ref][1] [^fn1] [^nope]",
    "<script>alert(1)</script> <b>bold</b> <!-- comment --> <http://auto.link>",
    "&amp; &copy; &#65; &#x41;",
    "`code` ``code``",
    "# heading",
    "## heading ##",
    "- item",
    "+ item",
    "* item",
    "1. item",
    "1) item",
    "a. item",
    "iv) item",
    "(1) item",
    "(@) example",
    "> quote",
    "| a | b |",
    "---",
    "***",
    "___",
    "===",
    "```",
    "~~~",
    "    indented code",
    "\tindented code",
    ": definition",
    "% pandoc title",
    "::: {.div}",
    "back\\slash \\* \\",
    "$math$ $$display$$ \\(x\\)",
    "@cite [@cite] -@cite",
    "~sub~ ~~strike~~ ^sup^",
    "{#id .class} [span]{.c}",
    "\"straight\" 'single' don't -- --- ... ‘lone",
    "[^1]: fake footnote",
    "[x]: http://fake.reference",
    "trailing two spaces  ",
    "<div>",
    "line\nbreak\r\nand\rcr",
    "ctl\u{1}\u{7}\u{1b}chars",
    "\u{a0}nbsp and “curly” ‘quotes’ – — …",
];

fn hostile_document() -> Document {
    let url = "http://example.org/a b)c(d?q=\"x\"&y='z'<>\\e";
    let mut body = Vec::new();
    for h in HOSTILE {
        body.push(para(vec![t(h)]));
        body.push(heading(2, h));
        body.push(Block::new(BlockKind::List {
            ordered: false,
            items: vec![vec![t(h)], vec![t("x"), t(h)]],
        }));
        body.push(Block::new(BlockKind::BlockQuote {
            paragraphs: vec![vec![t(h)]],
        }));
        body.push(para(vec![
            Inline::Link {
                target: url.into(),
                content: vec![t(h)],
            },
            t(" tail"),
        ]));
        body.push(para(vec![
            Inline::Emphasis {
                content: vec![t(h)],
            },
            t(" "),
            Inline::Strong {
                content: vec![t(h)],
            },
        ]));
    }
    body.push(Block::new(BlockKind::Figure {
        caption: vec![t(HOSTILE[0])],
        credit: Some(HOSTILE[2].into()),
        image: None,
    }));
    body.push(Block::new(BlockKind::Figure {
        caption: vec![t(HOSTILE[1])],
        credit: Some(HOSTILE[5].into()),
        image: Some(url.into()),
    }));
    body.push(para(vec![t("see"), note_ref("fn1", "1")]));
    Document {
        meta: Metadata {
            title: Some(HOSTILE.join(" ")),
            subtitle: Some("---\nfake: yaml\n...".into()),
            // Written as plain text: the link's words stay, its target does not.
            abstract_: Some(vec![
                t(&HOSTILE.join(" ")),
                Inline::Link {
                    target: url.into(),
                    content: vec![t(" linked words")],
                },
            ]),
            authors: vec![Author {
                name: "\"Quoted\" \\ Name: #1".into(),
                bio: Some(HOSTILE[7].into()),
                ..Author::default()
            }],
            keywords: HOSTILE
                .iter()
                .map(|h| offprint::model::Keyword {
                    text: h.to_string(),
                    uri: Some(url.into()),
                })
                .collect(),
            self_uri: Some(url.into()),
            ..Metadata::default()
        },
        body,
        notes: vec![note(1, vec![t(HOSTILE[9])])],
        acknowledgement: None,
    }
}

#[test]
fn hostile_text_reads_back_as_text_in_pulldown_cmark() {
    let doc = hostile_document();
    let md = assert_round_trip("hostile", &doc, &WriteOptions::default());
    // Only the writer's own markup is there: no raw HTML, code, or extra blocks from the text.
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let opts = Options::ENABLE_FOOTNOTES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut html = 0;
    for ev in Parser::new_ext(&md, opts) {
        match ev {
            Event::Html(_)
            | Event::InlineHtml(_)
            | Event::Code(_)
            | Event::Start(Tag::CodeBlock(_)) => html += 1,
            _ => {}
        }
    }
    assert_eq!(html, 0, "{md}");
    let s = parse_structure(&md);
    assert_eq!(s.footnotes.len(), 1);
    assert_eq!(
        s.blocks
            .iter()
            .filter(|b| matches!(b, StructureBlock::Heading(..)))
            .count(),
        HOSTILE.len()
    );
}

#[test]
fn hostile_text_reads_back_as_text_in_pandoc() {
    let doc = hostile_document();
    let (md, report) = md_of(&doc, &WriteOptions::default());
    let json = pandoc_json(&md);
    for t in [
        "RawInline",
        "RawBlock",
        "Code",
        "CodeBlock",
        "Math",
        "Cite",
        "Strikeout",
        "Subscript",
        "Superscript",
        "Table",
        "DefinitionList",
        "Div",
        "HorizontalRule",
        "OrderedList",
        "LineBlock",
    ] {
        assert_eq!(
            count(&json, t),
            0,
            "pandoc found a {t} made from text:\n{md}"
        );
    }
    assert_eq!(count(&json["blocks"], "Note"), 1);
    assert_eq!(count(&json["blocks"], "Header"), HOSTILE.len());
    assert_eq!(count(&json["blocks"], "BulletList"), HOSTILE.len());
    // Every paragraph's text is exactly the model's (line breaks as spaces, controls gone).
    let mut blocks = Vec::new();
    pandoc_blocks(&json["blocks"], &mut blocks);
    let paras: Vec<String> = blocks
        .iter()
        .filter(|(t, _)| t == "Para" || t == "Plain")
        .map(|(_, c)| stringify(c))
        .collect();
    for h in HOSTILE {
        let want: String = h
            .replace("\r\n", " ")
            .replace(['\r', '\n'], " ")
            .chars()
            .filter(|&c| c >= ' ' || c == '\t')
            .collect();
        let want = want.trim_matches([' ', '\t']);
        // pandoc's Space collapses runs of spaces and tabs.
        let norm = |s: &str| {
            s.split([' ', '\t'])
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert!(
            paras.iter().any(|p| norm(p) == norm(want)),
            "pandoc changed {want:?}; it has:\n{paras:#?}"
        );
    }
    let title = stringify(&json["meta"]["title"]["c"]);
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let want_title: String = HOSTILE
        .join(" ")
        .chars()
        .filter(|&c| c >= ' ' || c == '\t' || c == '\n' || c == '\r')
        .collect();
    assert_eq!(norm(&title), norm(&want_title));
    assert_eq!(
        stringify(&json["meta"]["author"]["c"][0]["c"]["name"]["c"]),
        "\"Quoted\" \\ Name: #1"
    );
    assert_eq!(
        json["meta"]["keywords"]["c"].as_array().unwrap().len(),
        HOSTILE.len()
    );
    assert!(report
        .warnings()
        .iter()
        .any(|w| w.contains("control character")));
    assert!(report.warnings().iter().any(|w| w.contains("line break")));
}

#[test]
fn an_unreferenced_acknowledgement_is_a_paragraph_after_a_rule() {
    let mut doc = sample_document();
    if let BlockKind::Paragraph { content } = &mut doc.body[1].kind {
        content.retain(|i| !matches!(i, Inline::NoteRef { .. }));
    }
    let md = assert_round_trip("unreferenced ack", &doc, &WriteOptions::default());
    assert!(!md.contains("[^ack]"));
    let json = pandoc_json(&md);
    assert_eq!(count(&json["blocks"], "Note"), 6);
    assert_eq!(count(&json["blocks"], "HorizontalRule"), 1);
    let text = serde_json::to_string(&json["blocks"]).unwrap();
    assert!(
        text.contains("Karolewski"),
        "pandoc kept the acknowledgement"
    );
}

#[test]
fn consecutive_lists_stay_separate() {
    let list = |ordered| {
        Block::new(BlockKind::List {
            ordered,
            items: vec![vec![t("a")], vec![t("b")]],
        })
    };
    let doc = Document {
        body: vec![
            list(false),
            list(false),
            list(false),
            list(true),
            list(true),
        ],
        ..Document::default()
    };
    let md = assert_round_trip("lists", &doc, &WriteOptions::default());
    let json = pandoc_json(&md);
    assert_eq!(count(&json["blocks"], "BulletList"), 3, "{md}");
    assert_eq!(count(&json["blocks"], "OrderedList"), 2, "{md}");
}

#[test]
fn odd_shapes_read_back() {
    let doc = Document {
        body: vec![
            heading(0, "zero"),
            heading(9, "nine"),
            heading(3, ""),
            para(vec![]),
            Block::new(BlockKind::List {
                ordered: false,
                items: vec![],
            }),
            Block::new(BlockKind::List {
                ordered: true,
                items: vec![vec![t("one")], vec![t("two")]],
            }),
            Block::new(BlockKind::BlockQuote {
                paragraphs: vec![vec![t("q1")], vec![t("q2")]],
            }),
            Block::new(BlockKind::BlockQuote {
                paragraphs: vec![vec![t("q3")]],
            }),
            Block::new(BlockKind::Figure {
                caption: vec![],
                credit: Some("Photo: X".into()),
                image: None,
            }),
            Block::new(BlockKind::Figure {
                caption: vec![t("cap")],
                credit: None,
                image: Some("a b.jpg".into()),
            }),
            para(vec![
                Inline::Emphasis {
                    content: vec![t(" spaced ")],
                },
                Inline::Strong {
                    content: vec![t("")],
                },
                Inline::Superscript {
                    content: vec![t("2")],
                },
                Inline::Link {
                    target: "http://empty".into(),
                    content: vec![],
                },
                Inline::Link {
                    target: "http://a".into(),
                    content: vec![
                        t("a "),
                        Inline::Link {
                            target: "http://b".into(),
                            content: vec![t("b")],
                        },
                    ],
                },
                note_ref("missing", "9"),
            ]),
        ],
        notes: vec![offprint::model::Note {
            id: "1 bad id".into(),
            label: "1".into(),
            content: vec![t("n")],
            source: None,
        }],
        ..Document::default()
    };
    let (md, report) = md_of(&doc, &WriteOptions::default());
    assert_round_trip("odd shapes", &doc, &WriteOptions::default());
    assert!(md.contains("# zero\n") && md.contains("###### nine\n"));
    assert!(md.contains("[^fn1]: n"), "{md}");
    let w = report.warnings();
    for needle in [
        "heading level 9",
        "empty heading",
        "inside a link",
        "points to no note",
        "not a usable footnote label",
    ] {
        assert!(
            w.iter().any(|x| x.contains(needle)),
            "no warning about {needle}: {w:?}"
        );
    }
    assert_eq!(report.of(Action::Removed).count(), 1, "the empty list");
}

#[test]
fn output_is_deterministic() {
    let doc = sample_document();
    assert_eq!(
        md_of(&doc, &WriteOptions::default()).0.as_bytes(),
        md_of(&doc.clone(), &WriteOptions::default()).0.as_bytes()
    );
}

#[test]
fn fixture_snapshot() {
    insta::assert_snapshot!(
        "markdown_fixture",
        md_of(&sample_document(), &WriteOptions::default()).0
    );
}

#[test]
fn the_binary_writes_markdown_pandoc_reads() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("OUT.md");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_offprint"))
        .args(["convert", "--no-sidecar"])
        .arg(root.join("samples/global-e-2960.txt"))
        .arg("-o")
        .arg(&out)
        .args([
            "--meta",
            "title=Multipolar Maneuvers",
            "--meta",
            "author=Pavel Raus",
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let md = std::fs::read_to_string(&out).unwrap();
    let json = pandoc_json(&md);
    assert_eq!(
        stringify(&json["meta"]["title"]["c"]),
        "Multipolar Maneuvers"
    );
    assert!(serde_json::to_string(&json["blocks"])
        .unwrap()
        .contains("Benedikter"));
}

mod random {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(common::cases(300)))]
        /// Any text, made of Markdown's special characters or not, reads back as itself.
        #[test]
        fn any_text_reads_back(
            text in "[-*_`#>+=:%()\\[\\]<>!&|~^$@{}\"'\\\\.0-9a-z \t\u{a0}‘’“”\n]{0,30}",
            url in "[a-z:/ ()<>\\\\\"']{0,15}",
        ) {
            let doc = Document {
                meta: Metadata { title: Some(text.clone()), ..Metadata::default() },
                body: vec![
                    para(vec![t(&text)]),
                    heading(1, &text),
                    Block::new(BlockKind::List { ordered: false, items: vec![vec![t(&text)]] }),
                    para(vec![Inline::Link { target: url, content: vec![t(&text)] }]),
                ],
                ..Document::default()
            };
            let (md, _) = md_of(&doc, &WriteOptions::default());
            prop_assert_eq!(parse_structure(&md), model_structure(&doc, &WriteOptions::default()), "{}", md);
        }
    }
}

mod random_documents {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(common::cases(300)))]
        /// Whole documents, hostile text included, read back with the model's structure.
        #[test]
        fn any_document_reads_back(doc in common::arb::document(), keep in any::<bool>()) {
            let opts = WriteOptions { keep_pull_quotes: keep };
            let (md, _) = md_of(&doc, &opts);
            prop_assert_eq!(parse_structure(&md), model_structure(&doc, &opts), "{}", md);
        }
    }
}

mod random_documents_in_pandoc {
    use super::*;
    use proptest::prelude::*;

    /// The raw HTML and blocks the writer itself emits; anything else raw came from text.
    fn writers_own(v: &Value) -> bool {
        let Some(items) = v.as_array() else {
            return true;
        };
        let raw = |x: &Value| x["c"][1].as_str().unwrap_or("").trim().to_string();
        items.iter().all(|x| match x["t"].as_str() {
            Some("RawInline") => matches!(raw(x).as_str(), "<sup>" | "</sup>"),
            Some("RawBlock") => {
                raw(x) == markdown::PULL_QUOTE_COMMENT || raw(x) == "<!-- end of list -->"
            }
            _ => true,
        })
    }

    fn raws(v: &Value, out: &mut Vec<Value>) {
        match v {
            Value::Object(m) => {
                if matches!(
                    m.get("t").and_then(Value::as_str),
                    Some("RawInline" | "RawBlock")
                ) {
                    out.push(v.clone());
                }
                m.values().for_each(|x| raws(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| raws(x, out)),
            _ => {}
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(common::cases(24)))]
        /// pandoc finds no markup the writer did not write, and every footnote.
        #[test]
        fn pandoc_sees_only_the_writers_markup(doc in common::arb::document(), keep in any::<bool>()) {
            let opts = WriteOptions { keep_pull_quotes: keep };
            let (md, _) = md_of(&doc, &opts);
            let json = pandoc_json(&md);
            for t in ["Code", "CodeBlock", "Math", "Cite", "Strikeout", "Subscript", "Superscript", "Table", "DefinitionList", "Div", "LineBlock"] {
                prop_assert_eq!(count(&json, t), 0, "pandoc found a {} made from text:\n{}", t, md);
            }
            let mut found = Vec::new();
            raws(&json, &mut found);
            prop_assert!(writers_own(&Value::Array(found.clone())), "raw markup from text: {:?}\n{}", found, md);
            let s = model_structure(&doc, &opts);
            let referenced: std::collections::BTreeSet<&str> = s
                .blocks
                .iter()
                .flat_map(|b| match b {
                    StructureBlock::Heading(_, t) | StructureBlock::Paragraph(t) => vec![t.clone()],
                    StructureBlock::List(_, items) | StructureBlock::Quote(items) => items.clone(),
                    StructureBlock::Rule => vec![],
                })
                .flat_map(|t| s.footnotes.iter().filter(move |(l, _)| t.contains(&format!("[^{l}]"))).map(|(l, _)| l.as_str()).collect::<Vec<_>>())
                .collect();
            // Every footnote the body refers to is a note for pandoc.
            prop_assert!(count(&json["blocks"], "Note") >= referenced.len(), "{}", md);
        }
    }
}

/// Whatever the cleaning passes make of the real sample, its Markdown reads back with the
/// model's structure, and pandoc finds every footnote the body refers to.
#[test]
fn the_cleaned_sample_reads_back() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_offprint"))
        .args(["convert", "--no-sidecar", "--to", "json"])
        .arg(root.join("samples/global-e-2960.txt"))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let doc: Document = serde_json::from_slice(&run.stdout).unwrap();
    for keep in [false, true] {
        let opts = WriteOptions {
            keep_pull_quotes: keep,
        };
        let md = assert_round_trip("cleaned sample", &doc, &opts);
        let s = model_structure(&doc, &opts);
        let body = format!("{:?}", s.blocks);
        let referenced = s
            .footnotes
            .iter()
            .filter(|(l, _)| body.contains(&format!("[^{l}]")))
            .count();
        let json = pandoc_json(&md);
        assert!(count(&json["blocks"], "Note") >= referenced, "{md}");
        let raw = serde_json::to_string(&json).unwrap();
        let comments = raw.matches(markdown::PULL_QUOTE_COMMENT).count()
            + raw.matches("<!-- end of list -->").count();
        assert_eq!(
            count(&json, "RawInline") + count(&json, "RawBlock"),
            comments,
            "only the writer's own comments are raw"
        );
    }
}

#[test]
fn footnote_labels_are_made_valid_and_unique() {
    let mut doc = sample_document();
    doc.notes[0].id = "1".into(); // not an XML name: readers make labels into ids
    doc.notes[1].id = "fn3".into(); // duplicate of note 3's id
    let (md, report) = md_of(&doc, &WriteOptions::default());
    assert_round_trip("ids", &doc, &WriteOptions::default());
    let defs: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("[^"))
        .map(|l| l.split(']').next().unwrap())
        .collect();
    assert_eq!(
        defs,
        ["[^fn1", "[^fn3", "[^fn7", "[^fn4", "[^fn5", "[^fn6", "[^ack"]
    );
    assert_eq!(
        report
            .warnings()
            .iter()
            .filter(|w| w.contains("not a usable footnote label"))
            .count(),
        2
    );
}
