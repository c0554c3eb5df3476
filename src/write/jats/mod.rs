//! JATS writer: JATS 1.3 Journal Publishing XML, valid against its DTD. Reference:
//! <https://jats.nlm.nih.gov/publishing/tag-library/1.3/> (front in `front.rs`, body and back here).
//! Notes go to `<back><fn-group>`, the acknowledgement to `<back><ack>`, references to `<xref>`.

mod front;
mod xml;

pub use xml::{is_ncname, is_xml_char};

use crate::model::{Block, BlockKind, Document, Inline};
use crate::report::{Action, Report};
use crate::write::WriteOptions;
use std::collections::{BTreeMap, BTreeSet};
use xml::Xml;

/// The public identifier of the JATS 1.3 Journal Publishing DTD (from the DTD's own header).
pub const PUBLIC_ID: &str = "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.3 20210610//EN";
/// Where the DTD is published.
pub const SYSTEM_ID: &str = "https://jats.nlm.nih.gov/publishing/1.3/JATS-journalpublishing1-3.dtd";

const PASS: &str = "jats";

/// Writes the document as JATS XML.
pub fn write(doc: &Document, opts: &WriteOptions, report: &mut Report) -> String {
    let ids = Ids::new(doc, report);
    let mut w = Writer {
        x: Xml::new(),
        ids,
        opts,
        report,
        deferred: Vec::new(),
    };
    w.x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    w.x.raw(&format!(
        "<!DOCTYPE article PUBLIC \"{PUBLIC_ID}\" \"{SYSTEM_ID}\">\n"
    ));
    let lang = doc
        .meta
        .language
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let mut attrs = vec![
        ("xmlns:xlink", "http://www.w3.org/1999/xlink"),
        ("dtd-version", "1.3"),
    ];
    match lang {
        Some(l) if xml::is_language_tag(l) => attrs.push(("xml:lang", l)),
        Some(l) => w.warn(format!(
            "language `{l}` is not a language tag; xml:lang left out"
        )),
        None => {}
    }
    w.x.open("article", &attrs);
    front::write(&mut w, &doc.meta);
    w.body(&doc.body);
    w.back(doc);
    w.x.close("article");
    if w.x.dropped > 0 {
        let n = w.x.dropped;
        w.warn(format!(
            "dropped {n} character(s) XML 1.0 cannot carry (control characters, U+FFFE, U+FFFF)"
        ));
    }
    w.x.finish()
}

/// The writer's state: the XML being built and the ids given to notes, acknowledgement and
/// figures.
struct Writer<'a> {
    x: Xml,
    ids: Ids,
    opts: &'a WriteOptions,
    report: &'a mut Report,
    /// Note references met inside the link being written (rid, to the acknowledgement,
    /// label), to write after it.
    deferred: Vec<(String, bool, String)>,
}

/// XML ids for what note references point at. The model's ids are kept when they are valid,
/// unique XML names; otherwise a fresh one is made, so that every `rid` resolves.
struct Ids {
    /// Model id -> (XML id, the target is the acknowledgement).
    targets: BTreeMap<String, (String, bool)>,
    /// XML ids of the notes, in order.
    notes: Vec<String>,
    /// XML id of the acknowledgement.
    ack: Option<String>,
    used: BTreeSet<String>,
    figures: usize,
}

impl Ids {
    fn new(doc: &Document, report: &mut Report) -> Ids {
        let mut ids = Ids {
            targets: BTreeMap::new(),
            notes: Vec::new(),
            ack: None,
            used: BTreeSet::new(),
            figures: 0,
        };
        // First every valid, unique model id is kept; then the rest get fresh ids, so one bad
        // id never shifts the others.
        let wanted: Vec<&str> = doc
            .notes
            .iter()
            .map(|n| n.id.as_str())
            .chain(doc.acknowledgement.as_ref().map(|a| a.id.as_str()))
            .collect();
        let kept: Vec<bool> = wanted
            .iter()
            .map(|w| is_ncname(w) && ids.used.insert(w.to_string()))
            .collect();
        let mut assigned = Vec::with_capacity(wanted.len());
        for (i, (w, k)) in wanted.iter().zip(&kept).enumerate() {
            if *k {
                assigned.push(w.to_string());
                continue;
            }
            let is_ack = i == doc.notes.len();
            let id = if is_ack {
                ids.fresh("ack", 1)
            } else {
                ids.fresh("fn", i + 1)
            };
            let detail = format!("id `{w}` is not a unique XML name; written as `{id}`");
            report.record(PASS, Action::Warning, None, detail);
            assigned.push(id);
        }
        for (i, id) in assigned.into_iter().enumerate() {
            let is_ack = i == doc.notes.len();
            if let Some(w) = wanted.get(i) {
                ids.targets
                    .entry(w.to_string())
                    .or_insert((id.clone(), is_ack));
            }
            if is_ack {
                ids.ack = Some(id);
            } else {
                ids.notes.push(id);
            }
        }
        ids
    }

