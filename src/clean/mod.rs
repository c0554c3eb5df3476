//! Cleaning: the passes that turn an [`Export`] (pages of lines, as laid out) into a
//! [`Document`], removing what the page added and recording every change in the [`Report`].
//!
//! The order of passes lives here, in [`clean`], and nowhere else. Passes share a small
//! working model (`SrcLine` → `RawBlock` → `Unit` / `Shape`) so that line numbers and
//! marks survive until the inlines are built.

mod backmatter;
mod blocks;
mod figure;
mod footnotes;
mod frontmatter;
mod furniture;
mod headings;
mod hyphens;
mod inlines;
mod links;
mod lists;
mod notes;
mod pagenotes;
mod paper;
mod pullquotes;
mod references;
mod regions;
mod runin;
mod titleblock;
mod unwrap;

use crate::model::{Document, Metadata, SourceSpan};
use crate::read::{Export, LineStyle, Mark};
use crate::report::{Action, Report};

/// Which of the optional passes run. All are on by default. The structural passes (page
/// furniture, blocks, back matter, unwrapping, hyphens, front matter, figure, headings,
/// lists, notes) always run: everything else builds on them.
///
/// ```
/// let passes = offprint::clean::Passes { pull_quotes: false, ..Default::default() };
/// assert!(passes.links && passes.note_refs);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Passes {
    /// Recognise pull quotes (display text repeating the body); off, they stay paragraphs.
    pub pull_quotes: bool,
    /// Turn note numbers glued to words (`decades.1`) and superscripts into note references.
    pub note_refs: bool,
    /// Attach link targets (annotations, dumped URIs) to their words and repair URLs.
    pub links: bool,
}

impl Default for Passes {
    fn default() -> Self {
        Passes {
            pull_quotes: true,
            note_refs: true,
            links: true,
        }
    }
}

/// Runs every pass, in order, over one article's export.
///
/// ```
/// use offprint::{read, Report};
/// let export = read::text::read("A paragraph that was\nwrapped by the page.\n");
/// let mut report = Report::default();
/// let doc = offprint::clean::clean(export, &mut report);
/// assert_eq!(doc.body.len(), 1);
/// ```
pub fn clean(export: Export, report: &mut Report) -> Document {
    clean_with(export, &Passes::default(), report)
}

