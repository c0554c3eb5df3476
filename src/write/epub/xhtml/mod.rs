//! XHTML content documents, one per article (EPUB 3.3 §6.1, HTML in its XML syntax): title
//! block, body sections, acknowledgement and endnotes marked with DPUB-ARIA roles
//! (<https://www.w3.org/TR/dpub-aria-1.1/>) and EPUB structural semantics.

mod inline;
mod notes;

use super::xml::Xml;
use super::{nonempty, NavEntry, Outline};
use crate::model::{Author, BlockKind, Document, Inline};
use crate::report::{Action, Report};
use crate::write::WriteOptions;
use inline::{label_text, Ctx};
use std::collections::BTreeMap;

/// Deepest inline nesting rendered as markup; deeper content is written as plain text so a
/// hostile model cannot exhaust the stack.
const MAX_DEPTH: usize = 48;

/// What one article's content document needs from the book.
pub(super) struct ArticleInput<'a> {
    pub doc: &'a Document,
    /// 1-based position in the book.
    pub number: usize,
    /// The title to print (already resolved, never empty).
    pub title: String,
    /// BCP 47 language of the article.
    pub lang: String,
}

/// Where a note reference can point: a note or the acknowledgement.
struct Target {
    /// Anchor id of the note (`a1-fn3`) or acknowledgement (`a1-ack`).
    id: String,
    /// Stem of the reference ids (`a1-fnref3`).
    ref_stem: String,
    /// Ids of the references written so far, in order.
    refs: Vec<String>,
    /// The mark shown when a reference has none of its own.
    label: String,
}

struct Writer<'a> {
    x: Xml,
    prefix: String,
    targets: Vec<Target>,
    by_model_id: BTreeMap<&'a str, usize>,
    opts: &'a WriteOptions,
    report: &'a mut Report,
    sections: Vec<NavEntry>,
    open_sections: Vec<u8>,
    pull_quotes_kept: usize,
    pull_quotes_left_out: usize,
    figures: usize,
    unresolved_refs: Vec<String>,
    dropped_links: Vec<String>,
    /// Note references met inside a link, written once the link is closed.
    pending: Vec<(String, String)>,
    /// The last thing written was a note reference: the next one needs a separator, or `1`
    /// and `2` would read as `12`.
    after_ref: bool,
}

/// Writes one article's content document; returns it with the outline the navigation needs.
pub(super) fn article(
    input: &ArticleInput<'_>,
    file: &str,
    opts: &WriteOptions,
    report: &mut Report,
) -> crate::Result<(Vec<u8>, Outline)> {
    let doc = input.doc;
    let prefix = format!("a{}-", input.number);
    let mut w = Writer {
        x: Xml::new(),
        prefix: prefix.clone(),
        targets: Vec::new(),
        by_model_id: BTreeMap::new(),
        opts,
        report,
        sections: Vec::new(),
        open_sections: Vec::new(),
        pull_quotes_kept: 0,
        pull_quotes_left_out: 0,
        figures: 0,
        unresolved_refs: Vec::new(),
        dropped_links: Vec::new(),
        pending: Vec::new(),
        after_ref: false,
    };
    w.index_targets(doc);

    w.x.doctype_html();
    let lang = input.lang.as_str();
    w.x.start(
        "html",
        &[
            ("xmlns", "http://www.w3.org/1999/xhtml"),
            ("xmlns:epub", "http://www.idpf.org/2007/ops"),
            ("xml:lang", lang),
            ("lang", lang),
        ],
    );
    w.x.raw("\n");
    w.x.start("head", &[]);
    w.x.raw("\n");
    w.x.empty("meta", &[("charset", "UTF-8")]);
    w.x.raw("\n");
    w.x.element("title", &[], &input.title);
    w.x.raw("\n");
    w.x.empty(
        "link",
        &[
            ("rel", "stylesheet"),
            ("type", "text/css"),
            ("href", "style.css"),
        ],
    );
    w.x.raw("\n");
    w.x.end("head");
    w.x.raw("\n");
    w.x.start("body", &[("epub:type", "bodymatter")]);
    w.x.raw("\n");
    let article_id = format!("a{}", input.number);
    w.x.start("article", &[("id", &article_id), ("class", "article")]);
    w.x.raw("\n");
    w.title_block(input);
    w.body(doc);
    w.close_sections(0);

    // Notes and acknowledgement are rendered before they are placed, so that every reference
    // (including one inside another note) is known when the back links are written.
    let ack_frag = doc.acknowledgement.as_ref().map(|a| w.fragment(&a.content));
    let note_frags: Vec<Xml> = doc.notes.iter().map(|n| w.fragment(&n.content)).collect();
    if let (Some(ack), Some(frag)) = (&doc.acknowledgement, ack_frag) {
        w.acknowledgement(ack, frag);
    }
    let notes_id = if doc.notes.is_empty() {
        None
    } else {
        Some(w.notes(&doc.notes, note_frags))
    };
    w.footer(&doc.meta);
    w.x.end("article");
    w.x.raw("\n");
    w.x.end("body");
    w.x.raw("\n");
    w.x.end("html");
    w.x.raw("\n");

    w.record_findings();
    let (pull_quotes_kept, figures) = (w.pull_quotes_kept, w.figures);
    let sections = std::mem::take(&mut w.sections);
    let bytes = w.x.finish()?;
    Ok((
        bytes,
        Outline {
            file: file.to_string(),
            title: input.title.clone(),
            sections,
            notes_id,
            pull_quotes_kept,
            figures,
        },
    ))
}

