//! The document model: what an article *is*, independent of any input or output format.
//!
//! Every reader ends, after cleaning, in a [`Document`]; every writer starts from one. The model
//! serialises to JSON (`offprint convert --to json`) with serde, so that other systems can read it.

use serde::{Deserialize, Serialize};

/// One article: its metadata, body, notes and acknowledgement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Document {
    /// Title, authors, dates, journal, keywords and identifiers.
    pub meta: Metadata,
    /// The article's body, in reading order.
    pub body: Vec<Block>,
    /// The notes (endnotes or footnotes), in order; referenced by [`Inline::NoteRef`].
    #[serde(default)]
    pub notes: Vec<Note>,
    /// The acknowledgement (for Global-e: the `*` note after the `________` rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledgement: Option<Acknowledgement>,
}

/// What is known about the article and the journal issue it belongs to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(default)]
pub struct Metadata {
    /// Article title.
    pub title: Option<String>,
    /// Article subtitle.
    pub subtitle: Option<String>,
    /// Authors, in byline order.
    pub authors: Vec<Author>,
    /// Publication date, ISO 8601 (`2020-04-10`, or `2020-04`, `2020`).
    pub date: Option<String>,
    /// Journal title (`Global-e`).
    pub journal: Option<String>,
    /// Journal volume (`13`).
    pub volume: Option<String>,
    /// Journal issue (`22`).
    pub issue: Option<String>,
    /// Series or thematic section the article appears in (`Re-Globalization`).
    pub series: Option<String>,
    /// The abstract, when the article prints one (a title block's `Abstract` paragraph).
    #[serde(rename = "abstract", skip_serializing_if = "Option::is_none")]
    pub abstract_: Option<Vec<Inline>>,
    /// Keywords (the journal's tags), each with the tag page's URI when known.
    pub keywords: Vec<Keyword>,
    /// The article's own web address (its page, or its print PDF).
    pub self_uri: Option<String>,
    /// Other identifiers (DOI, ISSN, node id...).
    pub identifiers: Vec<Identifier>,
    /// Language of the text, BCP 47 (`en`).
    pub language: Option<String>,
}

/// An author and what the article says about them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(default)]
pub struct Author {
    /// The name as printed (`Pavel Raus`).
    pub name: String,
    /// Given names (`Pavel`).
    pub given: Option<String>,
    /// Surname (`Raus`).
    pub surname: Option<String>,
    /// The bio line, as printed.
    pub bio: Option<String>,
    /// Institution, from the bio or the byline.
    pub affiliation: Option<String>,
}

/// A keyword, with the URI of its page on the journal's site when the export linked it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Keyword {
    /// The keyword as printed.
    pub text: String,
    /// The tag page's URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

/// A typed identifier (`doi`, `issn`, `uri`, `node`...).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Identifier {
    /// The scheme, lower case (`doi`).
    pub scheme: String,
    /// The value (`10.1234/abc`).
    pub value: String,
}

/// Where a piece of the model came from in the input, for the report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct SourceSpan {
    /// 1-based page number.
    pub page: u32,
    /// First input line (1-based, counted over the whole file for text exports, over the
    /// extracted lines of the document for PDFs).
    pub first_line: u32,
    /// Last input line, inclusive.
    pub last_line: u32,
}

/// A body block and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Block {
    /// What the block is.
    #[serde(flatten)]
    pub kind: BlockKind,
    /// Where it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceSpan>,
}

impl Block {
    /// A block with no recorded source.
    pub fn new(kind: BlockKind) -> Self {
        Block { kind, source: None }
    }
    /// A block from the given source span.
    pub fn at(kind: BlockKind, source: SourceSpan) -> Self {
        Block {
            kind,
            source: Some(source),
        }
    }
}

/// The kinds of body block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BlockKind {
    /// A section heading; level 1 is a top-level section of the body (the title is metadata).
    Heading {
        /// 1 = section, 2 = subsection...
        level: u8,
        /// The heading text.
        content: Vec<Inline>,
    },
    /// A paragraph.
    Paragraph {
        /// The paragraph text.
        content: Vec<Inline>,
    },
    /// A bullet or ordered list.
    List {
        /// Numbered (`1.`) rather than bulleted.
        ordered: bool,
        /// The items, each a run of inlines.
        items: Vec<Vec<Inline>>,
    },
    /// A figure (for Global-e: the lead photo) with its caption and credit.
    Figure {
        /// The caption, without the credit.
        caption: Vec<Inline>,
        /// The credit (`Photo: Xinhua`), without its parentheses.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        credit: Option<String>,
        /// The image's address, when known (the exports do not carry the image itself).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        image: Option<String>,
    },
    /// A quotation set off from the text.
    BlockQuote {
        /// The quoted paragraphs.
        paragraphs: Vec<Vec<Inline>>,
    },
    /// A pull quote: display text that repeats a passage of the body. Writers leave it out
    /// unless asked to keep it.
    PullQuote {
        /// The displayed text, as printed (possibly cut short with `...`).
        content: Vec<Inline>,
    },
}

