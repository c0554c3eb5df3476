//! Shared test helpers: a fixture [`Document`] shaped like the cleaned sample article
//! (samples/global-e-2960.txt, with its sentences), the JATS DTD lookup, and runners for
//! xmllint and pandoc that fail with a clear message when the tool is missing.
#![allow(dead_code)]

use offprint::model::{
    Acknowledgement, Author, Block, BlockKind, Document, Inline, Keyword, Metadata, Note,
};
use std::path::PathBuf;
use std::process::Command;

pub fn t(s: &str) -> Inline {
    Inline::text(s)
}

pub fn note_ref(id: &str, label: &str) -> Inline {
    Inline::NoteRef {
        id: id.into(),
        label: label.into(),
    }
}

pub fn link(target: &str, text: &str) -> Inline {
    Inline::Link {
        target: target.into(),
        content: vec![t(text)],
    }
}

pub fn para(content: Vec<Inline>) -> Block {
    Block::new(BlockKind::Paragraph { content })
}

pub fn heading(level: u8, text: &str) -> Block {
    Block::new(BlockKind::Heading {
        level,
        content: vec![t(text)],
    })
}

pub fn note(n: usize, content: Vec<Inline>) -> Note {
    Note {
        id: format!("fn{n}"),
        label: n.to_string(),
        content,
        source: None,
    }
}

