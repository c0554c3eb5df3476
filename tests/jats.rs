//! JATS writer: every output validates against the JATS 1.3 Journal Publishing DTD (xmllint),
//! text reads back exactly (quick-xml), hostile text cannot inject markup, output is stable.

mod common;
use common::*;
use offprint::model::{
    plain_text, Acknowledgement, Author, Block, BlockKind, Document, Identifier, Inline, Metadata,
};
use offprint::report::Action;
use offprint::write::{jats, WriteOptions};
use offprint::Report;
use quick_xml::events::Event;
use quick_xml::Reader;

fn jats_of(doc: &Document, opts: &WriteOptions) -> (String, Report) {
    let mut r = Report::default();
    let xml = jats::write(doc, opts, &mut r);
    (xml, r)
}

fn assert_valid(name: &str, doc: &Document, opts: &WriteOptions) -> (String, Report) {
    let (xml, r) = jats_of(doc, opts);
    if let Err(e) = xmllint_validate(&xml) {
        panic!("{name}: JATS output does not validate:\n{e}\n--- output ---\n{xml}");
    }
    (xml, r)
}

/// The text content of every element named `name`, in order (entities resolved).
fn texts_of(xml: &str, name: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.name().as_ref() == name => {
                if depth == 0 {
                    cur.clear();
                }
                depth += 1;
            }
            Ok(Event::Empty(e)) if e.name().as_ref() == name && depth == 0 => {
                out.push(String::new())
            }
            Ok(Event::End(e)) if e.name().as_ref() == name => {
                depth -= 1;
                if depth == 0 {
                    out.push(std::mem::take(&mut cur));
                }
            }
            Ok(Event::Text(t)) if depth > 0 => cur.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if depth > 0 => {
                let c = match r.resolve_char_ref().expect("character reference") {
                    Some(c) => c,
                    None => match r.xml10_content().as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unknown entity &{other};"),
                    },
                };
                cur.push(c);
            }
            Ok(Event::Eof) => break,
            Err(e) => panic!("not well-formed XML: {e}\n{xml}"),
            _ => {}
        }
    }
    out
}

