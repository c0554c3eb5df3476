//! Readers: each turns one input format into an [`Export`] — the pages and lines as the input
//! laid them out, with whatever the format tells about them (fonts, positions, link targets).
//!
//! A reader only recognises what is there; it does not clean. The passes in [`crate::clean`]
//! decide what the lines mean and build the [`crate::model::Document`].

#[cfg(feature = "pdf")]
pub mod pdf;
pub mod text;

use serde::{Deserialize, Serialize};

/// Which reader made an export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// A plain-text export (what a PDF-to-text tool made of the print PDF).
    #[default]
    Text,
    /// A PDF.
    Pdf,
}

/// An article as its export laid it out: pages of lines.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Export {
    /// Which reader made it.
    pub origin: Origin,
    /// The pages, in order.
    pub pages: Vec<Page>,
    /// Document-level facts the format carries (PDF Info dictionary, XMP).
    pub info: ExportInfo,
}

/// Document-level metadata found in the file itself (not in its text).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportInfo {
    /// `/Title` or `dc:title`.
    pub title: Option<String>,
    /// `/Author` or `dc:creator`.
    pub author: Option<String>,
    /// `/Subject` or `dc:description`.
    pub subject: Option<String>,
    /// `/Keywords`.
    pub keywords: Option<String>,
    /// `/CreationDate`, as ISO 8601 when it could be parsed.
    pub created: Option<String>,
    /// `/Producer`.
    pub producer: Option<String>,
    /// `/Creator`.
    pub creator: Option<String>,
    /// The PDF has a structure tree (tagged PDF) and its roles were used.
    pub tagged: bool,
    /// The first page's title block as laid out (PDF reader): the lines from the top of the
    /// text down to the first body-width line, artifacts left out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub title_block: Vec<String>,
    /// The title read from the title block (largest type on page 1), lines joined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block_title: Option<String>,
    /// Bylines read from the title block.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Series (e.g. a themed section) from a `SERIES | Volume N, Issue N | DATE` line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    /// Volume number, as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume: Option<String>,
    /// Issue number, as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    /// Publication date, as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// One page of the export.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// The page's lines in reading order, blank lines included (a blank line separates blocks).
    pub lines: Vec<Line>,
    /// The link targets the page carries outside its text: in a text export, the URIs dumped
    /// at the end of the page (one per link rectangle); in a PDF, the `/Link` annotations
    /// (whose words are also marked on the lines, see [`MarkKind::Link`]).
    pub links: Vec<PageLink>,
    /// Page height in points (PDF only), for header/footer bands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<f32>,
}

/// A link target found on a page outside the running text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageLink {
    /// The target URI, exactly as given.
    pub uri: String,
    /// The input line it was listed on (text exports), or 0.
    pub line: u32,
}

/// One line of text as laid out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// 1-based input line number (over the whole file for text exports; over the extracted
    /// lines of the whole document for PDFs).
    pub no: u32,
    /// The text, exactly as read (no trimming: cleaning decides).
    pub text: String,
    /// Layout facts, when the format has them (PDF).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<LineStyle>,
    /// Marked ranges of `text` (superscripts, emphasis, links), when the format has them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<Mark>,
}

impl Line {
    /// A line with text only.
    pub fn new(no: u32, text: impl Into<String>) -> Self {
        Line {
            no,
            text: text.into(),
            style: None,
            marks: Vec::new(),
        }
    }
    /// True if the line holds nothing but whitespace (including U+00A0).
    pub fn is_blank(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }
}

/// Layout facts about a line (PDF reader).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LineStyle {
    /// Left edge, points from the page's left.
    pub x: f32,
    /// Baseline, points from the page's top.
    pub y: f32,
    /// Width in points.
    pub width: f32,
    /// Dominant font size in points.
    pub size: f32,
    /// Dominant font is bold.
    pub bold: bool,
    /// Dominant font is italic.
    pub italic: bool,
    /// What a tagged PDF's structure tree says the line belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// The line starts a new structure element (paragraph, list item, heading...).
    #[serde(default)]
    pub starts_block: bool,
}

/// Structure roles from a tagged PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// `Title` or the first `H1`.
    Title,
    /// `H1`..`H6` (level as in the PDF).
    Heading(u8),
    /// `P`.
    Paragraph,
    /// `LI` / `LBody`.
    ListItem,
    /// `Caption`.
    Caption,
    /// `Figure`.
    Figure,
    /// `BlockQuote`.
    Quote,
    /// `Note` / `FENote`.
    Note,
    /// Artifact (pagination furniture).
    Artifact,
}

