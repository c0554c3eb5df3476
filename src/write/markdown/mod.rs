//! Markdown writer: CommonMark (<https://spec.commonmark.org/0.31.2/>) with a YAML metadata
//! block and footnotes (`[^fn1]`), as pandoc's `markdown` and pulldown-cmark read them. All
//! text is escaped (`escape.rs`); `structure.rs` reads the output back for the tests.
//!
//! Choices: notes and the acknowledgement are footnotes (the acknowledgement, when nothing
//! refers to it, a paragraph after a rule, as printed); authors' bios and affiliations live in
//! the YAML `author` entries; a figure is pandoc's implicit figure when its image is known,
//! else its caption in italics with the credit in parentheses; pull quotes, when kept, are
//! block quotes after an HTML comment naming them.

mod escape;
mod flanking;
mod meta;
mod structure;

pub use structure::{model_structure, parse_structure, MetaEntry, Structure, StructureBlock};

use crate::model::{Block, BlockKind, Document, Inline};
use crate::report::{Action, Report};
use crate::write::WriteOptions;
use escape::{destination, escaped, guard_block_start, Stats};
use flanking::{can_delimit, first_char, Around};
use meta::metadata_yaml;
pub(crate) use meta::{metadata_fields, MetaField, MetaValue};
use std::collections::{BTreeMap, BTreeSet};

const PASS: &str = "markdown";

/// Marks a kept pull quote. CommonMark has no pull quote; a block quote keeps the words
/// visible, and the comment (invisible in every renderer) says they repeat the text.
pub const PULL_QUOTE_COMMENT: &str = "<!-- pull quote: repeats a passage of the text -->";

/// Ends a list when another follows it.
const LIST_SEPARATOR: &str = "<!-- end of list -->";

/// Writes the document as Markdown.
pub fn write(doc: &Document, opts: &WriteOptions, report: &mut Report) -> String {
    let labels = NoteLabels::new(doc, opts, report);
    let mut w = Writer {
        blocks: Vec::new(),
        labels,
        opts,
        report,
        stats: Stats::default(),
        last_list: None,
        deferred_refs: Vec::new(),
    };
    let yaml = metadata_yaml(&metadata_fields(&doc.meta), &mut w.stats);
    if !yaml.is_empty() {
        w.blocks.push(yaml);
    }
    for b in &doc.body {
        w.block(b);
    }
    w.back(doc);
    w.finish()
}

/// Footnote labels for notes and the acknowledgement. Readers turn labels into ids, so each
/// is an ASCII XML name (`fn1`, `ack`): the model's id when it qualifies, else a fresh one.
pub(crate) struct NoteLabels {
    /// Model id -> footnote label.
    by_id: BTreeMap<String, String>,
    /// Labels of the notes, in order.
    notes: Vec<String>,
    /// The acknowledgement's label; `None` when nothing refers to it, and it is written as a
    /// paragraph after a rule instead (pandoc drops footnotes nothing refers to).
    ack: Option<String>,
}

impl NoteLabels {
    pub(crate) fn new(doc: &Document, opts: &WriteOptions, report: &mut Report) -> NoteLabels {
        let ack = doc
            .acknowledgement
            .as_ref()
            .filter(|a| referenced_ids(doc, opts).contains(&a.id));
        let wanted: Vec<&str> = doc
            .notes
            .iter()
            .map(|n| n.id.as_str())
            .chain(ack.map(|a| a.id.as_str()))
            .collect();
        // Usable, unique ids are kept first; only then do the others get fresh labels, so
        // one bad id never shifts the rest.
        let mut used = BTreeSet::new();
        let kept: Vec<bool> = wanted
            .iter()
            .map(|w| is_label(w) && used.insert(w.to_string()))
            .collect();
        let mut labels = NoteLabels {
            by_id: BTreeMap::new(),
            notes: Vec::new(),
            ack: None,
        };
        for (i, (w, k)) in wanted.iter().zip(kept).enumerate() {
            let is_ack = i == doc.notes.len();
            let l = if k {
                w.to_string()
            } else {
                fresh(
                    w,
                    if is_ack { "ack" } else { "fn" },
                    i + 1,
                    &mut used,
                    report,
                )
            };
            labels
                .by_id
                .entry(w.to_string())
                .or_insert_with(|| l.clone());
            if is_ack {
                labels.ack = Some(l);
            } else {
                labels.notes.push(l);
            }
        }
        labels
    }

    pub(crate) fn label(&self, id: &str) -> Option<&str> {
        self.by_id.get(id).map(String::as_str)
    }
}