#[test]
fn fixture_validates_and_has_the_articles_parts() {
    let doc = sample_document();
    let (xml, report) = assert_valid("fixture", &doc, &WriteOptions::default());
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE article PUBLIC \"-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.3 20210610//EN\""));
    assert!(xml.contains(r#"dtd-version="1.3""#) && xml.contains(r#"xml:lang="en""#));
    assert_eq!(
        texts_of(&xml, "article-title"),
        [doc.meta.title.clone().unwrap()]
    );
    assert_eq!(texts_of(&xml, "surname"), ["Raus"]);
    assert_eq!(texts_of(&xml, "given-names"), ["Pavel"]);
    assert_eq!(texts_of(&xml, "journal-title"), ["Global-e"]);
    assert_eq!(texts_of(&xml, "series-title"), ["Re-Globalization"]);
    assert_eq!(texts_of(&xml, "kwd"), ["Russia", "China", "globalization"]);
    assert!(xml.contains(r#"iso-8601-date="2020-04-10""#));
    assert_eq!(texts_of(&xml, "volume"), ["13"]);
    assert_eq!(texts_of(&xml, "issue"), ["22"]);
    // Two sections, the list, the figure with its credit, six notes and the acknowledgement.
    assert_eq!(texts_of(&xml, "sec").len(), 2);
    assert_eq!(texts_of(&xml, "list-item").len(), 4);
    assert_eq!(texts_of(&xml, "attrib"), ["Photo: Xinhua"]);
    assert_eq!(texts_of(&xml, "fn").len(), 6);
    assert_eq!(texts_of(&xml, "label"), ["1", "2", "3", "4", "5", "6"]);
    assert_eq!(texts_of(&xml, "ack").len(), 1);
    assert!(xml.contains(r#"<xref ref-type="fn" rid="fn1">1</xref>"#));
    assert!(xml.contains(r#"<xref ref-type="other" rid="ack">*</xref>"#));
    assert_eq!(xml.matches("<ext-link ext-link-type=\"uri\"").count(), 5);
    // Pull quotes are left out by default, and the report says so.
    assert_eq!(xml.matches("<disp-quote").count(), 0);
    assert_eq!(
        report
            .of(Action::Removed)
            .filter(|c| c.detail.starts_with("pull quote"))
            .count(),
        2
    );
    // Text kept exactly: curly quotes, dashes, the no-break space after a note mark.
    let ps = texts_of(&xml, "p");
    assert!(
        ps.iter().any(|p| p.contains("decades.1\u{a0} However")),
        "{ps:?}"
    );
    assert!(ps.iter().any(|p| p.contains("Kofler’s\u{a0}“re-framing”")));
}

#[test]
fn fixture_paragraph_text_reads_back_exactly() {
    let doc = sample_document();
    let (xml, _) = jats_of(&doc, &WriteOptions::default());
    let want: Vec<String> = doc
        .body
        .iter()
        .filter_map(|b| match &b.kind {
            // The caption reads as printed, its credit in parentheses after it.
            BlockKind::Figure {
                caption, credit, ..
            } => Some(vec![match credit {
                Some(c) => format!("{} ({c})", plain_text(caption)),
                None => plain_text(caption),
            }]),
            BlockKind::Paragraph { content } => Some(vec![plain_text(content)]),
            BlockKind::List { items, .. } => Some(items.iter().map(|i| plain_text(i)).collect()),
            _ => None,
        })
        .flatten()
        .chain(std::iter::once(plain_text(
            &doc.acknowledgement.as_ref().unwrap().content,
        )))
        .chain(doc.notes.iter().map(|n| plain_text(&n.content)))
        .chain(doc.meta.authors.iter().filter_map(|a| a.bio.clone()))
        .collect();
    let mut got = texts_of(&xml, "p");
    let mut want = want;
    got.sort();
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn pull_quotes_kept_on_request_validate() {
    let opts = WriteOptions {
        keep_pull_quotes: true,
    };
    let (xml, report) = assert_valid("pull quotes", &sample_document(), &opts);
    assert_eq!(
        xml.matches(r#"<disp-quote content-type="pull-quote">"#)
            .count(),
        2
    );
    assert_eq!(report.of(Action::Removed).count(), 0);
}

#[test]
fn without_title_it_still_validates_and_reports() {
    let mut doc = sample_document();
    doc.meta.title = None;
    let (xml, report) = assert_valid("no title", &doc, &WriteOptions::default());
    assert!(xml.contains("<article-title/>"));
    assert!(
        report.warnings().iter().any(|w| w.contains("no title")),
        "{:?}",
        report.warnings()
    );
}

#[test]
fn without_authors_notes_or_metadata_it_validates() {
    let mut doc = sample_document();
    doc.meta.authors.clear();
    let (xml, _) = assert_valid("no authors", &doc, &WriteOptions::default());
    assert!(!xml.contains("<contrib"));

    let mut doc = sample_document();
    doc.notes.clear();
    doc.acknowledgement = None;
    let (xml, report) = assert_valid("no notes", &doc, &WriteOptions::default());
    assert!(!xml.contains("<back>") && !xml.contains("<xref"));
    // The references had nothing to point to: kept as marks, reported.
    assert!(xml.contains("<sup>1</sup>") && xml.contains("<sup>*</sup>"));
    assert_eq!(
        report
            .warnings()
            .iter()
            .filter(|w| w.contains("points to no note"))
            .count(),
        7
    );

    let (xml, _) = assert_valid(
        "empty document",
        &Document::default(),
        &WriteOptions::default(),
    );
    assert!(
        !xml.contains("<body>")
            && xml.contains("<journal-id/>")
            && xml.contains("<article-title/>")
    );

    let mut doc = sample_document();
    doc.meta = Metadata::default();
    assert_valid("no metadata", &doc, &WriteOptions::default());
}

#[test]
fn nested_and_odd_headings_nest_as_sections() {
    let doc = Document {
        body: vec![
            para(vec![t("before any heading")]),
            heading(1, "One"),
            para(vec![t("a")]),
            heading(2, "One.One"),
            heading(3, "One.One.One"),
            para(vec![t("b")]),
            heading(1, "Two"),
            heading(3, "Jump to three"),
            heading(0, "Level zero"),
            heading(9, "Level nine"),
            heading(2, ""),
            para(vec![t("c")]),
        ],
        ..Document::default()
    };
    let (xml, _) = assert_valid("nested headings", &doc, &WriteOptions::default());
    assert_eq!(xml.matches("<sec>").count(), 8);
    assert_eq!(xml.matches("<sec>").count(), xml.matches("</sec>").count());
    // One.One.One sits three sections deep.
    let depth_of = |title: &str| {
        let at = xml.find(&format!("<title>{title}</title>")).unwrap();
        let before = &xml[..at];
        before.matches("<sec>").count() - before.matches("</sec>").count()
    };
    assert_eq!(depth_of("One.One.One"), 3);
    assert_eq!(depth_of("Jump to three"), 2);
    assert_eq!(depth_of("Level zero"), 1);
    assert_eq!(depth_of("Level nine"), 2);
}

#[test]
fn empty_list_and_empty_quote_are_left_out_and_reported() {
    let doc = Document {
        body: vec![
            Block::new(BlockKind::List {
                ordered: false,
                items: vec![],
            }),
            Block::new(BlockKind::List {
                ordered: true,
                items: vec![vec![], vec![t("x")]],
            }),
            Block::new(BlockKind::BlockQuote { paragraphs: vec![] }),
            Block::new(BlockKind::BlockQuote {
                paragraphs: vec![vec![t("quoted")]],
            }),
        ],
        ..Document::default()
    };
    let (xml, report) = assert_valid("empty list", &doc, &WriteOptions::default());
    assert_eq!(xml.matches("<list ").count(), 1);
    assert!(xml.contains(r#"<list list-type="order">"#));
    assert_eq!(xml.matches("<disp-quote>").count(), 1);
    assert_eq!(report.of(Action::Removed).count(), 2);
}

const HOSTILE: &str = "a < b && c > d ]]> <script>alert(1)</script> &amp; &#x41; <![CDATA[x]]> <!-- c --> <?pi?> \"q\" 'a'";

fn hostile_document() -> Document {
    let ctl = "bell\u{7}nul\u{0}esc\u{1b}\u{FFFE}\u{FFFF}tab\tcr\rend";
    let url = "http://example.org/a b?q=\"x\"&y='z'<>#frag";
    Document {
        meta: Metadata {
            title: Some(HOSTILE.into()),
            subtitle: Some(ctl.into()),
            authors: vec![Author {
                name: HOSTILE.into(),
                surname: Some("<Surname>".into()),
                given: Some("&Given".into()),
                bio: Some(HOSTILE.into()),
                affiliation: Some("]]>".into()),
            }],
            date: Some("2020-04-10".into()),
            journal: Some(HOSTILE.into()),
            volume: Some("<1>".into()),
            issue: Some("&2".into()),
            series: Some(HOSTILE.into()),
            abstract_: Some(vec![
                t(HOSTILE),
                Inline::Link {
                    target: url.into(),
                    content: vec![t(ctl)],
                },
            ]),
            keywords: vec![offprint::model::Keyword {
                text: HOSTILE.into(),
                uri: Some(url.into()),
            }],
            self_uri: Some(url.into()),
            identifiers: vec![Identifier {
                scheme: "doi".into(),
                value: HOSTILE.into(),
            }],
            language: Some("en\" onload=\"x".into()),
        },
        body: vec![
            heading(1, HOSTILE),
            para(vec![
                t(HOSTILE),
                Inline::Link {
                    target: url.into(),
                    content: vec![t(HOSTILE)],
                },
                t(ctl),
                note_ref("fn1", "<1>"),
            ]),
            Block::new(BlockKind::Figure {
                caption: vec![t(HOSTILE)],
                credit: Some(HOSTILE.into()),
                image: Some(url.into()),
            }),
            Block::new(BlockKind::List {
                ordered: false,
                items: vec![vec![t(HOSTILE)]],
            }),
            Block::new(BlockKind::BlockQuote {
                paragraphs: vec![vec![t(HOSTILE)]],
            }),
        ],
        notes: vec![note(
            1,
            vec![
                t(HOSTILE),
                Inline::Link {
                    target: url.into(),
                    content: vec![],
                },
            ],
        )],
        acknowledgement: Some(Acknowledgement {
            id: "ack".into(),
            label: Some("*".into()),
            content: vec![t(HOSTILE)],
            source: None,
        }),
    }
}

#[test]
fn hostile_text_is_escaped_never_markup() {
    let doc = hostile_document();
    let (xml, report) = assert_valid("hostile text", &doc, &WriteOptions::default());
    assert!(
        !xml.contains("<script")
            && !xml.contains("<![CDATA[")
            && !xml.contains("<!-- c")
            && !xml.contains("<?pi")
    );
    assert!(!xml.contains("]]>"));
    assert!(xml.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // Entities in the input are text, not references.
    assert!(xml.contains("&amp;amp;") && xml.contains("&amp;#x41;"));
    // The text reads back exactly.
    assert_eq!(texts_of(&xml, "article-title"), [HOSTILE]);
    assert!(texts_of(&xml, "p").iter().any(|p| p.starts_with(HOSTILE)));
    // Attribute values with quotes and spaces survive.
    assert!(xml
        .contains(r#"xlink:href="http://example.org/a b?q=&quot;x&quot;&amp;y='z'&lt;&gt;#frag""#));
    assert!(!xml.contains("onload"));
    // Control characters are dropped (XML 1.0 cannot carry them) and reported; tab and CR kept.
    let sub = texts_of(&xml, "subtitle");
    assert_eq!(sub, ["bellnulesctab\tcr\rend"]);
    assert!(report
        .warnings()
        .iter()
        .any(|w| w.contains("dropped") && w.contains("XML 1.0")));
    assert!(report.warnings().iter().any(|w| w.contains("language")));
}

#[test]
fn ids_are_made_valid_and_unique() {
    let mut doc = sample_document();
    doc.notes[0].id = "1".into(); // not an XML name
    doc.notes[1].id = "fn3".into(); // duplicate of note 3's id
    doc.acknowledgement.as_mut().unwrap().id = "fig1".into(); // clashes with the figure's id
    let (xml, report) = assert_valid("ids", &doc, &WriteOptions::default());
    assert!(xml.contains(r#"<fn id="fn1">"#));
    assert_eq!(xml.matches(r#"<fn id="fn3">"#).count(), 1);
    // The other notes keep their ids: one bad id shifts nothing.
    for id in ["fn4", "fn5", "fn6"] {
        assert_eq!(
            xml.matches(&format!(r#"<fn id="{id}">"#)).count(),
            1,
            "{id}"
        );
    }
    assert!(!report.warnings().is_empty());
}

#[test]
fn links_and_references_where_the_dtd_forbids_them() {
    let doc = Document {
        body: vec![para(vec![Inline::Link {
            target: "http://a".into(),
            content: vec![
                t("outer "),
                Inline::Link {
                    target: "http://b".into(),
                    content: vec![t("inner")],
                },
                Inline::Emphasis {
                    content: vec![t("em"), note_ref("fn1", "1")],
                },
            ],
        }])],
        notes: vec![note(1, vec![t("n")])],
        ..Document::default()
    };
    let (xml, report) = assert_valid("nested links", &doc, &WriteOptions::default());
    assert_eq!(xml.matches("<ext-link").count(), 1);
    // The reference cannot sit inside <ext-link>: it follows it.
    assert!(
        xml.contains(
            r#"outer inner<italic>em</italic></ext-link><xref ref-type="fn" rid="fn1">1</xref>"#
        ),
        "{xml}"
    );
    let about_links: Vec<String> = report
        .warnings()
        .into_iter()
        .filter(|w| w.contains("inside a link"))
        .collect();
    assert_eq!(about_links.len(), 2, "{about_links:?}");
}

#[test]
fn metadata_variants_validate() {
    let mut doc = sample_document();
    doc.meta.identifiers = vec![
        Identifier {
            scheme: "doi".into(),
            value: "10.1234/abc".into(),
        },
        Identifier {
            scheme: "node".into(),
            value: "2960".into(),
        },
        Identifier {
            scheme: "handle".into(),
            value: "x/y".into(),
        },
        Identifier {
            scheme: "zenodo".into(),
            value: "77".into(),
        },
        Identifier {
            scheme: "eissn".into(),
            value: "1938-0348".into(),
        },
        Identifier {
            scheme: "uri".into(),
            value: "https://globalejournal.org/node/2960?x".into(),
        },
    ];
    doc.meta.subtitle = Some("A subtitle".into());
    doc.meta.date = Some("2020-04".into());
    doc.meta.authors.push(Author {
        name: "Only A. Name".into(),
        ..Author::default()
    });
    doc.meta.authors.push(Author {
        given: Some("Given".into()),
        ..Author::default()
    });
    doc.meta.authors.push(Author::default());
    doc.meta.keywords.push(offprint::model::Keyword {
        text: "no uri".into(),
        uri: None,
    });
    doc.body.insert(
        0,
        Block::new(BlockKind::Figure {
            caption: vec![],
            credit: None,
            image: Some("lead.jpg".into()),
        }),
    );
    let (xml, report) = assert_valid("metadata variants", &doc, &WriteOptions::default());
    assert!(xml.contains(r#"<article-id pub-id-type="doi">10.1234/abc</article-id>"#));
    assert!(xml.contains(r#"<article-id pub-id-type="publisher-id">2960</article-id>"#));
    assert!(
        xml.contains(r#"<article-id pub-id-type="custom" custom-type="zenodo">77</article-id>"#)
    );
    assert!(xml.contains(r#"<issn publication-format="electronic">1938-0348</issn>"#));
    assert!(xml.contains(r#"<self-uri xlink:href="https://globalejournal.org/node/2960?x"/>"#));
    assert!(xml.contains("<string-name>Only A. Name</string-name>"));
    assert!(xml.contains(r#"iso-8601-date="2020-04""#) && !xml.contains("<day>"));
    assert!(!report.warnings().iter().any(|w| w.contains("ISSN")));

    doc.meta.date = Some("April 10, 2020".into());
    let (xml, report) = assert_valid("string date", &doc, &WriteOptions::default());
    assert!(!xml.contains("<pub-date"));
    assert!(report.warnings().iter().any(|w| w.contains("not ISO 8601")));
}

#[test]
fn output_is_deterministic() {
    let doc = sample_document();
    let a = jats_of(&doc, &WriteOptions::default()).0;
    let b = jats_of(&doc.clone(), &WriteOptions::default()).0;
    assert_eq!(a.as_bytes(), b.as_bytes());
}

#[test]
fn fixture_snapshot() {
    insta::assert_snapshot!(
        "jats_fixture",
        jats_of(&sample_document(), &WriteOptions::default()).0
    );
}

#[test]
fn the_binary_converts_the_sample_to_valid_jats() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("OUT.xml");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_offprint"))
        .args(["convert", "--no-sidecar"])
        .arg(root.join("samples/global-e-2960.txt"))
        .arg("-o")
        .arg(&out)
        .args([
            "--meta",
            "title=Multipolar Maneuvers: Sino-Russian Collaboration and Competition",
        ])
        .args([
            "--meta",
            "author=Pavel Raus",
            "--meta",
            "date=2020-04-10",
            "--meta",
            "journal=Global-e",
        ])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    if let Err(e) = xmllint_validate_file(&out) {
        panic!("offprint's JATS for the sample does not validate:\n{e}");
    }
    let xml = std::fs::read_to_string(&out).unwrap();
    assert!(xml.contains("<article-title>Multipolar Maneuvers"));
    // The sample's words are all there, whichever cleaning passes have run.
    let text = texts_of(&xml, "body").concat();
    assert!(text.contains("Benedikter and Kofler’s"), "{text}");
    assert!(text.contains("onwards."));
}

mod random {
    use super::*;
    use proptest::prelude::*;

    fn doc_with(text: String, url: String) -> Document {
        Document {
            meta: Metadata {
                title: Some(text.clone()),
                ..Metadata::default()
            },
            body: vec![
                heading(1, &text),
                para(vec![
                    t(&text),
                    Inline::Link {
                        target: url,
                        content: vec![t(&text)],
                    },
                ]),
            ],
            ..Document::default()
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(common::cases(200)))]
        /// Any text is well-formed XML and reads back exactly, minus what XML 1.0 forbids.
        #[test]
        fn any_text_reads_back(text in "[\\PC\u{0}-\u{1f}<>&\"'\\]\\[\u{FFFE}\u{FFFF}]{0,40}", url in "\\PC{0,20}") {
            let doc = doc_with(text.clone(), url);
            let (xml, _) = jats_of(&doc, &WriteOptions::default());
            let kept: String = text.chars().filter(|&c| jats::is_xml_char(c)).collect();
            // Metadata is trimmed; body text is not.
            let meta: String = text.trim().chars().filter(|&c| jats::is_xml_char(c)).collect();
            prop_assert_eq!(texts_of(&xml, "article-title"), vec![meta]);
            prop_assert_eq!(texts_of(&xml, "title"), vec![kept]);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(common::cases(12)))]
        #[test]
        fn any_text_validates(text in "[\\PC\u{0}-\u{1f}<>&\"\\]]{0,30}", url in "\\PC{0,20}") {
            let (xml, _) = jats_of(&doc_with(text, url), &WriteOptions::default());
            prop_assert!(xmllint_validate(&xml).is_ok(), "{}", xml);
        }
    }
}

mod random_documents {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(common::cases(40)))]
        /// Whole documents, hostile text included, validate against the DTD.
        #[test]
        fn any_document_validates(doc in common::arb::document(), keep in any::<bool>()) {
            let (xml, _) = jats_of(&doc, &WriteOptions { keep_pull_quotes: keep });
            if let Err(e) = xmllint_validate(&xml) {
                prop_assert!(false, "{}\n{}", e, xml);
            }
        }
    }
}
