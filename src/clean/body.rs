//! Body shapes: the body's raw blocks become lists, figure placeholders, headings and
//! paragraphs (a block that holds several paragraphs, as text made from a PDF does, is split
//! where a short line ends a sentence); heading levels start at one.

use super::ir::{span_of, RawBlock, Sep, Shape, SrcLine};
use super::{figure, headings, lists, references, runin, unwrap};
use crate::report::{Action, Report};

/// Headings, lists and paragraphs from the body's blocks.
pub(crate) fn body_shapes(
    blocks: Vec<RawBlock>,
    ctx: &unwrap::Ctx,
    report: &mut Report,
) -> Vec<Shape> {
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
        let parts = reference_entries(paragraphs(&blocks[i].lines, ctx.width, report), report);
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
                if let Some(shapes) = run_in_heading(part, ctx, report) {
                    out.extend(shapes);
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

/// A reference list: one block per reference.
fn reference_entries<'a>(parts: Vec<&'a [SrcLine]>, report: &mut Report) -> Vec<&'a [SrcLine]> {
    parts
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
        .collect()
}

/// A paragraph opening with a run-in heading (a bold lead closed by `.` or `:`): the heading,
/// then the rest of the paragraph.
fn run_in_heading(part: &[SrcLine], ctx: &unwrap::Ctx, report: &mut Report) -> Option<Vec<Shape>> {
    let (lead, rest, level) = runin::split(part)?;
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
    let mut out = vec![Shape::Heading { level, unit }];
    if !rest.is_empty() {
        out.push(Shape::Paragraph(unwrap::unit(
            &rest,
            "paragraph",
            ctx,
            report,
        )));
    }
    Some(out)
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
pub(crate) fn body_font_size(blocks: &[RawBlock]) -> Option<f32> {
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
    use crate::clean::ir::Unit;

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