fn is_label(s: &str) -> bool {
    s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A label for `id`, which is unusable or taken: `{prefix}{n}`, the first free from `n`.
fn fresh(
    id: &str,
    prefix: &str,
    n: usize,
    used: &mut BTreeSet<String>,
    report: &mut Report,
) -> String {
    // Ends: at most `used.len() + 1` candidates are taken.
    let mut k = n;
    let label = loop {
        let l = format!("{prefix}{k}");
        if used.insert(l.clone()) {
            break l;
        }
        k += 1;
    };
    report.record(
        PASS,
        Action::Warning,
        None,
        format!("note id `{id}` is not a usable footnote label; written as `{label}`"),
    );
    label
}

/// Ids that note references point at, in the body the writer keeps and in the notes.
fn referenced_ids(doc: &Document, opts: &WriteOptions) -> BTreeSet<String> {
    fn walk(inlines: &[Inline], out: &mut BTreeSet<String>) {
        for i in inlines {
            match i {
                Inline::NoteRef { id, .. } => {
                    out.insert(id.clone());
                }
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Superscript { content }
                | Inline::Link { content, .. } => walk(content, out),
                Inline::Text { .. } => {}
            }
        }
    }
    let mut out = BTreeSet::new();
    for b in &doc.body {
        match &b.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => {
                walk(content, &mut out)
            }
            BlockKind::PullQuote { content } if opts.keep_pull_quotes => walk(content, &mut out),
            BlockKind::PullQuote { .. } => {}
            BlockKind::List { items, .. } => items.iter().for_each(|i| walk(i, &mut out)),
            BlockKind::Figure {
                caption,
                image: None,
                ..
            } => walk(caption, &mut out),
            // An image's caption is its alt text, written as plain text.
            BlockKind::Figure { .. } => {}
            BlockKind::BlockQuote { paragraphs } => {
                paragraphs.iter().for_each(|p| walk(p, &mut out))
            }
        }
    }
    for n in &doc.notes {
        walk(&n.content, &mut out);
    }
    out
}

/// Which list was written last, so that two lists in a row get different markers (the same
/// marker would merge them into one list).
#[derive(Clone, Copy, PartialEq, Eq)]
enum ListMarker {
    Dash,
    Star,
    Dot,
    Paren,
}

struct Writer<'a> {
    blocks: Vec<String>,
    labels: NoteLabels,
    opts: &'a WriteOptions,
    report: &'a mut Report,
    stats: Stats,
    last_list: Option<ListMarker>,
    /// Note references met inside the link being written, to write after it.
    deferred_refs: Vec<String>,
}

