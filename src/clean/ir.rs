//! The one intermediate form the cleaning passes share between the export (pages of lines)
//! and the [`Document`](crate::model::Document): input lines ([`SrcLine`]) cut into raw blocks
//! ([`RawBlock`]), joined into units of text with annotations ([`Unit`]) and shaped into body
//! blocks ([`Shape`]), so that line numbers and marks survive until the inlines are built.

use crate::model::SourceSpan;
use crate::read::{LineStyle, Mark};

/// How a line was classified by the furniture pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// Running text.
    Text,
    /// An empty line (separates blocks).
    Blank,
    /// A line holding only a no-break space (the export's spacer between list items, notes).
    Spacer,
    /// The boundary between two pages.
    PageBreak,
}

/// One input line after page furniture is gone.
#[derive(Debug, Clone)]
pub(crate) struct SrcLine {
    pub page: u32,
    pub no: u32,
    pub text: String,
    pub marks: Vec<Mark>,
    pub style: Option<LineStyle>,
    pub kind: LineKind,
}

impl SrcLine {
    /// An empty line (a blank; the caller may make it a spacer or page break).
    pub fn blank(page: u32, no: u32) -> Self {
        SrcLine {
            page,
            no,
            text: String::new(),
            marks: Vec::new(),
            style: None,
            kind: LineKind::Blank,
        }
    }

    #[cfg(test)]
    pub fn text(page: u32, no: u32, text: &str) -> Self {
        SrcLine {
            page,
            no,
            text: text.to_string(),
            marks: Vec::new(),
            style: None,
            kind: LineKind::Text,
        }
    }
}

/// A URI from a page's link dump (one per link rectangle), and whether it found its words.
#[derive(Debug, Clone)]
pub(crate) struct Dumped {
    pub uri: String,
    pub page: u32,
    pub line: u32,
    pub used: bool,
}

/// What separates a raw block from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Sep {
    /// Nothing: the first block, or a block start the PDF marked inside a run of lines.
    Start,
    /// A no-break-space spacer line.
    Spacer,
    /// A blank line.
    Blank,
    /// A page break.
    Page,
}

/// A run of text lines between separators.
#[derive(Debug, Clone)]
pub(crate) struct RawBlock {
    pub lines: Vec<SrcLine>,
    pub before: Sep,
}

impl RawBlock {
    pub fn span(&self) -> SourceSpan {
        span_of(&self.lines)
    }
}

pub(crate) fn span_of(lines: &[SrcLine]) -> SourceSpan {
    match (lines.first(), lines.last()) {
        (Some(a), Some(b)) => SourceSpan {
            page: a.page,
            first_line: a.no,
            last_line: b.no,
        },
        _ => SourceSpan::default(),
    }
}

/// What an annotated range of a [`Unit`]'s text is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum AnnKind {
    NoteRef { id: String, label: String },
    Link(String),
    Emphasis,
    Strong,
    Superscript,
}

/// An annotated byte range of a [`Unit`]'s text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ann {
    pub start: usize,
    pub end: usize,
    pub kind: AnnKind,
}

/// Joined text (a paragraph, list item, note...) with its annotations and where each input
/// line starts in it, so later passes can report line numbers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Unit {
    pub text: String,
    pub anns: Vec<Ann>,
    /// (byte offset in `text`, input line number, page), ascending.
    pub starts: Vec<(usize, u32, u32)>,
    pub span: SourceSpan,
}

impl Unit {
    /// Input lines covered by the byte range `start..end`.
    pub fn lines_of(&self, start: usize, end: usize) -> (u32, u32) {
        let at = |pos: usize| {
            self.starts
                .iter()
                .take_while(|(o, _, _)| *o <= pos)
                .last()
                .map_or(self.span.first_line, |s| s.1)
        };
        (at(start), at(end.saturating_sub(1).max(start)))
    }

    /// Pages the unit's lines are on.
    pub fn pages(&self) -> impl Iterator<Item = u32> + '_ {
        self.starts.iter().map(|s| s.2)
    }

    /// True if `start..end` overlaps no annotation.
    pub fn is_free(&self, start: usize, end: usize) -> bool {
        self.anns.iter().all(|a| a.end <= start || a.start >= end)
    }
}

/// A body block before its inlines are built.
#[derive(Debug, Clone)]
pub(crate) enum Shape {
    Heading {
        level: u8,
        unit: Unit,
    },
    Paragraph(Unit),
    List {
        ordered: bool,
        items: Vec<Unit>,
    },
    Figure {
        caption: Unit,
        credit: Option<String>,
    },
    PullQuote(Unit),
    /// The abstract of a title block: metadata, not body, once its references and links are
    /// attached.
    Abstract(Unit),
}

impl Shape {
    pub fn units_mut(&mut self) -> Vec<&mut Unit> {
        match self {
            Shape::Heading { unit, .. }
            | Shape::Paragraph(unit)
            | Shape::PullQuote(unit)
            | Shape::Abstract(unit) => vec![unit],
            Shape::List { items, .. } => items.iter_mut().collect(),
            Shape::Figure { caption, .. } => vec![caption],
        }
    }
}

/// The width, in characters, of a full line of running text: the 80th percentile of line
/// lengths (short last lines of paragraphs and headings sit below it).
pub(crate) fn typical_width(lines: &[SrcLine]) -> usize {
    let mut lens: Vec<usize> = lines
        .iter()
        .filter(|l| l.kind == LineKind::Text)
        .map(|l| l.text.trim().chars().count())
        .filter(|&n| n > 0)
        .collect();
    if lens.is_empty() {
        return 80;
    }
    lens.sort_unstable();
    let i = (lens.len() * 4 / 5).min(lens.len() - 1);
    lens[i].max(20)
}

/// A list item marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    Bullet(char),
    Number(u32),
}

/// The marker opening `text`, and its length in bytes (with the space after it).
pub(crate) fn marker(text: &str) -> Option<(Marker, usize)> {
    let mut cs = text.char_indices();
    let (_, c) = cs.next()?;
    if matches!(c, '-' | '•' | '*' | '–' | '▪' | '◦' | '·') {
        let (i, sp) = cs.next()?;
        let rest = text.get(i + sp.len_utf8()..).unwrap_or("");
        if sp.is_whitespace() && rest.starts_with(|c: char| !c.is_whitespace()) {
            return Some((Marker::Bullet(c), i + sp.len_utf8()));
        }
        return None;
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let n: u32 = text.get(..digits)?.parse().ok()?;
    let rest = text.get(digits..)?;
    let after = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))?;
    let body = after.trim_start();
    if after.len() == body.len() || body.is_empty() {
        return None;
    }
    Some((Marker::Number(n), text.len() - body.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<SrcLine> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| SrcLine::text(1, i as u32 + 1, t))
            .collect()
    }

    #[test]
    fn typical_width_ignores_short_lines_and_has_a_floor() {
        let mut l = lines(&["x"; 3]);
        l.extend(lines(
            &["a line of some fifty characters, give or take a few"; 10],
        ));
        assert_eq!(typical_width(&l), 51);
        assert_eq!(typical_width(&lines(&["ab"])), 20);
        assert_eq!(typical_width(&[]), 80);
    }
}
