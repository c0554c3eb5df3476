//! The package document (EPUB 3.3 §5): Dublin Core metadata, `dcterms:modified`, collections
//! (`belongs-to-collection`), schema.org accessibility metadata (EPUB Accessibility 1.1 §2),
//! the manifest and the spine.

use super::xml::Xml;
use super::{nonempty, BookFacts, Outline};
use crate::model::Author;

/// Writes `OEBPS/package.opf`.
pub(super) fn document(facts: &BookFacts, outlines: &[Outline]) -> crate::Result<Vec<u8>> {
    let mut x = Xml::new();
    x.start(
        "package",
        &[
            ("xmlns", "http://www.idpf.org/2007/opf"),
            ("version", "3.0"),
            ("unique-identifier", "pub-id"),
            ("xml:lang", &facts.lang),
        ],
    );
    x.raw("\n");
    metadata(&mut x, facts, outlines);
    manifest(&mut x, outlines);
    spine(&mut x, outlines);
    x.end("package");
    x.raw("\n");
    x.finish()
}

fn metadata(x: &mut Xml, f: &BookFacts, outlines: &[Outline]) {
    let m = &f.meta;
    x.start(
        "metadata",
        &[("xmlns:dc", "http://purl.org/dc/elements/1.1/")],
    );
    x.raw("\n");
    line(x, "dc:identifier", &[("id", "pub-id")], &f.identifier);
    line(x, "dc:title", &[("id", "title")], &f.title);
    refine(x, "title", "title-type", "main");
    if let Some(sub) = nonempty(&m.subtitle) {
        line(x, "dc:title", &[("id", "subtitle")], sub);
        refine(x, "subtitle", "title-type", "subtitle");
    }
    let authors: Vec<&Author> = m
        .authors
        .iter()
        .filter(|a| !a.name.trim().is_empty())
        .collect();
    for (i, a) in authors.iter().enumerate() {
        let id = format!("creator{}", i + 1);
        line(x, "dc:creator", &[("id", &id)], a.name.trim());
        x.element(
            "meta",
            &[
                ("refines", &format!("#{id}")),
                ("property", "role"),
                ("scheme", "marc:relators"),
            ],
            "aut",
        );
        x.raw("\n");
        refine(x, &id, "file-as", &file_as(a));
    }
    line(x, "dc:language", &[], &f.lang);
    if let Some(d) = nonempty(&m.date).filter(|d| crate::meta::is_iso_date(d)) {
        line(x, "dc:date", &[], d);
    }
    line(x, "meta", &[("property", "dcterms:modified")], &f.modified);
    for k in m
        .keywords
        .iter()
        .map(|k| k.text.trim())
        .filter(|k| !k.is_empty())
    {
        line(x, "dc:subject", &[], k);
    }
    // A single article's abstract describes the book (an issue's book has none of its own).
    if let Some(a) = &m.abstract_ {
        let text = crate::model::plain_text(a);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            line(x, "dc:description", &[], &text);
        }
    }
    for s in &f.sources {
        line(x, "dc:source", &[], s);
    }
    collections(x, m);
    accessibility(x, outlines);
    x.end("metadata");
    x.raw("\n");
}

/// The journal (an open-ended series), the issue (a finite set) and the journal's thematic
/// series, each when known.
fn collections(x: &mut Xml, m: &crate::model::Metadata) {
    if let Some(j) = nonempty(&m.journal) {
        collection(x, "journal", j, "series");
        if let Some(vi) = super::volume_issue(m) {
            collection(x, "issue", &format!("{j}, {vi}"), "set");
        }
    }
    if let Some(s) = nonempty(&m.series) {
        collection(x, "theme", s, "series");
    }
}

fn collection(x: &mut Xml, id: &str, name: &str, kind: &str) {
    line(
        x,
        "meta",
        &[("property", "belongs-to-collection"), ("id", id)],
        name,
    );
    refine(x, id, "collection-type", kind);
}