impl Writer<'_> {
    fn warn(&mut self, detail: String) {
        self.report.record(PASS, Action::Warning, None, detail);
    }

    fn push(&mut self, block: String) {
        self.blocks.push(block);
        self.last_list = None;
    }

    /// A block's inline text, escaped, trimmed and guarded at its start.
    fn text_block(&mut self, content: &[Inline]) -> String {
        let mut s = String::new();
        self.inlines(content, false, &mut s, (None, None));
        guard_block_start(s.trim_matches([' ', '\t']).to_string())
    }

    fn block(&mut self, b: &Block) {
        match &b.kind {
            BlockKind::Heading { level, content } => self.heading(*level, content),
            BlockKind::Paragraph { content } => {
                let p = self.text_block(content);
                if !p.is_empty() {
                    self.push(p);
                }
            }
            BlockKind::List { ordered, items } => self.list(*ordered, items, b),
            BlockKind::Figure {
                caption,
                credit,
                image,
            } => self.figure(caption, credit.as_deref(), image.as_deref()),
            BlockKind::BlockQuote { paragraphs } => {
                let q = self.quote(paragraphs);
                if q.is_empty() {
                    let lines = b.source.map(|s| (s.first_line, s.last_line));
                    self.report
                        .record(PASS, Action::Removed, lines, "empty block quote left out");
                } else {
                    self.push(q);
                }
            }
            BlockKind::PullQuote { content } => {
                if self.opts.keep_pull_quotes {
                    let q = self.quote(std::slice::from_ref(content));
                    if !q.is_empty() {
                        self.push(format!("{PULL_QUOTE_COMMENT}\n\n{q}"));
                    }
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

    fn heading(&mut self, level: u8, content: &[Inline]) {
        if level > 6 {
            self.warn(format!(
                "heading level {level} written as 6, the deepest Markdown has"
            ));
        }
        let hashes = "#".repeat(usize::from(level.clamp(1, 6)));
        let text = self.text_block(content);
        if text.is_empty() {
            self.warn("empty heading left out".into());
            return;
        }
        self.push(format!("{hashes} {text}"));
    }

    fn list(&mut self, ordered: bool, items: &[Vec<Inline>], b: &Block) {
        if items.is_empty() {
            let lines = b.source.map(|s| (s.first_line, s.last_line));
            self.report
                .record(PASS, Action::Removed, lines, "empty list left out");
            return;
        }
        // Two lists in a row would merge into one. CommonMark ends a list at a change of
        // marker, pandoc does not; both end it at an HTML comment, as pandoc's manual advises.
        let separator = self.last_list.is_some();
        let marker = match (ordered, self.last_list) {
            (false, Some(ListMarker::Dash)) => ListMarker::Star,
            (false, _) => ListMarker::Dash,
            (true, Some(ListMarker::Dot)) => ListMarker::Paren,
            (true, _) => ListMarker::Dot,
        };
        let mut out = Vec::with_capacity(items.len());
        for (n, item) in items.iter().enumerate() {
            let text = self.text_block(item);
            let lead = match marker {
                ListMarker::Dash => "-".to_string(),
                ListMarker::Star => "*".to_string(),
                ListMarker::Dot => format!("{}.", n + 1),
                ListMarker::Paren => format!("{})", n + 1),
            };
            out.push(if text.is_empty() {
                lead
            } else {
                format!("{lead} {text}")
            });
        }
        if separator {
            self.push(LIST_SEPARATOR.into());
        }
        self.push(out.join("\n"));
        self.last_list = Some(marker);
    }

    /// CommonMark has figures only as pandoc's "implicit figure", an image alone in a
    /// paragraph with its caption as alt text: used when the image is known. Without one,
    /// the caption is an italic paragraph with the credit in parentheses, as printed.
    fn figure(&mut self, caption: &[Inline], credit: Option<&str>, image: Option<&str>) {
        let credit = credit.map(str::trim).filter(|c| !c.is_empty());
        let credit_md = credit.map(|c| format!("({})", escaped(c, &mut self.stats)));
        let p = match image {
            Some(src) => {
                let mut alt = escaped(crate::model::plain_text(caption).trim(), &mut self.stats);
                if let Some(c) = &credit_md {
                    if !alt.is_empty() {
                        alt.push(' ');
                    }
                    alt.push_str(c);
                }
                format!("![{alt}]({})", destination(src))
            }
            None => {
                let mut s = String::new();
                // The caption is wrapped in `*`, and its credit follows after a space.
                self.inlines(caption, false, &mut s, (Some('*'), Some('*')));
                let cap = s.trim_matches([' ', '\t']);
                let after = credit_md.as_ref().map(|_| ' ');
                let italic = can_delimit(None, cap, after);
                if !italic && !cap.is_empty() {
                    self.warn(format!(
                        "caption that Markdown cannot italicise written plain: {cap}"
                    ));
                }
                let cap = if italic {
                    format!("*{cap}*")
                } else {
                    cap.to_string()
                };
                match (cap.is_empty(), credit_md) {
                    (true, None) => return,
                    (true, Some(c)) => guard_block_start(c),
                    (false, None) => guard_block_start(cap),
                    (false, Some(c)) => guard_block_start(format!("{cap} {c}")),
                }
            }
        };
        self.push(p);
    }

    fn quote(&mut self, paragraphs: &[Vec<Inline>]) -> String {
        let paras: Vec<String> = paragraphs
            .iter()
            .map(|p| self.text_block(p))
            .filter(|p| !p.is_empty())
            .map(|p| format!("> {p}"))
            .collect();
        paras.join("\n>\n")
    }

    /// The acknowledgement (a footnote when referred to, else a paragraph after a rule, as
    /// printed) and the footnote definitions.
    fn back(&mut self, doc: &Document) {
        if let Some(a) = &doc.acknowledgement {
            if self.labels.ack.is_none() {
                let p = self.text_block(&a.content);
                if p.is_empty() {
                    self.warn("empty acknowledgement left out".into());
                } else {
                    // A blank line before `***` keeps it a rule, never a setext underline.
                    self.push("***".into());
                    self.push(p);
                }
            }
        }
        let labels = self.labels.notes.clone();
        for (n, label) in doc.notes.iter().zip(labels) {
            let text = self.text_block(&n.content);
            self.push(format!("[^{label}]: {text}").trim_end().to_string());
        }
        if let (Some(a), Some(label)) = (&doc.acknowledgement, self.labels.ack.clone()) {
            let text = self.text_block(&a.content);
            self.push(format!("[^{label}]: {text}").trim_end().to_string());
        }
        if !doc.notes.is_empty() || self.labels.ack.is_some() {
            self.warn("footnotes are numbered by the reader: printed marks (note numbers, `*`) are not kept".into());
        }
    }

    fn finish(mut self) -> String {
        if self.stats.line_breaks > 0 {
            let n = self.stats.line_breaks;
            self.warn(format!(
                "{n} line break(s) inside text written as spaces (a break would end the block)"
            ));
        }
        if self.stats.controls > 0 {
            let n = self.stats.controls;
            self.warn(format!("dropped {n} control character(s)"));
        }
        let mut out = self.blocks.join("\n\n");
        out.push('\n');
        out
    }

    /// Writes `inlines`; `around` is what the reader sees just before and after them (`None`:
    /// the block's edge), which decides whether emphasis delimiters can count.
    fn inlines(&mut self, inlines: &[Inline], in_link: bool, out: &mut String, around: Around) {
        let mut i = 0;
        while let Some(inline) = inlines.get(i) {
            if let Inline::Text { .. } = inline {
                // Adjacent text runs are escaped together, so `-` `-` split over two runs is
                // still seen as `--`.
                let mut run = String::new();
                while let Some(Inline::Text { text }) = inlines.get(i) {
                    run.push_str(text);
                    i += 1;
                }
                escape::escape_text(&run, out, &mut self.stats);
                continue;
            }
            let prev = out.chars().last().or(around.0);
            let next = first_char(inlines.get(i + 1..).unwrap_or(&[])).or(around.1);
            self.inline(inline, in_link, out, (prev, next));
            i += 1;
        }
    }

    fn inline(&mut self, i: &Inline, in_link: bool, out: &mut String, around: Around) {
        match i {
            Inline::Text { text } => escape::escape_text(text, out, &mut self.stats),
            Inline::Emphasis { content } => self.delimited("*", content, in_link, out, around),
            Inline::Strong { content } => self.delimited("**", content, in_link, out, around),
            Inline::Superscript { content } => {
                // CommonMark has no superscript; its raw HTML does, and pandoc keeps it.
                out.push_str("<sup>");
                self.inlines(content, in_link, out, (Some('>'), Some('<')));
                out.push_str("</sup>");
            }
            Inline::Link { target, content } => self.link(target, content, in_link, out),
            Inline::NoteRef { id, label } => match self.labels.label(id) {
                // A footnote reference inside link text breaks the link (pulldown-cmark reads
                // `[[^1]](url)` as text): it goes right after the link.
                Some(l) if in_link => {
                    let r = format!("[^{l}]");
                    self.deferred_refs.push(r);
                }
                Some(l) => {
                    out.push_str("[^");
                    out.push_str(l);
                    out.push(']');
                }
                None => {
                    self.warn(format!(
                        "note reference `{label}` points to no note (`{id}`); written as text"
                    ));
                    escape::escape_text(label, out, &mut self.stats);
                }
            },
        }
    }

    /// Emphasis delimiters count only where CommonMark's flanking rules let them
    /// (https://spec.commonmark.org/0.31.2/#left-flanking-delimiter-run): surrounding
    /// whitespace goes outside them, and where they still cannot count (`a*(b)*`, or next to
    /// another `*`), the words are written plain and the loss reported.
    fn delimited(
        &mut self,
        delim: &str,
        content: &[Inline],
        in_link: bool,
        out: &mut String,
        around: Around,
    ) {
        let mut inner = String::new();
        self.inlines(content, in_link, &mut inner, (Some('*'), Some('*')));
        let core = inner.trim_matches(char::is_whitespace);
        if core.is_empty() {
            out.push_str(&inner);
            return;
        }
        let lead = inner.len() - inner.trim_start_matches(char::is_whitespace).len();
        let trail = inner.len() - inner.trim_end_matches(char::is_whitespace).len();
        let prev = if lead > 0 { Some(' ') } else { around.0 };
        let next = if trail > 0 { Some(' ') } else { around.1 };
        if !can_delimit(prev, core, next) {
            self.warn(format!(
                "emphasis that Markdown cannot mark here written plain: {core}"
            ));
            out.push_str(&inner);
            return;
        }
        out.push_str(inner.get(..lead).unwrap_or(""));
        out.push_str(delim);
        out.push_str(core);
        out.push_str(delim);
        out.push_str(inner.get(inner.len() - trail..).unwrap_or(""));
    }

    fn link(&mut self, target: &str, content: &[Inline], in_link: bool, out: &mut String) {
        if in_link {
            self.warn(format!("link inside a link: its target {target} left out"));
            let prev = out.chars().last();
            self.inlines(content, true, out, (prev, Some(']')));
            return;
        }
        let mut text = String::new();
        self.inlines(content, true, &mut text, (Some('['), Some(']')));
        if text.trim().is_empty() {
            // An empty link would be invisible: show its address.
            text = escaped(target, &mut self.stats);
        }
        if text.trim().is_empty() {
            self.warn("link with neither words nor address left out".into());
        } else {
            out.push('[');
            out.push_str(&text);
            out.push_str("](");
            out.push_str(&destination(target));
            out.push(')');
        }
        if !self.deferred_refs.is_empty() {
            let n = self.deferred_refs.len();
            self.warn(format!(
                "{n} note reference(s) inside a link written after it"
            ));
            for r in std::mem::take(&mut self.deferred_refs) {
                out.push_str(&r);
            }
        }
    }
}