impl<'a> Writer<'a> {
    fn title_block(&mut self, input: &ArticleInput<'_>) {
        let m = &input.doc.meta;
        self.x.start("header", &[("class", "title-block")]);
        self.x.raw("\n");
        if let Some(series) = nonempty(&m.series) {
            self.x.element("p", &[("class", "series")], series);
            self.x.raw("\n");
        }
        let title_id = format!("{}title", self.prefix);
        self.x.element("h1", &[("id", &title_id)], &input.title);
        self.x.raw("\n");
        if let Some(sub) = nonempty(&m.subtitle) {
            self.x
                .element("p", &[("class", "subtitle"), ("role", "doc-subtitle")], sub);
            self.x.raw("\n");
        }
        let authors: Vec<&Author> = m
            .authors
            .iter()
            .filter(|a| !a.name.trim().is_empty())
            .collect();
        if !authors.is_empty() {
            self.x.start("p", &[("class", "byline")]);
            for (i, a) in authors.iter().enumerate() {
                self.x.text(joiner(i, authors.len()));
                self.x
                    .element("span", &[("class", "author")], a.name.trim());
                // The bio, printed at the end, usually names the institution; show it here
                // only when there is no bio to carry it.
                if let (None, Some(aff)) = (nonempty(&a.bio), nonempty(&a.affiliation)) {
                    self.x.text(", ");
                    self.x.element("span", &[("class", "affiliation")], aff);
                }
            }
            self.x.end("p");
            self.x.raw("\n");
        }
        self.issue_line(m);
        if let Some(a) = m
            .abstract_
            .as_deref()
            .filter(|a| !crate::model::plain_text(a).trim().is_empty())
        {
            self.x.start(
                "section",
                &[
                    ("class", "abstract"),
                    ("role", "doc-abstract"),
                    ("aria-label", "Abstract"),
                ],
            );
            self.x.start("p", &[]);
            self.inlines(a, Ctx::BODY, 0);
            self.x.end("p");
            self.x.end("section");
            self.x.raw("\n");
        }
        self.x.end("header");
        self.x.raw("\n");
    }

    /// `Global-e · Volume 13, Issue 22 · April 10, 2020`.
    fn issue_line(&mut self, m: &crate::model::Metadata) {
        let mut parts: Vec<String> = Vec::new();
        if let Some(j) = nonempty(&m.journal) {
            parts.push(j.to_string());
        }
        if let Some(v) = super::volume_issue(m) {
            parts.push(v);
        }
        let date = nonempty(&m.date);
        if parts.is_empty() && date.is_none() {
            return;
        }
        self.x.start("p", &[("class", "issue")]);
        self.x.text(&parts.join(" · "));
        if let Some(d) = date {
            if !parts.is_empty() {
                self.x.text(" · ");
            }
            if crate::meta::is_iso_date(d) {
                let shown = super::human_date(d, &m.language);
                self.x.element("time", &[("datetime", d)], &shown);
            } else {
                self.x.text(d);
            }
        }
        self.x.end("p");
        self.x.raw("\n");
    }