/// Inline content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text, exactly as printed (typographic quotes, dashes, no-break spaces kept).
    Text {
        /// The text.
        text: String,
    },
    /// Emphasis (italic).
    Emphasis {
        /// Emphasised content.
        content: Vec<Inline>,
    },
    /// Strong (bold).
    Strong {
        /// Strong content.
        content: Vec<Inline>,
    },
    /// Superscript that is not a note reference.
    Superscript {
        /// Raised content.
        content: Vec<Inline>,
    },
    /// A hyperlink.
    Link {
        /// Absolute target URI.
        target: String,
        /// The linked words.
        content: Vec<Inline>,
    },
    /// A reference to a [`Note`] or to the [`Acknowledgement`], by id.
    NoteRef {
        /// The id of the note or acknowledgement referred to.
        id: String,
        /// The mark as printed (`1`, `*`).
        label: String,
    },
}

impl Inline {
    /// A text inline.
    pub fn text(s: impl Into<String>) -> Self {
        Inline::Text { text: s.into() }
    }
}

/// A note (endnote or footnote).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Note {
    /// Unique id, a valid XML name (`fn1`).
    pub id: String,
    /// The label as printed (`1`).
    pub label: String,
    /// The note text, with its links.
    pub content: Vec<Inline>,
    /// Where it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceSpan>,
}

/// The acknowledgement, which a note reference (`*`) may point to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Acknowledgement {
    /// Unique id, a valid XML name (`ack`).
    pub id: String,
    /// The mark that refers to it, if any (`*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The text, without the mark.
    pub content: Vec<Inline>,
    /// Where it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceSpan>,
}

/// Concatenates the visible text of inlines (note references give their label).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(inlines, &mut out);
    out
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for i in inlines {
        match i {
            Inline::Text { text } => out.push_str(text),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Superscript { content }
            | Inline::Link { content, .. } => push_plain(content, out),
            Inline::NoteRef { label, .. } => out.push_str(label),
        }
    }
}

/// Calls `f` on every inline sequence of the document (block content, list items, captions,
/// notes, acknowledgement), so a pass can rewrite inlines without re-implementing traversal.
pub fn walk_inlines_mut(doc: &mut Document, f: &mut dyn FnMut(&mut Vec<Inline>)) {
    for b in &mut doc.body {
        match &mut b.kind {
            BlockKind::Heading { content, .. }
            | BlockKind::Paragraph { content }
            | BlockKind::PullQuote { content } => f(content),
            BlockKind::List { items, .. } => items.iter_mut().for_each(&mut *f),
            BlockKind::Figure { caption, .. } => f(caption),
            BlockKind::BlockQuote { paragraphs } => paragraphs.iter_mut().for_each(&mut *f),
        }
    }
    for n in &mut doc.notes {
        f(&mut n.content);
    }
    if let Some(a) = &mut doc.acknowledgement {
        f(&mut a.content);
    }
}

/// The JSON Schema (draft 2020-12) of [`Document`]'s JSON form, as checked in at
/// `docs/document.schema.json`, for systems in other languages.
///
/// ```
/// let schema = offprint::model::json_schema();
/// assert!(schema.contains("\"Document\""));
/// ```
#[cfg(feature = "schema")]
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Document);
    let mut s = serde_json::to_string_pretty(&schema).expect("a schema always serialises");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip_keeps_everything() {
        let doc = Document {
            meta: Metadata {
                title: Some("T".into()),
                ..Default::default()
            },
            body: vec![Block::at(
                BlockKind::Paragraph {
                    content: vec![
                        Inline::text("a “b”"),
                        Inline::NoteRef {
                            id: "fn1".into(),
                            label: "1".into(),
                        },
                    ],
                },
                SourceSpan {
                    page: 1,
                    first_line: 3,
                    last_line: 4,
                },
            )],
            notes: vec![Note {
                id: "fn1".into(),
                label: "1".into(),
                content: vec![Inline::text("n")],
                source: None,
            }],
            acknowledgement: None,
        };
        let json = serde_json::to_string(&doc).unwrap();
        assert!(json.contains(r#""type":"paragraph""#), "{json}");
        let back: Document = serde_json::from_str(&json).unwrap();
        assert_eq!(back, doc);
        assert_eq!(plain_text(&doc.notes[0].content), "n");
    }
}
