//! Cleaning: the passes that turn an [`Export`] (pages of lines, as laid out) into a
//! [`Document`], removing what the page added and recording every change in the [`Report`].
//!
//! This module holds the order of the passes and nothing else. The passes share one
//! intermediate form, `ir` (clean/ir.rs); the journal's conventions come from a [`Profile`].

mod backmatter;
mod blocks;
mod body;
mod figure;
mod footnotes;
mod frontmatter;
mod furniture;
mod headings;
mod hyphens;
mod inlines;
mod ir;
mod ligatures;
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

pub(crate) use ir::*;

use crate::model::{Document, Metadata};
use crate::profile::Profile;
use crate::read::Export;
use crate::report::Report;

/// Which of the optional passes run. All are on by default. The structural passes (page
/// furniture, blocks, back matter, unwrapping, front matter, headings, lists, notes) always
/// run: everything else builds on them.
///
/// ```
/// let passes = offprint::clean::Passes { pull_quotes: false, ..Default::default() };
/// assert!(passes.links && passes.note_refs && passes.ligatures);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Passes {
    /// Recognise pull quotes (display text repeating the body); off, they stay paragraphs.
    pub pull_quotes: bool,
    /// Turn note numbers glued to words (`decades.1`) and superscripts into note references.
    pub note_refs: bool,
    /// Attach link targets (annotations, dumped URIs) to their words and repair URLs.
    pub links: bool,
    /// Decompose compatibility ligatures (`ﬁ` → `fi`).
    pub ligatures: bool,
    /// Take numbered footnotes off the bottom of pages into the notes.
    pub footnotes: bool,
    /// Mend paragraphs cut by a page break.
    pub page_joins: bool,
    /// Take the lead figure's caption and credit off the first block.
    pub lead_figure: bool,
    /// Take the author (name, affiliation) from the bio line.
    pub author_bio: bool,
}