/// Runs the passes `passes` selects, in order, over one article's export.
pub fn clean_with(export: Export, passes: &Passes, report: &mut Report) -> Document {
    let mut meta = Metadata::default();
    // 1. Page furniture: dumps, spacers, stray spaces, web furniture, running heads, folios.
    let stripped = furniture::strip(&export, &mut meta, report);
    let mut dumps = stripped.dumps;
    // Footnotes set at the bottom of pages leave the running text for the notes.
    let (lines, footnotes) = footnotes::take(stripped.lines, report);
    // A typeset paper's footnotes: small type at the foot of a page or column.
    let (lines, footnotes) = if footnotes.is_empty() {
        pagenotes::take(lines, 1, report)
    } else {
        (lines, footnotes)
    };
    let width = typical_width(&lines);
    // Table cells, chart ticks and figure labels are neither headings nor paragraphs.
    let lines = regions::strip(lines, width, report);
    // The document's own vocabulary and link targets decide line-end hyphens; footnotes
    // count, as a text export's endnotes do.
    let vocab = {
        let all: Vec<SrcLine> = lines
            .iter()
            .chain(footnotes.iter().flat_map(|b| &b.lines))
            .cloned()
            .collect();
        hyphens::Vocabulary::new(&all, &dumps).with_marked_breaks(marked_breaks(&export))
    };
    let ctx = unwrap::Ctx {
        vocab: &vocab,
        dumps: &dumps,
        width,
    };
    // 2. Blocks: blank lines, spacer lines, page breaks and the PDF's block starts.
    let raw = blocks::segment(lines);
    // 3. Back matter: acknowledgement rule, notes, tags, bio.
    let zones = backmatter::split(raw, report);
    // 4. A paragraph (or list item) running across a page break is one block.
    let body = unwrap::join_across_pages(zones.body, width, report);
    // 5. Front matter of a print view (issue line, title, byline) or a typeset title block
    // (title, byline, date, abstract), lead figure caption, headings, lists; every other
    // block is a paragraph.
    let body = frontmatter::take(body, &mut meta, report);
    let titleblock::TitleBlock {
        body,
        abstract_lines,
    } = titleblock::take(body, &mut meta, report);
    // The abstract stays among the shapes until its references and links are attached.
    let mut shapes: Vec<Shape> = abstract_lines
        .map(|l| Shape::Abstract(unwrap::unit(&l, "abstract", &ctx, report)))
        .into_iter()
        .collect();
    let (figure, body) = figure::take(body, &ctx, report);
    shapes.extend(figure);
    shapes.extend(body_shapes(body, &ctx, report));
    // 6. Notes and the acknowledgement.
    let (mut notes, orphans) = notes::build(
        footnotes.into_iter().chain(zones.notes).collect(),
        &ctx,
        report,
    );
    let mut ack = backmatter::acknowledgement(zones.ack, &ctx, report);
    let leftovers: Vec<RawBlock> = orphans.into_iter().chain(zones.rest).collect();
    shapes.extend(body_shapes(leftovers, &ctx, report));
    // 7. Pull quotes repeat the body: compare texts.
    if passes.pull_quotes {
        pullquotes::mark(&mut shapes, report);
    }
    // 8. References to the notes and the acknowledgement.
    let superscripts = export.pages.iter().flat_map(|p| &p.lines).any(|l| {
        l.marks
            .iter()
            .any(|m| m.kind == crate::read::MarkKind::Superscript)
    });
    if passes.note_refs {
        notes::link_refs(&mut shapes, &notes, ack.as_ref(), superscripts, report);
    }
    // 9. Keywords and the author, from the back matter.
    let mut keywords = backmatter::keywords(&zones.tags, report);
    backmatter::author(zones.bio, &ctx, &mut meta, report);
    // 10. Links: visible URLs, link marks and the dumped URIs, attached to their words.
    if passes.links {
        links::attach(
            &mut links::Targets {
                shapes: &mut shapes,
                notes: &mut notes,
                ack: ack.as_mut().map(|a| &mut a.1),
                keywords: &mut keywords,
            },
            &mut dumps,
            report,
        );
    }
    meta.keywords = keywords.into_iter().map(|k| k.keyword).collect();
    let (abstracts, shapes): (Vec<Shape>, Vec<Shape>) = shapes
        .into_iter()
        .partition(|s| matches!(s, Shape::Abstract(_)));
    meta.abstract_ = abstracts.into_iter().find_map(|s| match s {
        Shape::Abstract(u) => Some(inlines::inlines(&u)),
        _ => None,
    });
    // 11. The document.
    let mut doc = Document {
        meta,
        ..Default::default()
    };
    doc.body = shapes.into_iter().map(inlines::block).collect();
    doc.notes = notes.into_iter().map(inlines::note).collect();
    doc.acknowledgement = ack.map(inlines::acknowledgement);
    // 12. A paper's title and byline from its first page, when nothing above found them.
    paper::front_matter(&mut doc, &export.info, report);
    doc
}

/// Evidence that the producer marks its own hyphenation breaks with U+00AD (Chromium's
/// Skia writes them; any line ending in one shows it), so plain line-end hyphens are real.
fn marked_breaks(export: &Export) -> Option<String> {
    if let Some(p) = export
        .info
        .producer
        .as_deref()
        .filter(|p| p.contains("Skia/PDF"))
    {
        return Some(format!(
            "the producer {p:?} marks its hyphenation breaks with U+00AD"
        ));
    }
    let soft = export.pages.iter().flat_map(|p| &p.lines).find(|l| {
        l.text.trim_end().ends_with(['\u{ad}']) || l.text.trim_end().ends_with("\u{ad}\u{2010}")
    })?;
    Some(format!(
        "line {} ends in a soft hyphen, so breaks are marked",
        soft.no
    ))
}

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

