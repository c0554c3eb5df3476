//! A comparable summary of a Markdown document (headings, paragraphs, lists, quotes, footnote
//! definitions, links, metadata), read with pulldown-cmark, and the summary the model should
//! give, so tests can show that the Markdown reads back as the document it was written from.

use super::escape::destination_read_back;
use super::{metadata_fields, MetaField, MetaValue, NoteLabels};
use crate::model::{BlockKind, Document, Inline};
use crate::report::Report;
use crate::write::WriteOptions;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// What a Markdown document says, independent of how it is spelled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Structure {
    /// Metadata entries in order (`title`, `author.name`, `keywords`...).
    pub meta: Vec<MetaEntry>,
    /// Body blocks in order.
    pub blocks: Vec<StructureBlock>,
    /// Footnote definitions: label and text.
    pub footnotes: Vec<(String, String)>,
    /// Links in order (body, then footnotes): text and target.
    pub links: Vec<(String, String)>,
}

/// One metadata value; nested keys are joined with `.` (`author.name`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaEntry {
    /// The key path.
    pub key: String,
    /// The value's text (Markdown read as text).
    pub text: String,
    /// The value's link target, when it is a link.
    pub link: Option<String>,
}

/// A body block. Text is whitespace-normalised; a footnote reference reads `[^label]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StructureBlock {
    /// A heading and its level.
    Heading(u8, String),
    /// A paragraph.
    Paragraph(String),
    /// A list: ordered or not, and its items' text.
    List(bool, Vec<String>),
    /// A block quote's paragraphs.
    Quote(Vec<String>),
    /// A thematic break.
    Rule,
}