impl Default for Passes {
    fn default() -> Self {
        Passes {
            pull_quotes: true,
            note_refs: true,
            links: true,
            ligatures: true,
            footnotes: true,
            page_joins: true,
            lead_figure: true,
            author_bio: true,
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
    clean_for(export, passes, &Profile::default(), report)
}

/// Runs the passes `passes` selects, in order, over one article's export, with the
/// conventions of the journal `profile` describes.
pub fn clean_for(
    export: Export,
    passes: &Passes,
    profile: &Profile,
    report: &mut Report,
) -> Document {
    let mut meta = Metadata::default();
    // 1. Page furniture: dumps, spacers, stray spaces, web furniture, running heads, folios.
    let stripped = furniture::strip(&export, profile, &mut meta, report);
    let (mut dumps, mut lines) = (stripped.dumps, stripped.lines);
    // Compatibility ligatures (ﬁ ﬂ ﬃ ...) are letters.
    if passes.ligatures {
        ligatures::decompose(&mut lines, report);
    }
    let (lines, footnotes, width) = notes_and_regions(lines, passes, report);
    // The document's own vocabulary and link targets decide line-end hyphens.
    let vocab = hyphens::Vocabulary::of_article(&lines, &footnotes, &dumps)
        .with_marked_breaks(hyphens::marked_breaks(&export, profile));
    let ctx = unwrap::Ctx {
        profile,
        vocab: &vocab,
        dumps: &dumps,
        width,
    };
    // 2-3. Blocks (at blank and spacer lines, page breaks, the PDF's block starts), then
    // the back matter: acknowledgement rule, notes, tags, bio.
    let zones = backmatter::split(blocks::segment(lines), profile, report);
    // 4. A paragraph (or list item) running across a page break is one block.
    let body = match passes.page_joins {
        true => unwrap::join_across_pages(zones.body, width, report),
        false => zones.body,
    };
    // 5. Front matter, lead figure, headings, lists and paragraphs.
    let mut shapes = front_and_body(body, passes, &ctx, &mut meta, report);
    // 6. Notes and the acknowledgement; text before the first note stays in the body.
    let (mut notes, orphans) = notes::build(
        footnotes.into_iter().chain(zones.notes).collect(),
        &ctx,
        report,
    );
    let mut ack = backmatter::acknowledgement(zones.ack, &ctx, report);
    let leftovers: Vec<RawBlock> = orphans.into_iter().chain(zones.rest).collect();
    shapes.extend(body::body_shapes(leftovers, &ctx, report));
    // 7. Pull quotes repeat the body: compare texts.
    if passes.pull_quotes {
        pullquotes::mark(&mut shapes, report);
    }
    // 8. References to the notes and the acknowledgement.
    if passes.note_refs {
        let superscripts = has_superscripts(&export);
        let marks = (superscripts, profile.ack_marks.as_str());
        notes::link_refs(&mut shapes, &notes, ack.as_ref(), marks, report);
    }
    // 9. Keywords and the author, from the back matter; a bio that names no person is text.
    let mut keywords = backmatter::keywords(&zones.tags, report);
    let not_bios = match passes.author_bio {
        true => {
            let evidence = backmatter::NameEvidence::of(&keywords, &mut shapes);
            backmatter::author(zones.bio, &evidence, &ctx, &mut meta, report)
        }
        false => zones.bio,
    };
    shapes.extend(body::body_shapes(not_bios, &ctx, report));
    // 10. Links: visible URLs, link marks and the dumped URIs, attached to their words.
    if passes.links {
        let mut targets = links::Targets {
            shapes: &mut shapes,
            notes: &mut notes,
            ack: ack.as_mut().map(|a| &mut a.1),
            keywords: &mut keywords,
        };
        links::attach(&mut targets, &mut dumps, report);
    }
    meta.keywords = keywords.into_iter().map(|k| k.keyword).collect();
    // 11. The document.
    let mut doc = inlines::document(meta, shapes, notes, ack, profile);
    // 12. A paper's title and byline from its first page, when nothing above found them.
    paper::front_matter(&mut doc, &export.info, report);
    doc
}

/// Step 1 continued: footnotes set at the bottom of pages (a text export's, or a typeset
/// paper's in small type) leave the running text for the notes; table cells, chart ticks
/// and figure labels leave it too. Returns the lines, the footnotes and the column width.
fn notes_and_regions(
    lines: Vec<SrcLine>,
    passes: &Passes,
    report: &mut Report,
) -> (Vec<SrcLine>, Vec<RawBlock>, usize) {
    let (lines, footnotes) = footnotes::take(lines, passes.footnotes, report);
    let (lines, footnotes) = match footnotes.is_empty() && passes.footnotes {
        true => pagenotes::take(lines, 1, report),
        false => (lines, footnotes),
    };
    let width = typical_width(&lines);
    let lines = regions::strip(lines, width, report);
    (lines, footnotes, width)
}

/// Steps 5: front matter of a print view (issue line, title, byline) or a typeset title
/// block (title, byline, date, abstract), the lead figure's caption, then headings, lists
/// and paragraphs. The abstract stays among the shapes until its references and links are
/// attached.
fn front_and_body(
    body: Vec<RawBlock>,
    passes: &Passes,
    ctx: &unwrap::Ctx,
    meta: &mut Metadata,
    report: &mut Report,
) -> Vec<Shape> {
    let body = frontmatter::take(body, ctx.profile, meta, report);
    let titleblock::TitleBlock {
        body,
        abstract_lines,
    } = titleblock::take(body, ctx.profile, meta, report);
    let mut shapes: Vec<Shape> = abstract_lines
        .map(|l| Shape::Abstract(unwrap::unit(&l, "abstract", ctx, report)))
        .into_iter()
        .collect();
    let body = if passes.lead_figure {
        let (figure, body) = figure::take(body, ctx, report);
        shapes.extend(figure);
        body
    } else {
        body
    };
    shapes.extend(body::body_shapes(body, ctx, report));
    shapes
}

/// The reader marked superscripts: note references are those, not glued digits.
fn has_superscripts(export: &Export) -> bool {
    export.pages.iter().flat_map(|p| &p.lines).any(|l| {
        l.marks
            .iter()
            .any(|m| m.kind == crate::read::MarkKind::Superscript)
    })
}