/// The sample article as the cleaning passes produce it, with metadata supplied by `--meta`.
pub fn sample_document() -> Document {
    let meta = Metadata {
        title: Some("Multipolar Maneuvers: Sino-Russian Collaboration and Competition".into()),
        subtitle: None,
        authors: vec![Author {
            name: "Pavel Raus".into(),
            given: Some("Pavel".into()),
            surname: Some("Raus".into()),
            bio: Some(
                "Pavel Raus is a graduate student at the Global and European Studies Institute of \
                 the University of Leipzig, Germany"
                    .into(),
            ),
            affiliation: Some(
                "Global and European Studies Institute, University of Leipzig, Germany".into(),
            ),
        }],
        date: Some("2020-04-10".into()),
        journal: Some("Global-e".into()),
        volume: Some("13".into()),
        issue: Some("22".into()),
        series: Some("Re-Globalization".into()),
        abstract_: None,
        keywords: ["Russia", "China", "globalization"]
            .iter()
            .map(|k| Keyword {
                text: k.to_string(),
                uri: Some(format!(
                    "https://globalejournal.org/global-e/tags/{}",
                    k.to_lowercase()
                )),
            })
            .collect(),
        self_uri: Some("https://globalejournal.org/node/2960".into()),
        identifiers: vec![],
        language: Some("en".into()),
    };
    let body = vec![
        Block::new(BlockKind::Figure {
            caption: vec![t("Xi Jinping and Vladimir Putin agree to deepen technology and energy \
                partnership at June 2019 summit meeting.")],
            credit: Some("Photo: Xinhua".into()),
            image: None,
        }),
        para(vec![
            t("Following Benedikter and Kofler’s argument that national sovereignty has today \
               become a major, if not decisive, driver of re-globalization, this essay outlines the \
               idea that there is a new facet of globalization, which we would like to call \
               “contending globalization” and which we see as a constituent part of Benedikter and \
               Kofler’s\u{a0}“re-framing” option. We find contending globalization mainly \
               represented by current Sino-Russian relations. Their joint illiberal project, \
               combined with tensions in the EU-US relationship, is on the verge of becoming a new \
               and perhaps even a dominant facet of globalization. Therefore this essay focuses on \
               two aspects of re-globalization: Sino-Russian relations, and the “trade conflict” \
               between the US and EU."),
            note_ref("ack", "*"),
        ]),
        heading(1, "Sino-Russian Relations: A New Counterproject of Globalization?"),
        para(vec![
            t("There seems to be agreement among scholars that the US has largely benefitted from \
               its open-world economic policy while preserving its own sovereignty at the same \
               time. Because of the liberal meritocratic form of US capitalism, the US economy has \
               dominated the world for the last several decades."),
            note_ref("fn1", "1"),
            t("\u{a0} However, with the financial growth of Eurasia and the formation of new \
               international organizations—for instance, the Shanghai Cooperation Organization \
               (SCO) or the Asia-Pacific Economic Cooperation (APEC)—the balance of economic and \
               political power in the world has changed. Nowadays, the Sino-Russian relationship \
               is experiencing a “golden age” as they pursue bilateral security arrangements and \
               “the spirit of innovation” becomes not only more institutionalized, but also has \
               strategic and ideological implications as an illiberal counterproject to US-led \
               globalization."),
            note_ref("fn2", "2"),
            t("\u{a0} Several important treaties and agreements have been signed that cement \
               Sino-Russian collaboration at all levels:"),
        ]),
        Block::new(BlockKind::List {
            ordered: false,
            items: vec![
                vec![t("In June 2016, the ‘Memorandum of Understanding on Launching Cooperation in \
                        the Domain of Innovation;")],
                vec![t("In December 2017, an agreement on promoting the construction of a \
                        Sino-Russian high-tech center at Skolkovo;")],
                vec![t("In September 2018, the first China–Russia Industry Innovation Competition, \
                        focused on the theme of ‘Innovation Drives the Future’ and highlighting big \
                        data, AI, and high-end manufacturing;")],
                vec![t("As of 2019, plans for the opening of another Russian high-tech park and \
                        innovation center in the city of Shenzhen.")],
            ],
        }),
        para(vec![
            t("As scientific knowledge and technology are central to economic development, China \
               and Russia see opportunities for both their own development and a collective \
               challenge to the US global tech dominance in these bilateral agreements. However, so \
               far it is China that has been the dominant player in this bilateral collaboration \
               scheme while Russia finds itself in a position of disadvantage."),
            note_ref("fn3", "3"),
            t("\u{a0} Still, Russia sees this as a chance, since by liberalizing economic ties with \
               its most important neighbor, Moscow can participate in the discussion about the \
               future of the world economy."),
        ]),
        Block::new(BlockKind::PullQuote {
            content: vec![t("China and Russia see opportunities for both their own development and \
                a collective challenge to the US global tech dominance...")],
        }),
        para(vec![
            t("On the other hand, the Sino-Russian cooperation has encountered various problems. \
               These include Russian’s reservations about China’s “One Belt, One Road” (OBOR) \
               initiative. But aside from this, Russia sees in OBOR a new form of re-globalization \
               that to some extent opposes the America-led liberal/neoliberal system, and \
               therefore actively participates in the Chinese initiative."),
            note_ref("fn4", "4"),
        ]),
        heading(1, "EU-US Dissonance"),
        para(vec![
            t("In this context the EU seems to be one of the few remaining global economic actors \
               still interested in the continuation of the European unification process. The \
               right-wing and nationalist factions such as the German “AfD” or The Italian “Lega” \
               agreed on strengthening nation-states, promoting more security at the EU's external \
               borders, and a strong limitation on immigration into the EU."),
            note_ref("fn5", "5"),
            t("\u{a0} At the same time, the EU is experiencing a rough patch with its hitherto most \
               important overseas ally. In this regard, the new leadership of the European \
               Commission faces the challenge of stabilizing the EU internal market amidst \
               re-globalization."),
            note_ref("fn6", "6"),
            t("\u{a0} The EU countries already need to stimulate their domestic consumption, as \
               Union losses from the trade war could be even more serious in the future."),
        ]),
        Block::new(BlockKind::PullQuote {
            content: vec![t("Russia sees in OBOR a new form of re-globalization that to some extent \
                opposes the America-led liberal/neoliberal system, and therefore actively \
                participates in the Chinese initiative.")],
        }),
        para(vec![t("Can the current situation be called re-globalization or is it just a new or \
            altered stage of globalization? Regardless of what we call it, a profound \
            transformation is currently underway. On the other hand, this new form of \
            globalization would be fragmented, quite different from the liberal international \
            order promoted by the US and the EU from the 1990s onwards.")]),
    ];
    let asan = "http://www.theasanforum.org/the-case-of-sino-russian-relations-in-the-us-shadow/";
    let welt = "https://www.welt.de/politik/ausland/article194198299/\
                Europawahl-2019-Ergebnisse-aller-EU-Laender-die-Sieger-im-Ueberblick.html";
    let eir = "https://www.e-ir.info/2013/11/14/does-globalization-diminish-the-importance-of-nationalism/";
    let notes = vec![
        note(1, vec![t("Milanovic, Branko. “The clash of capitalisms. The real fight for the global \
            economy’s future.” Foreign Affairs, 99 (1), January/February 2020, pp. 10-21.")]),
        note(2, vec![
            t("The Asan Forum. “The case of Sino-Russian relations in the US shadow.” Special \
               Forum, May 10, 2019. "),
            link(asan, asan),
            t(" (last acceded 16.01.2020)"),
        ]),
        note(3, vec![t("Bendett, Samuel & Kania, Elsa. “A new Sino-Russian high-tech partnership.” \
            The Australian Strategic Policy Institute, October 29, 2019.")]),
        note(4, vec![t("OECD. “The belt and road initiative in the global trade, investment and \
            finance landscape.” OECD Business and Finance Outlook 2018, OECD Publishing, Paris, \
            2018.")]),
        note(5, vec![
            t("Die Welt. “Europawahl 2019: Ergebnisse aller EU-Länder – die Sieger im Überblick.”, \
               May 27, 2019. "),
            link(welt, "https://www.welt.de/politik/ausland/article194198299/Europawahl-2019-Erg..."),
            t(" (last accessed 16.01.2020)"),
        ]),
        note(6, vec![
            link("https://www.e-ir.info/author/tammam-o-abdulsattar/", "Abdulsattar, Tammam O."),
            t(" “"),
            link(eir, "Does globalization diminish the importance of nationalism?"),
            t("” E-International Relations, November 14, 2013. "),
            link(eir, eir),
            t(" (last acceded 27.01.2020)."),
        ]),
    ];
    Document {
        meta,
        body,
        notes,
        acknowledgement: Some(Acknowledgement {
            id: "ack".into(),
            label: Some("*".into()),
            content: vec![t(
                "The author thanks Pawel Karolewski, University of Leipzig, Germany, \
                for his support and critical contribution to this text.",
            )],
            source: None,
        }),
    }
}