/// Claims only what the writer guarantees: text only, headings, a table of contents, and a
/// linear reading order unless pull quotes (display copies of the text) were kept.
fn accessibility(x: &mut Xml, outlines: &[Outline]) {
    let prop = |x: &mut Xml, p: &str, v: &str| line(x, "meta", &[("property", p)], v);
    prop(x, "schema:accessMode", "textual");
    prop(x, "schema:accessModeSufficient", "textual");
    prop(x, "schema:accessibilityFeature", "structuralNavigation");
    prop(x, "schema:accessibilityFeature", "tableOfContents");
    let pull_quotes = outlines.iter().any(|o| o.pull_quotes_kept > 0);
    if !pull_quotes {
        prop(x, "schema:accessibilityFeature", "readingOrder");
    }
    prop(x, "schema:accessibilityHazard", "none");
    prop(x, "schema:accessibilitySummary", &summary(outlines));
}

fn summary(outlines: &[Outline]) -> String {
    let mut s = String::from(
        "Reflowable text with no images, audio or video. Each article has a title heading and a heading for each section; the table of contents lists them.",
    );
    if outlines.iter().any(|o| o.notes_id.is_some()) {
        s.push_str(" Note references link to the endnotes, and each note links back to every place that refers to it.");
    }
    if outlines.iter().any(|o| o.figures > 0) {
        s.push_str(" Figures are given by their captions only: the source has no images.");
    }
    if outlines.iter().any(|o| o.pull_quotes_kept > 0) {
        s.push_str(
            " Pull quotes repeat passages of the text and are hidden from assistive technology.",
        );
    }
    s
}

fn manifest(x: &mut Xml, outlines: &[Outline]) {
    x.start("manifest", &[]);
    x.raw("\n");
    x.empty(
        "item",
        &[
            ("id", "nav"),
            ("href", "nav.xhtml"),
            ("media-type", "application/xhtml+xml"),
            ("properties", "nav"),
        ],
    );
    x.raw("\n");
    x.empty(
        "item",
        &[
            ("id", "css"),
            ("href", "style.css"),
            ("media-type", "text/css"),
        ],
    );
    x.raw("\n");
    for (i, o) in outlines.iter().enumerate() {
        let id = format!("article-{}", i + 1);
        x.empty(
            "item",
            &[
                ("id", &id),
                ("href", &o.file),
                ("media-type", "application/xhtml+xml"),
            ],
        );
        x.raw("\n");
    }
    x.end("manifest");
    x.raw("\n");
}

/// Articles in order; an issue opens with its table of contents.
fn spine(x: &mut Xml, outlines: &[Outline]) {
    x.start("spine", &[]);
    x.raw("\n");
    if outlines.len() > 1 {
        x.empty("itemref", &[("idref", "nav")]);
        x.raw("\n");
    }
    for i in 0..outlines.len() {
        x.empty("itemref", &[("idref", &format!("article-{}", i + 1))]);
        x.raw("\n");
    }
    x.end("spine");
    x.raw("\n");
}

/// `Raus, Pavel` for sorting; the printed name when it cannot be split.
fn file_as(a: &Author) -> String {
    match (nonempty(&a.surname), nonempty(&a.given)) {
        (Some(s), Some(g)) => format!("{s}, {g}"),
        (Some(s), None) => s.to_string(),
        _ => match crate::meta::split_name(&a.name) {
            (Some(g), Some(s)) => format!("{s}, {g}"),
            _ => a.name.trim().to_string(),
        },
    }
}

fn line(x: &mut Xml, name: &str, attrs: &[(&str, &str)], text: &str) {
    x.element(name, attrs, text);
    x.raw("\n");
}

fn refine(x: &mut Xml, id: &str, property: &str, value: &str) {
    line(
        x,
        "meta",
        &[("refines", &format!("#{id}")), ("property", property)],
        value,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_as_puts_surname_first() {
        let a = Author {
            name: "Pavel Raus".into(),
            ..Default::default()
        };
        assert_eq!(file_as(&a), "Raus, Pavel");
        let b = Author {
            name: "Elsa B. Kania".into(),
            given: Some("Elsa B.".into()),
            surname: Some("Kania".into()),
            ..Default::default()
        };
        assert_eq!(file_as(&b), "Kania, Elsa B.");
        let c = Author {
            name: "OECD".into(),
            ..Default::default()
        };
        assert_eq!(file_as(&c), "OECD");
    }
}