    fn body(&mut self, doc: &Document) {
        for block in &doc.body {
            self.block(&block.kind, block.source);
        }
    }

    fn block(&mut self, kind: &BlockKind, source: Option<crate::model::SourceSpan>) {
        match kind {
            BlockKind::Heading { level, content } => self.heading(*level, content),
            BlockKind::Paragraph { content } => {
                self.x.start("p", &[]);
                self.inlines(content, Ctx::BODY, 0);
                self.x.end("p");
                self.x.raw("\n");
            }
            BlockKind::List { ordered, items } => self.list(*ordered, items),
            BlockKind::Figure {
                caption,
                credit,
                image,
            } => self.figure(caption, credit, image, source),
            BlockKind::BlockQuote { paragraphs } => {
                self.x.start("blockquote", &[]);
                for p in paragraphs {
                    self.x.start("p", &[]);
                    self.inlines(p, Ctx::BODY, 0);
                    self.x.end("p");
                }
                self.x.end("blockquote");
                self.x.raw("\n");
            }
            BlockKind::PullQuote { content } => self.pull_quote(content),
        }
    }

    /// Opens a `<section>` for the heading, closing sections at its level or deeper first.
    /// Section level 1 is `<h2>`: the article title is the `<h1>`.
    fn heading(&mut self, level: u8, content: &[Inline]) {
        let level = level.clamp(1, 5);
        self.close_sections(level);
        let id = format!("{}s{}", self.prefix, self.sections.len() + 1);
        self.x.start("section", &[("id", &id)]);
        self.x.raw("\n");
        let h = heading_tag(level);
        self.x.start(h, &[]);
        self.inlines(content, Ctx::BODY, 0);
        self.x.end(h);
        self.x.raw("\n");
        self.open_sections.push(level);
        let label = label_text(content);
        let label = if label.is_empty() {
            format!("Section {}", self.sections.len() + 1)
        } else {
            label
        };
        self.sections.push(NavEntry { level, id, label });
    }

    /// Closes open sections of `level` or deeper (0 closes all).
    fn close_sections(&mut self, level: u8) {
        while let Some(&open) = self.open_sections.last() {
            if level != 0 && open < level {
                break;
            }
            self.open_sections.pop();
            self.x.end("section");
            self.x.raw("\n");
        }
    }

    fn list(&mut self, ordered: bool, items: &[Vec<Inline>]) {
        if items.is_empty() {
            return;
        }
        let tag = if ordered { "ol" } else { "ul" };
        self.x.start(tag, &[]);
        self.x.raw("\n");
        for item in items {
            self.x.start("li", &[]);
            self.inlines(item, Ctx::BODY, 0);
            self.x.end("li");
            self.x.raw("\n");
        }
        self.x.end(tag);
        self.x.raw("\n");
    }

    /// The exports carry the caption and credit but never the picture, and an EPUB may not
    /// show a remote image: the figure is its caption alone, which is what the reader has.
    fn figure(
        &mut self,
        caption: &[Inline],
        credit: &Option<String>,
        image: &Option<String>,
        source: Option<crate::model::SourceSpan>,
    ) {
        let credit = nonempty(credit);
        if caption.is_empty() && credit.is_none() {
            return;
        }
        self.figures += 1;
        self.x.start("figure", &[("class", "no-image")]);
        self.x.start("figcaption", &[]);
        self.inlines(caption, Ctx::BODY, 0);
        if let Some(c) = credit {
            if !caption.is_empty() {
                self.x.text(" ");
            }
            self.x
                .element("span", &[("class", "credit")], &format!("({c})"));
        }
        self.x.end("figcaption");
        self.x.end("figure");
        self.x.raw("\n");
        match nonempty(image) {
            Some(uri) => self.report.record(
                "epub",
                Action::Warning,
                lines(source),
                format!("figure without its image ({uri}): EPUB cannot show a remote image, only its caption is written"),
            ),
            None => self.report.record(
                "epub",
                Action::Recognised,
                lines(source),
                "figure written as its caption alone: the export carries no image",
            ),
        }
    }