    fn fresh(&mut self, prefix: &str, n: usize) -> String {
        // At most `used.len() + 1` candidates are taken, so this ends.
        let mut k = n;
        loop {
            let id = format!("{prefix}{k}");
            if self.used.insert(id.clone()) {
                return id;
            }
            k += 1;
        }
    }

    fn figure(&mut self) -> String {
        self.figures += 1;
        self.fresh("fig", self.figures)
    }
}

impl Writer<'_> {
    fn warn(&mut self, detail: String) {
        self.report.record(PASS, Action::Warning, None, detail);
    }

    fn body(&mut self, blocks: &[Block]) {
        if blocks.is_empty() {
            return;
        }
        self.x.open("body", &[]);
        // Levels of the open <sec>s; a heading closes those at its level or deeper, so a jump
        // (level 1 then 3) nests one level, and <sec> always has its required <title>.
        let mut open: Vec<u8> = Vec::new();
        for b in blocks {
            if let BlockKind::Heading { level, content } = &b.kind {
                let level = (*level).max(1);
                while open.last().is_some_and(|&l| l >= level) {
                    open.pop();
                    self.x.close("sec");
                }
                self.x.open("sec", &[]);
                self.x.leaf_start("title", &[]);
                self.inlines(content, false);
                self.x.leaf_end("title");
                open.push(level);
            } else {
                self.block(b);
            }
        }
        for _ in open {
            self.x.close("sec");
        }
        self.x.close("body");
    }

    fn block(&mut self, b: &Block) {
        match &b.kind {
            BlockKind::Heading { .. } => {} // handled by `body`, which owns the nesting
            BlockKind::Paragraph { content } => self.para(content),
            BlockKind::List { ordered, items } => self.list(*ordered, items, b),
            BlockKind::Figure {
                caption,
                credit,
                image,
            } => self.figure(caption, credit.as_deref(), image.as_deref()),
            BlockKind::BlockQuote { paragraphs } => self.quote(paragraphs, None, b),
            BlockKind::PullQuote { content } => {
                if self.opts.keep_pull_quotes {
                    self.quote(std::slice::from_ref(content), Some("pull-quote"), b);
                } else {
                    let lines = b.source.map(|s| (s.first_line, s.last_line));
                    let text = crate::model::plain_text(content);
                    self.report.record(
                        PASS,
                        Action::Removed,
                        lines,
                        format!("pull quote left out: {text}"),
                    );
                }
            }
        }
    }

    fn para(&mut self, content: &[Inline]) {
        self.x.leaf_start("p", &[]);
        self.inlines(content, false);
        self.x.leaf_end("p");
    }

    fn list(&mut self, ordered: bool, items: &[Vec<Inline>], b: &Block) {
        if items.is_empty() {
            // <list> needs at least one <list-item>.
            let lines = b.source.map(|s| (s.first_line, s.last_line));
            self.report
                .record(PASS, Action::Removed, lines, "empty list left out");
            return;
        }
        let kind = if ordered { "order" } else { "bullet" };
        self.x.open("list", &[("list-type", kind)]);
        for item in items {
            self.x.open("list-item", &[]);
            self.para(item);
            self.x.close("list-item");
        }
        self.x.close("list");
    }

    fn figure(&mut self, caption: &[Inline], credit: Option<&str>, image: Option<&str>) {
        // <fig> needs an id for cross-references; the DTD orders caption, graphic, attrib.
        let id = self.ids.figure();
        self.x.open("fig", &[("id", &id)]);
        if !caption.is_empty() {
            // The caption reads as printed, credit included; <attrib> repeats the credit for
            // machines (JATS has no inline credit element).
            self.x.open("caption", &[]);
            match credit {
                Some(c) => {
                    let mut printed = caption.to_vec();
                    printed.push(Inline::Text {
                        text: format!(" ({c})"),
                    });
                    self.para(&printed);
                }
                None => self.para(caption),
            }
            self.x.close("caption");
        }
        if let Some(src) = image {
            self.x.empty("graphic", &[("xlink:href", src)]);
        }
        if let Some(c) = credit {
            self.x.leaf_text("attrib", &[], c);
        }
        self.x.close("fig");
    }

    fn quote(&mut self, paragraphs: &[Vec<Inline>], content_type: Option<&str>, b: &Block) {
        if paragraphs.is_empty() {
            let lines = b.source.map(|s| (s.first_line, s.last_line));
            self.report
                .record(PASS, Action::Removed, lines, "empty block quote left out");
            return;
        }
        let attrs: Vec<(&str, &str)> = content_type
            .map(|t| ("content-type", t))
            .into_iter()
            .collect();
        self.x.open("disp-quote", &attrs);
        for p in paragraphs {
            self.para(p);
        }
        self.x.close("disp-quote");
    }

    fn back(&mut self, doc: &Document) {
        if doc.acknowledgement.is_none() && doc.notes.is_empty() {
            return;
        }
        self.x.open("back", &[]);
        if let (Some(a), Some(id)) = (&doc.acknowledgement, self.ids.ack.clone()) {
            self.x.open("ack", &[("id", &id)]);
            self.para(&a.content);
            self.x.close("ack");
        }
        if !doc.notes.is_empty() {
            self.x.open("fn-group", &[]);
            let ids = self.ids.notes.clone();
            for (n, id) in doc.notes.iter().zip(&ids) {
                self.x.open("fn", &[("id", id)]);
                if !n.label.is_empty() {
                    self.x.leaf_text("label", &[], &n.label);
                }
                self.para(&n.content);
                self.x.close("fn");
            }
            self.x.close("fn-group");
        }
        self.x.close("back");
    }

    fn inlines(&mut self, inlines: &[Inline], in_link: bool) {
        for i in inlines {
            self.inline(i, in_link);
        }
    }

    fn inline(&mut self, i: &Inline, in_link: bool) {
        match i {
            Inline::Text { text } => self.x.text(text),
            Inline::Emphasis { content } => self.wrap("italic", content, in_link),
            Inline::Strong { content } => self.wrap("bold", content, in_link),
            Inline::Superscript { content } => self.wrap("sup", content, in_link),
            Inline::Link { target, content } => self.link(target, content, in_link),
            Inline::NoteRef { id, label } => self.note_ref(id, label, in_link),
        }
    }

    fn wrap(&mut self, name: &str, content: &[Inline], in_link: bool) {
        self.x.inline_start(name, &[]);
        self.inlines(content, in_link);
        self.x.inline_end(name);
    }

    fn link(&mut self, target: &str, content: &[Inline], in_link: bool) {
        if in_link {
            // <ext-link> cannot hold another <ext-link>: keep the words, report the target.
            self.warn(format!("link inside a link: its target {target} left out"));
            self.inlines(content, true);
            return;
        }
        self.x.inline_start(
            "ext-link",
            &[("ext-link-type", "uri"), ("xlink:href", target)],
        );
        if content.is_empty() {
            self.x.text(target);
        } else {
            self.inlines(content, true);
        }
        self.x.inline_end("ext-link");
        if !self.deferred.is_empty() {
            let n = self.deferred.len();
            self.warn(format!(
                "{n} note reference(s) inside a link written after it"
            ));
            for (rid, is_ack, label) in std::mem::take(&mut self.deferred) {
                self.xref(&rid, is_ack, &label);
            }
        }
    }

    fn note_ref(&mut self, id: &str, label: &str, in_link: bool) {
        let target = self.ids.targets.get(id).cloned();
        match target {
            // <ext-link> cannot hold an <xref>: it goes right after the link.
            Some((rid, is_ack)) if in_link => self.deferred.push((rid, is_ack, label.to_string())),
            Some((rid, is_ack)) => self.xref(&rid, is_ack, label),
            None => {
                self.warn(format!(
                    "note reference `{label}` points to no note (`{id}`); written as a plain mark"
                ));
                self.sup_mark(label);
            }
        }
    }

    fn xref(&mut self, rid: &str, is_ack: bool, label: &str) {
        // The tag library has no ref-type for <ack>; `other` is its catch-all.
        let ref_type = if is_ack { "other" } else { "fn" };
        self.x
            .inline_start("xref", &[("ref-type", ref_type), ("rid", rid)]);
        self.x.text(label);
        self.x.inline_end("xref");
    }

    fn sup_mark(&mut self, label: &str) {
        self.x.inline_start("sup", &[]);
        self.x.text(label);
        self.x.inline_end("sup");
    }
}