/// The JATS 1.3 Journal Publishing DTD: $JATS_DTD, else the copy the repository carries
/// (tests/jats-dtd/, NLM's public-domain DTD suite).
pub fn jats_dtd() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut candidates = Vec::new();
    if let Some(p) = std::env::var_os("JATS_DTD") {
        candidates.push(PathBuf::from(p));
    }
    candidates.push(root.join("tests/jats-dtd/JATS-journalpublishing1-3-mathml3.dtd"));
    match candidates.iter().find(|p| p.is_file()) {
        Some(p) => p.clone(),
        None => panic!(
            "JATS 1.3 DTD not found (set JATS_DTD; the repository carries it in tests/jats-dtd/); looked in: {candidates:?}"
        ),
    }
}

/// Validates `xml` against the JATS DTD with `xmllint --noout --nonet --dtdvalid`. Panics
/// if xmllint is not installed; returns xmllint's messages when the document is invalid.
pub fn xmllint_validate(xml: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("article.xml");
    std::fs::write(&file, xml).expect("write temporary XML");
    xmllint_validate_file(&file)
}

/// As [`xmllint_validate`], for a file.
pub fn xmllint_validate_file(file: &std::path::Path) -> Result<(), String> {
    let dtd = jats_dtd();
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--dtdvalid"])
        .arg(&dtd)
        .arg(file)
        .output()
        .unwrap_or_else(|e| {
            panic!("xmllint is required for this test (apt-get install libxml2-utils): {e}")
        });
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// Checks many files with one xmllint run per few hundred files (the DTD is read once per
/// run): well-formedness, and validity against the JATS DTD when `dtd`. Returns xmllint's
/// messages when any file fails.
pub fn xmllint_many(files: &[PathBuf], dtd: bool) -> Result<(), String> {
    let dtd_path = dtd.then(jats_dtd);
    let mut errors = String::new();
    for chunk in files.chunks(250) {
        let mut c = Command::new("xmllint");
        c.args(["--noout", "--nonet"]);
        if let Some(d) = &dtd_path {
            c.arg("--dtdvalid").arg(d);
        }
        let out = c.args(chunk).output().unwrap_or_else(|e| {
            panic!("xmllint is required for this test (apt-get install libxml2-utils): {e}")
        });
        if !out.status.success() {
            errors.push_str(&String::from_utf8_lossy(&out.stderr));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Runs `pandoc -f markdown -t json` on `md` and returns the parsed JSON. Panics if pandoc is
/// not installed or fails.
pub fn pandoc_json(md: &str) -> serde_json::Value {
    use std::io::Write;
    let mut child = Command::new("pandoc")
        .args(["-f", "markdown", "-t", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("pandoc is required for this test (apt-get install pandoc): {e}")
        });
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(md.as_bytes())
        .expect("write to pandoc");
    let out = child.wait_with_output().expect("pandoc output");
    assert!(
        out.status.success(),
        "pandoc failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("pandoc JSON")
}

/// Whole documents for property tests: every block kind, nested inlines, note references
/// (also dangling ones), and text from a palette that exercises escaping in every writer.
pub mod arb {
    use offprint::model::*;
    use proptest::prelude::*;

    pub fn text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("<".to_string()),
            Just("&amp;".to_string()),
            Just("]]>".to_string()),
            Just("<script>alert(1)</script>".to_string()),
            Just("\"'".to_string()),
            Just("*_`#[]()!|\\~^$@{}".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\u{0}\u{1}\u{b}\u{1b}\u{7f}\u{fffe}\u{ffff}".to_string()),
            Just("\u{202e}\u{200f}\u{2066}\u{85}\u{2028}".to_string()),
            Just("“quoted” ‘single’ – dash — café\u{a0}nbsp …".to_string()),
            Just("1. ".to_string()),
            Just("a) ".to_string()),
            Just("- ".to_string()),
            Just("+ ".to_string()),
            Just("# ".to_string()),
            Just("> ".to_string()),
            Just("    ".to_string()),
            Just("[^1]".to_string()),
            Just("---".to_string()),
            Just("...".to_string()),
            Just("<!-- x -->".to_string()),
            // Lone surrogates as an export may carry them, escaped: text, never decoded.
            Just("\\uD800 &#xD800; &#55296; \\udfff".to_string()),
            // Bidi controls and marks, a zero-width joiner, a combining mark.
            Just("\u{200e}\u{061c}\u{2067}\u{2069}\u{200d}e\u{301}".to_string()),
            // Very long words (a URL dump, a run of one letter).
            Just("x".repeat(300)),
            Just(format!("https://example.org/{}", "a1-".repeat(700))),
            "[a-zA-Z0-9 ,.;:?]{0,12}",
        ];
        prop::collection::vec(piece, 0..5).prop_map(|v| v.concat())
    }

    fn url() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("https://example.org/a".to_string()),
            Just("http://x.org/a b?q=\"x\"&y='z'".to_string()),
            Just("http://x.org/<>\\()".to_string()),
            Just(String::new()),
            text(),
        ]
    }

    pub fn inlines(ids: Vec<String>) -> impl Strategy<Value = Vec<Inline>> {
        let mut refs = ids;
        refs.push("ack".into());
        refs.push("dangling".into());
        let leaf = prop_oneof![
            4 => text().prop_map(Inline::text),
            1 => prop::sample::select(refs).prop_map(|id| Inline::NoteRef { label: id.trim_start_matches("fn").to_string(), id }),
        ];
        let inline = leaf.prop_recursive(3, 12, 3, |inner| {
            prop_oneof![
                (url(), prop::collection::vec(inner.clone(), 0..3))
                    .prop_map(|(target, content)| Inline::Link { target, content }),
                prop::collection::vec(inner.clone(), 0..3)
                    .prop_map(|content| Inline::Emphasis { content }),
                prop::collection::vec(inner.clone(), 0..3)
                    .prop_map(|content| Inline::Strong { content }),
                prop::collection::vec(inner, 0..3)
                    .prop_map(|content| Inline::Superscript { content }),
            ]
        });
        prop::collection::vec(inline, 0..5)
    }

    fn block(ids: Vec<String>) -> impl Strategy<Value = Block> {
        prop_oneof![
            1 => (0u8..8, inlines(ids.clone())).prop_map(|(level, content)| Block::new(BlockKind::Heading { level, content })),
            4 => inlines(ids.clone()).prop_map(|content| Block::new(BlockKind::Paragraph { content })),
            1 => (any::<bool>(), prop::collection::vec(inlines(ids.clone()), 0..4))
                .prop_map(|(ordered, items)| Block::new(BlockKind::List { ordered, items })),
            1 => (inlines(ids.clone()), prop::option::of(text()), prop::option::of(url()))
                .prop_map(|(caption, credit, image)| Block::new(BlockKind::Figure { caption, credit, image })),
            1 => prop::collection::vec(inlines(ids.clone()), 0..3)
                .prop_map(|paragraphs| Block::new(BlockKind::BlockQuote { paragraphs })),
            1 => inlines(ids).prop_map(|content| Block::new(BlockKind::PullQuote { content })),
        ]
    }

    pub fn document() -> impl Strategy<Value = Document> {
        (0usize..4).prop_flat_map(|n| {
            let ids: Vec<String> = (1..=n).map(|i| format!("fn{i}")).collect();
            let notes: Vec<_> = ids
                .iter()
                .map(|id| {
                    let id = id.clone();
                    inlines(vec![]).prop_map(move |content| Note {
                        label: id.trim_start_matches("fn").to_string(),
                        id: id.clone(),
                        content,
                        source: None,
                    })
                })
                .collect();
            (
                prop::option::of(text()),
                prop::collection::vec(
                    (text(), prop::option::of(text()), prop::option::of(text())),
                    0..3,
                ),
                prop::collection::vec((text(), prop::option::of(url())), 0..4),
                prop::collection::vec(block(ids), 0..8),
                notes,
                prop::option::of(inlines(vec![])),
                prop::option::of(text()),
            )
                .prop_map(|(title, authors, keywords, body, notes, ack, series)| {
                    Document {
                        meta: Metadata {
                            title,
                            authors: authors
                                .into_iter()
                                .map(|(name, bio, affiliation)| Author {
                                    name,
                                    bio,
                                    affiliation,
                                    ..Default::default()
                                })
                                .collect(),
                            keywords: keywords
                                .into_iter()
                                .map(|(text, uri)| Keyword { text, uri })
                                .collect(),
                            date: Some("2020-04-10".into()),
                            series,
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
                    }
                })
        })
    }
}

/// Property-test cases: `PROPTEST_CASES` when set (for long runs), else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