    fn pull_quote(&mut self, content: &[Inline]) {
        if !self.opts.keep_pull_quotes {
            self.pull_quotes_left_out += 1;
            return;
        }
        self.pull_quotes_kept += 1;
        // It repeats the body: hidden from assistive technology so it is not read twice.
        self.x.start(
            "aside",
            &[
                ("class", "pullquote"),
                ("role", "doc-pullquote"),
                ("epub:type", "pullquote"),
                ("aria-hidden", "true"),
            ],
        );
        self.x.start("p", &[]);
        self.inlines(content, Ctx::QUOTE, 0);
        self.x.end("p");
        self.x.end("aside");
        self.x.raw("\n");
    }

    /// Renders `content` into a separate fragment (for notes, placed later).
    fn fragment(&mut self, content: &[Inline]) -> Xml {
        let main = std::mem::replace(&mut self.x, Xml::fragment());
        self.inlines(content, Ctx::BODY, 0);
        std::mem::replace(&mut self.x, main)
    }

    /// Keywords and author bios, as the journal prints them after the notes.
    fn footer(&mut self, m: &crate::model::Metadata) {
        let keywords: Vec<_> = m
            .keywords
            .iter()
            .filter(|k| !k.text.trim().is_empty())
            .collect();
        let bios: Vec<&str> = m.authors.iter().filter_map(|a| nonempty(&a.bio)).collect();
        if keywords.is_empty() && bios.is_empty() {
            return;
        }
        self.x.start("footer", &[("class", "article-footer")]);
        self.x.raw("\n");
        if !keywords.is_empty() {
            self.x.start("p", &[("class", "keywords")]);
            self.x.element("span", &[("class", "label")], "Keywords:");
            for (i, k) in keywords.iter().enumerate() {
                self.x.text(if i == 0 { " " } else { ", " });
                match k.uri.as_deref().and_then(|u| self.href(u)) {
                    Some(href) => self.x.element("a", &[("href", &href)], k.text.trim()),
                    None => self.x.text(k.text.trim()),
                }
            }
            self.x.end("p");
            self.x.raw("\n");
        }
        for bio in bios {
            self.x.element("p", &[("class", "bio")], bio);
            self.x.raw("\n");
        }
        self.x.end("footer");
        self.x.raw("\n");
    }

    fn record_findings(&mut self) {
        if let Some(s) = self.x.dropped_summary() {
            self.report.record("epub", Action::Warning, None, s);
        }
        if self.pull_quotes_left_out > 0 {
            self.report.record("epub", Action::Removed, None, format!("left out {} pull quote(s) (they repeat the body; --keep-pull-quotes keeps them)", self.pull_quotes_left_out));
        }
        for r in std::mem::take(&mut self.unresolved_refs) {
            self.report.record(
                "epub",
                Action::Warning,
                None,
                format!("note reference {r} points to no note: written as plain superscript"),
            );
        }
        for l in std::mem::take(&mut self.dropped_links) {
            self.report.record(
                "epub",
                Action::Warning,
                None,
                format!("link target not written (not an absolute web or mail address): {l}"),
            );
        }
    }
}

fn heading_tag(level: u8) -> &'static str {
    match level {
        0 | 1 => "h2",
        2 => "h3",
        3 => "h4",
        4 => "h5",
        _ => "h6",
    }
}

/// The separator before the `i`-th of `n` names: `A`, `A and B`, `A, B and C`.
fn joiner(i: usize, n: usize) -> &'static str {
    match (i, n) {
        (0, _) => "",
        (i, n) if i + 1 == n => " and ",
        _ => ", ",
    }
}

fn lines(s: Option<crate::model::SourceSpan>) -> Option<(u32, u32)> {
    s.map(|s| (s.first_line, s.last_line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byline_joins_names() {
        assert_eq!([joiner(0, 1)], [""]);
        assert_eq!(
            [joiner(0, 3), joiner(1, 3), joiner(2, 3)],
            ["", ", ", " and "]
        );
    }
}