/// Collapses runs of ASCII whitespace to one space and trims; other spaces (U+00A0) stay.
fn normalise(s: &str) -> String {
    s.split([' ', '\t', '\n', '\r'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads Markdown with pulldown-cmark (footnotes and YAML metadata blocks on).
pub fn parse_structure(md: &str) -> Structure {
    let opts = Options::ENABLE_FOOTNOTES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut s = Structure::default();
    let mut text = String::new();
    let mut meta_src: Option<String> = None;
    let mut links: Vec<(usize, String)> = Vec::new();
    let mut footnote: Option<(String, Vec<String>)> = None;
    let mut quote: Option<Vec<String>> = None;
    let mut lists: Vec<(bool, Vec<String>)> = Vec::new();
    let mut item: Option<Vec<String>> = None;
    for ev in Parser::new_ext(md, opts) {
        match ev {
            Event::Start(Tag::MetadataBlock(_)) => meta_src = Some(String::new()),
            Event::End(TagEnd::MetadataBlock(_)) => {
                s.meta = parse_yaml(meta_src.take().as_deref().unwrap_or(""));
            }
            Event::Text(t) | Event::Code(t) => match meta_src.as_mut() {
                Some(m) => m.push_str(&t),
                None => text.push_str(&t),
            },
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::InlineHtml(h) => text.push_str(&h),
            Event::FootnoteReference(l) => text.push_str(&format!("[^{l}]")),
            Event::Start(Tag::Paragraph | Tag::Heading { .. }) => text.clear(),
            Event::End(TagEnd::Heading(level)) => {
                s.blocks.push(StructureBlock::Heading(
                    heading_level(level),
                    normalise(&text),
                ));
                text.clear();
            }
            Event::End(TagEnd::Paragraph) => {
                let p = normalise(&std::mem::take(&mut text));
                if let Some(i) = item.as_mut() {
                    i.push(p);
                } else if let Some((_, paras)) = footnote.as_mut() {
                    paras.push(p);
                } else if let Some(q) = quote.as_mut() {
                    q.push(p);
                } else {
                    s.blocks.push(StructureBlock::Paragraph(p));
                }
            }
            Event::Start(Tag::List(start)) => lists.push((start.is_some(), Vec::new())),
            Event::End(TagEnd::List(_)) => {
                if let Some((ordered, items)) = lists.pop() {
                    s.blocks.push(StructureBlock::List(ordered, items));
                }
            }
            Event::Start(Tag::Item) => {
                text.clear();
                item = Some(Vec::new());
            }
            Event::End(TagEnd::Item) => {
                // Tight items hold their text directly; loose ones in paragraphs.
                let mut paras = item.take().unwrap_or_default();
                if paras.is_empty() || !text.trim().is_empty() {
                    paras.push(normalise(&text));
                }
                text.clear();
                if let Some((_, items)) = lists.last_mut() {
                    items.push(paras.join(" "));
                }
            }
            Event::Start(Tag::BlockQuote(_)) => quote = Some(Vec::new()),
            Event::End(TagEnd::BlockQuote(_)) => {
                s.blocks
                    .push(StructureBlock::Quote(quote.take().unwrap_or_default()));
            }
            Event::Start(Tag::FootnoteDefinition(l)) => {
                footnote = Some((l.to_string(), Vec::new()))
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((l, paras)) = footnote.take() {
                    s.footnotes.push((l, paras.join(" ")));
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                links.push((text.len(), dest_url.to_string()))
            }
            Event::End(TagEnd::Link) => {
                if let Some((start, url)) = links.pop() {
                    let t = text.get(start..).unwrap_or("");
                    s.links.push((normalise(t), url));
                }
            }
            Event::Rule => s.blocks.push(StructureBlock::Rule),
            _ => {}
        }
    }
    s
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Reads the YAML the writer emits: `key: "v"`, `key:` with `  - "v"` items, or with
/// `  - field: "v"` / `    field: "v"` maps. Values are read as Markdown.
fn parse_yaml(src: &str) -> Vec<MetaEntry> {
    let mut out = Vec::new();
    let mut key = String::new();
    for line in src.lines() {
        let body = line.trim_start();
        let indent = line.len() - body.len();
        if body.is_empty() {
            continue;
        }
        let (item, rest) = match body.strip_prefix("- ") {
            Some(r) => (true, r),
            None => (false, body),
        };
        if indent == 0 && !item {
            if let Some((k, v)) = rest.split_once(':') {
                key = k.trim().to_string();
                if !v.trim().is_empty() {
                    out.push(meta_entry(&key, v.trim()));
                }
            }
        } else if rest.starts_with('"') {
            out.push(meta_entry(&key, rest.trim()));
        } else if let Some((f, v)) = rest.split_once(':') {
            out.push(meta_entry(&format!("{key}.{}", f.trim()), v.trim()));
        }
    }
    out
}

fn meta_entry(key: &str, raw: &str) -> MetaEntry {
    let md = super::escape::yaml_unquote(raw).unwrap_or_else(|| raw.to_string());
    let mut text = String::new();
    let mut link = None;
    for ev in Parser::new(&md) {
        match ev {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Start(Tag::Link { dest_url, .. }) => link = Some(dest_url.to_string()),
            _ => {}
        }
    }
    MetaEntry {
        key: key.to_string(),
        text: normalise(&text),
        link,
    }
}

/// The structure the Markdown written for `doc` with `opts` should have.
pub fn model_structure(doc: &Document, opts: &WriteOptions) -> Structure {
    let labels = NoteLabels::new(doc, opts, &mut Report::default());
    let mut s = Structure {
        meta: meta_entries(&metadata_fields(&doc.meta)),
        ..Structure::default()
    };
    let mut p = Plain {
        labels: &labels,
        links: Vec::new(),
        deferred: Vec::new(),
    };
    for b in &doc.body {
        let block = match &b.kind {
            BlockKind::Heading { level, content } => Some(StructureBlock::Heading(
                (*level).clamp(1, 6),
                p.text(content),
            ))
            .filter(|h| !matches!(h, StructureBlock::Heading(_, t) if t.is_empty())),
            BlockKind::Paragraph { content } => Some(StructureBlock::Paragraph(p.text(content)))
                .filter(|b| !matches!(b, StructureBlock::Paragraph(t) if t.is_empty())),
            BlockKind::List { ordered, items } if !items.is_empty() => Some(StructureBlock::List(
                *ordered,
                items.iter().map(|i| p.text(i)).collect(),
            )),
            BlockKind::List { .. } => None,
            BlockKind::Figure {
                caption,
                credit,
                image,
            } => {
                let cap = match image {
                    Some(_) => normalise(&plain_chars(&crate::model::plain_text(caption))),
                    None => p.text(caption),
                };
                let credit = credit.as_deref().map(str::trim).filter(|c| !c.is_empty());
                let t = match credit {
                    Some(c) => normalise(&format!("{cap} ({})", plain_chars(c))),
                    None => cap,
                };
                // An image is written even with no caption.
                Some(StructureBlock::Paragraph(t)).filter(|b| {
                    image.is_some() || !matches!(b, StructureBlock::Paragraph(t) if t.is_empty())
                })
            }
            BlockKind::BlockQuote { paragraphs } => Some(StructureBlock::Quote(
                paragraphs
                    .iter()
                    .map(|q| p.text(q))
                    .filter(|t| !t.is_empty())
                    .collect(),
            ))
            .filter(|q| !matches!(q, StructureBlock::Quote(v) if v.is_empty())),
            BlockKind::PullQuote { content } if opts.keep_pull_quotes => Some(
                StructureBlock::Quote(vec![p.text(content)]),
            )
            .filter(|q| !matches!(q, StructureBlock::Quote(v) if v.iter().all(String::is_empty))),
            BlockKind::PullQuote { .. } => None,
        };
        s.blocks.extend(block);
    }
    if let (Some(a), None) = (&doc.acknowledgement, &labels.ack) {
        let text = p.text(&a.content);
        if !text.is_empty() {
            s.blocks.push(StructureBlock::Rule);
            s.blocks.push(StructureBlock::Paragraph(text));
        }
    }
    for (n, l) in doc.notes.iter().zip(&labels.notes) {
        s.footnotes.push((l.clone(), p.text(&n.content)));
    }
    if let (Some(a), Some(l)) = (&doc.acknowledgement, &labels.ack) {
        s.footnotes.push((l.clone(), p.text(&a.content)));
    }
    s.links = p.links;
    s
}

fn meta_entries(fields: &[MetaField]) -> Vec<MetaEntry> {
    let entry = |key: String, v: &MetaValue| MetaEntry {
        key,
        text: normalise(&plain_chars(&v.text)),
        link: v.link.as_deref().map(destination_read_back),
    };
    let mut out = Vec::new();
    for f in fields {
        match f {
            MetaField::Scalar(k, v) => out.push(entry(k.to_string(), v)),
            MetaField::List(k, vs) => out.extend(vs.iter().map(|v| entry(k.to_string(), v))),
            MetaField::Maps(k, maps) => {
                for map in maps {
                    out.extend(map.iter().map(|(f, v)| entry(format!("{k}.{f}"), v)));
                }
            }
        }
    }
    out
}

/// Text as the writer leaves it: line breaks as spaces, control characters gone.
fn plain_chars(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => Some(' '),
            c if c < ' ' && c != '\t' => None,
            c => Some(c),
        })
        .collect()
}

/// Renders inlines as the reader will see them, collecting links.
struct Plain<'a> {
    labels: &'a NoteLabels,
    links: Vec<(String, String)>,
    /// Note references inside the current link: the writer puts them after it.
    deferred: Vec<String>,
}

impl Plain<'_> {
    fn text(&mut self, inlines: &[Inline]) -> String {
        let mut out = String::new();
        self.push(inlines, false, &mut out);
        normalise(&out)
    }

    fn push(&mut self, inlines: &[Inline], in_link: bool, out: &mut String) {
        for i in inlines {
            match i {
                Inline::Text { text } => out.push_str(&plain_chars(text)),
                Inline::Emphasis { content } | Inline::Strong { content } => {
                    self.push(content, in_link, out)
                }
                Inline::Superscript { content } => {
                    out.push_str("<sup>");
                    self.push(content, in_link, out);
                    out.push_str("</sup>");
                }
                Inline::Link { content, .. } if in_link => self.push(content, true, out),
                Inline::Link { target, content } => {
                    let mut t = String::new();
                    self.push(content, true, &mut t);
                    if t.trim().is_empty() {
                        t = plain_chars(target);
                    }
                    if !t.trim().is_empty() {
                        self.links
                            .push((normalise(&t), destination_read_back(target)));
                        out.push_str(&t);
                    }
                    out.push_str(&std::mem::take(&mut self.deferred).concat());
                }
                Inline::NoteRef { id, .. } if in_link && self.labels.label(id).is_some() => {
                    let l = self.labels.label(id).unwrap_or_default();
                    self.deferred.push(format!("[^{l}]"));
                }
                Inline::NoteRef { id, label } => match self.labels.label(id) {
                    Some(l) => out.push_str(&format!("[^{l}]")),
                    None => out.push_str(&plain_chars(label)),
                },
            }
        }
    }
}
