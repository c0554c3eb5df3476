//! The navigation document (EPUB 3.3 §7): a table of contents of every article, its sections,
//! acknowledgement and notes, and landmarks for the start of the text and the endnotes.

use super::xml::Xml;
use super::{BookFacts, NavEntry, Outline};

/// Writes `OEBPS/nav.xhtml`.
pub(super) fn document(facts: &BookFacts, outlines: &[Outline]) -> crate::Result<Vec<u8>> {
    let mut x = Xml::new();
    x.doctype_html();
    let lang = facts.lang.as_str();
    x.start(
        "html",
        &[
            ("xmlns", "http://www.w3.org/1999/xhtml"),
            ("xmlns:epub", "http://www.idpf.org/2007/ops"),
            ("xml:lang", lang),
            ("lang", lang),
        ],
    );
    x.raw("\n");
    x.start("head", &[]);
    x.empty("meta", &[("charset", "UTF-8")]);
    x.element("title", &[], &facts.title);
    x.empty(
        "link",
        &[
            ("rel", "stylesheet"),
            ("type", "text/css"),
            ("href", "style.css"),
        ],
    );
    x.end("head");
    x.raw("\n");
    x.start("body", &[("epub:type", "frontmatter")]);
    x.raw("\n");
    toc(&mut x, facts, outlines);
    landmarks(&mut x, outlines);
    x.end("body");
    x.raw("\n");
    x.end("html");
    x.raw("\n");
    x.finish()
}

fn toc(x: &mut Xml, facts: &BookFacts, outlines: &[Outline]) {
    x.start(
        "nav",
        &[
            ("epub:type", "toc"),
            ("id", "toc"),
            ("role", "doc-toc"),
            ("aria-labelledby", "toc-title"),
        ],
    );
    x.raw("\n");
    x.element(
        "h1",
        &[("id", "toc-title"), ("class", "toc-title")],
        &facts.title,
    );
    x.raw("\n");
    x.start("ol", &[]);
    x.raw("\n");
    for o in outlines {
        x.start("li", &[]);
        x.element("a", &[("href", &o.file)], &o.title);
        if !o.sections.is_empty() {
            x.raw("\n");
            entries(x, &o.file, &o.sections);
        }
        x.end("li");
        x.raw("\n");
    }
    x.end("ol");
    x.raw("\n");
    x.end("nav");
    x.raw("\n");
}

/// A nested list: an entry owns the following entries of deeper level. Levels are 1 to 5, so
/// the recursion is at most five deep.
fn entries(x: &mut Xml, file: &str, list: &[NavEntry]) {
    x.start("ol", &[]);
    x.raw("\n");
    let mut rest = list;
    while let Some((first, after)) = rest.split_first() {
        let children = after.iter().take_while(|e| e.level > first.level).count();
        let (kids, next) = after.split_at(children);
        x.start("li", &[]);
        x.element(
            "a",
            &[("href", &format!("{file}#{}", first.id))],
            &first.label,
        );
        if !kids.is_empty() {
            x.raw("\n");
            entries(x, file, kids);
        }
        x.end("li");
        x.raw("\n");
        rest = next;
    }
    x.end("ol");
    x.raw("\n");
}

fn landmarks(x: &mut Xml, outlines: &[Outline]) {
    x.start(
        "nav",
        &[
            ("epub:type", "landmarks"),
            ("id", "landmarks"),
            ("hidden", "hidden"),
        ],
    );
    x.raw("\n");
    x.element("h2", &[], "Landmarks");
    x.raw("\n");
    x.start("ol", &[]);
    x.raw("\n");
    if let Some(first) = outlines.first() {
        x.start("li", &[]);
        x.element(
            "a",
            &[("epub:type", "bodymatter"), ("href", &first.file)],
            "Start of the text",
        );
        x.end("li");
        x.raw("\n");
    }
    let several = outlines.len() > 1;
    for o in outlines {
        if let Some(id) = &o.notes_id {
            let label = if several {
                format!("Notes: {}", o.title)
            } else {
                "Notes".to_string()
            };
            x.start("li", &[]);
            x.element(
                "a",
                &[
                    ("epub:type", "endnotes"),
                    ("href", &format!("{}#{id}", o.file)),
                ],
                &label,
            );
            x.end("li");
            x.raw("\n");
        }
    }
    x.end("ol");
    x.raw("\n");
    x.end("nav");
    x.raw("\n");
}