/// Headings, lists and paragraphs from the body's blocks.
fn body_shapes(blocks: Vec<RawBlock>, ctx: &unwrap::Ctx, report: &mut Report) -> Vec<Shape> {
    let mut blocks = lists::cut_before_lists(blocks);
    let body_size = body_font_size(&blocks);
    let mut out = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        if let Some((ordered, items, next, leftover)) = lists::take(&blocks, i, ctx, report) {
            out.push(Shape::List { ordered, items });
            i = next.max(i + 1);
            if let Some(rest) = leftover {
                blocks.insert(i.min(blocks.len()), rest);
            }
            continue;
        }
        if let Some(fig) = figure::placeholder(&blocks[i], ctx, report) {
            out.push(fig);
            i += 1;
            continue;
        }
        let parts = paragraphs(&blocks[i].lines, ctx.width, report);
        // A reference list: one block per reference.
        let parts: Vec<&[SrcLine]> = parts
            .into_iter()
            .flat_map(|p| match references::cuts(p) {
                Some(at) => {
                    let span = span_of(p);
                    report.record(
                        "references",
                        Action::Recognised,
                        Some((span.first_line, span.last_line)),
                        format!("{} references, one block each", at.len()),
                    );
                    references::split(p, &at)
                }
                None => vec![p],
            })
            .collect();
        for (k, part) in parts.iter().enumerate() {
            let here = RawBlock {
                lines: part.to_vec(),
                before: Sep::Blank,
            };
            let next = parts
                .get(k + 1)
                .map(|p| RawBlock {
                    lines: p.to_vec(),
                    before: Sep::Blank,
                })
                .or_else(|| blocks.get(i + 1).cloned());
            let (h, level) = headings::lines_of_heading(&here, next.as_ref(), ctx.width, body_size);
            if h == 0 {
                if let Some((lead, rest, level)) = runin::split(part) {
                    let unit = unwrap::unit(&[lead], "heading", ctx, report);
                    report.record(
                        "headings",
                        Action::Recognised,
                        Some((unit.span.first_line, unit.span.last_line)),
                        format!(
                            "run-in heading {:?}: a bold lead closed by `.` or `:`",
                            unit.text
                        ),
                    );
                    out.push(Shape::Heading { level, unit });
                    if !rest.is_empty() {
                        out.push(Shape::Paragraph(unwrap::unit(
                            &rest,
                            "paragraph",
                            ctx,
                            report,
                        )));
                    }
                    continue;
                }
            }
            if h > 0 {
                let unit = unwrap::unit(&part[..h], "heading", ctx, report);
                report.record(
                    "headings",
                    Action::Recognised,
                    Some((unit.span.first_line, unit.span.last_line)),
                    format!("heading {:?}", unit.text),
                );
                out.push(Shape::Heading { level, unit });
            }
            if h < part.len() {
                out.push(Shape::Paragraph(unwrap::unit(
                    &part[h..],
                    "paragraph",
                    ctx,
                    report,
                )));
            }
        }
        i += 1;
    }
    normalise_levels(&mut out);
    out
}

/// Splits a block where a short line ends a sentence and the next opens with a capital: the
/// paragraph break of text that separates paragraphs by line breaks only (PDF-to-text output).
fn paragraphs<'a>(lines: &'a [SrcLine], width: usize, report: &mut Report) -> Vec<&'a [SrcLine]> {
    let mut out = Vec::new();
    let mut start = 0;
    for k in 0..lines.len().saturating_sub(1) {
        let (l, next) = (&lines[k], &lines[k + 1]);
        let short = l.text.chars().count() * 4 < width * 3;
        let capital = next
            .text
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .starts_with(char::is_uppercase);
        if short && capital && unwrap::ends_sentence(&l.text) && lists::marker(&next.text).is_none()
        {
            report.record(
                "unwrap",
                Action::Recognised,
                Some((l.no, next.no)),
                "block break: a short line ends a sentence, a capital opens the next",
            );
            out.push(&lines[start..=k]);
            start = k + 1;
        }
    }
    if start < lines.len() {
        out.push(&lines[start..]);
    }
    out
}

/// The most common font size of the body's lines (PDF only).
fn body_font_size(blocks: &[RawBlock]) -> Option<f32> {
    let mut sizes: std::collections::BTreeMap<u32, usize> = std::collections::BTreeMap::new();
    for l in blocks.iter().flat_map(|b| &b.lines) {
        if let Some(s) = &l.style {
            *sizes
                .entry((s.size * 10.0).round().max(0.0) as u32)
                .or_insert(0) += l.text.len();
        }
    }
    sizes
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .map(|(s, _)| s as f32 / 10.0)
}

/// The highest heading found is level 1 (a PDF may tag its sections `H2`).
fn normalise_levels(shapes: &mut [Shape]) {
    let top = shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Heading { level, .. } => Some(*level),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    for s in shapes {
        if let Shape::Heading { level, .. } = s {
            *level = (*level + 1).saturating_sub(top).max(1);
        }
    }
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
    fn paragraph_breaks_at_short_sentence_ends_only() {
        let l = lines(&[
            "A first paragraph fills the whole measure of the column with its words and",
            "ends here.",
            "A second one follows on the next line, as text made from a PDF prints it, and",
            "runs on: the end.",
        ]);
        let parts = paragraphs(&l, 80, &mut Report::default());
        assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [2, 2]);
        let l = lines(&["Short line.", "lower-case continuation of it."]);
        assert_eq!(paragraphs(&l, 80, &mut Report::default()).len(), 1);
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

    #[test]
    fn heading_levels_start_at_one() {
        let h = |level| Shape::Heading {
            level,
            unit: Unit::default(),
        };
        let mut s = vec![h(2), h(3), h(2)];
        normalise_levels(&mut s);
        let levels: Vec<u8> = s
            .iter()
            .filter_map(|x| match x {
                Shape::Heading { level, .. } => Some(*level),
                _ => None,
            })
            .collect();
        assert_eq!(levels, [1, 2, 1]);
    }
}