/// A marked range of a line's text, in byte offsets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    /// Start byte offset in [`Line::text`].
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// What the range is.
    pub kind: MarkKind,
}

/// What a marked range is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// Raised and smaller (a note reference, usually).
    Superscript,
    /// Italic.
    Emphasis,
    /// Bold.
    Strong,
    /// Under a link annotation with this URI.
    Link(String),
}

/// The kind of input, from its first bytes (and only then its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// A PDF (`%PDF-` within the first KiB).
    Pdf,
    /// A plain-text export (valid UTF-8).
    Text,
}

/// Sniffs the input kind from content: `%PDF-` in the first 1024 bytes means PDF (as
/// PDF readers accept leading junk), anything else is treated as text.
pub fn sniff(bytes: &[u8]) -> InputKind {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        InputKind::Pdf
    } else {
        InputKind::Text
    }
}

/// A text export's bytes as text: UTF-8 (a byte-order mark dropped), or UTF-16 / UTF-32 when a
/// byte-order mark says so (as Windows tools save "Unicode" text). `Err` says why not.
pub fn decode_text(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, String> {
    use std::borrow::Cow;
    let units = |b: &[u8], n: usize| -> Result<(), String> {
        if b.len() % n == 0 {
            Ok(())
        } else {
            Err(format!("UTF-{}: a truncated code unit at the end", n * 8))
        }
    };
    if let Some(rest) = bytes
        .strip_prefix(&[0xFF, 0xFE, 0, 0])
        .or(bytes.strip_prefix(&[0, 0, 0xFE, 0xFF]))
    {
        units(rest, 4)?;
        let le = bytes[0] == 0xFF;
        return rest
            .chunks_exact(4)
            .map(|c| {
                let a = [c[0], c[1], c[2], c[3]];
                let v = if le {
                    u32::from_le_bytes(a)
                } else {
                    u32::from_be_bytes(a)
                };
                char::from_u32(v).ok_or_else(|| format!("UTF-32: U+{v:X} is not a character"))
            })
            .collect::<Result<String, String>>()
            .map(Cow::Owned);
    }
    if let Some(rest) = bytes
        .strip_prefix(&[0xFF, 0xFE])
        .or(bytes.strip_prefix(&[0xFE, 0xFF]))
    {
        units(rest, 2)?;
        let le = bytes[0] == 0xFF;
        let it = rest.chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        return char::decode_utf16(it)
            .collect::<Result<String, _>>()
            .map(Cow::Owned)
            .map_err(|e| format!("UTF-16: {e}"));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(body)
        .map(Cow::Borrowed)
        .map_err(|e| format!("not UTF-8 ({e})"))
}

/// The kind a file's extension names (`.pdf`, `.txt`), if any. The CLI and batch let it
/// decide over sniffing, so that a damaged `.pdf` fails as a PDF instead of being read as text.
pub fn kind_from_name(path: &std::path::Path) -> Option<InputKind> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("pdf") => Some(InputKind::Pdf),
        Some("txt") => Some(InputKind::Text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_pdf_by_content_not_name() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), InputKind::Pdf);
        assert_eq!(sniff(b"\n\n%PDF-1.4"), InputKind::Pdf);
        assert_eq!(sniff("Xi Jinping and".as_bytes()), InputKind::Text);
        assert_eq!(sniff(b""), InputKind::Text);
    }

    #[test]
    fn text_in_utf8_16_and_32_with_a_bom_decodes() {
        let s = "Café – “naïve”\n";
        let mut u16le = vec![0xFF, 0xFE];
        let mut u16be = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            u16le.extend(u.to_le_bytes());
            u16be.extend(u.to_be_bytes());
        }
        let mut u32le = vec![0xFF, 0xFE, 0, 0];
        for c in s.chars() {
            u32le.extend((c as u32).to_le_bytes());
        }
        let mut u8bom = b"\xEF\xBB\xBF".to_vec();
        u8bom.extend(s.as_bytes());
        for b in [&u16le, &u16be, &u32le, &u8bom, &s.as_bytes().to_vec()] {
            assert_eq!(decode_text(b).as_deref(), Ok(s));
        }
        assert!(decode_text(&u16le[..u16le.len() - 1]).is_err());
        assert!(decode_text(b"Caf\xe9").unwrap_err().contains("not UTF-8"));
    }

    #[test]
    fn nbsp_only_line_is_blank() {
        assert!(Line::new(1, "\u{a0}").is_blank());
        assert!(!Line::new(1, "a").is_blank());
    }
}
