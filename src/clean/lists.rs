//! Lists: blocks opening with a bullet (`- `, `• `, `* `, `– `) or a number (`1.`, `1)`) in
//! sequence become one list; an item's wrapped lines (and a page break inside it) stay in the
//! item, and spacer or blank lines between items do not end the list. Tagged PDFs' `LI` too.

pub(crate) use super::ir::{marker, Marker};
use super::unwrap::{self, Ctx};
use super::{RawBlock, SrcLine, Unit};
use crate::read::Role;
use crate::report::{Action, Report};

fn is_li(line: &SrcLine) -> bool {
    line.style.as_ref().and_then(|s| s.role) == Some(Role::ListItem)
}

/// Does this marker continue a list whose last marker was `prev`?
fn follows(prev: Option<Marker>, m: Marker) -> bool {
    match (prev, m) {
        (None, Marker::Bullet(_)) => true,
        (None, Marker::Number(n)) => n == 1,
        (Some(Marker::Bullet(a)), Marker::Bullet(b)) => a == b,
        (Some(Marker::Number(a)), Marker::Number(b)) => b == a + 1,
        _ => false,
    }
}

/// If a list starts at `blocks[i]`, builds it: (ordered, items, index after the list, text
/// that followed the last item in its block).
pub(crate) fn take(
    blocks: &[RawBlock],
    i: usize,
    ctx: &Ctx,
    report: &mut Report,
) -> Option<(bool, Vec<Unit>, usize, Option<RawBlock>)> {
    let first = blocks.get(i)?.lines.first()?;
    let opening = marker(&first.text).map(|m| m.0);
    if !opening.is_some_and(|m| follows(None, m)) && !is_li(first) {
        return None;
    }
    let mut items: Vec<Vec<SrcLine>> = Vec::new();
    let mut last: Option<Marker> = None;
    let mut j = i;
    let mut leftover = None;
    'blocks: while let Some(b) = blocks.get(j) {
        for (k, line) in b.lines.iter().enumerate() {
            let m = marker(&line.text);
            // Text run on after an item that ended a sentence is the paragraph after the list
            // (text made from a PDF has no blank line there).
            let item_ended = items
                .last()
                .and_then(|it| it.last())
                .is_some_and(|l| unwrap::ends_sentence(&l.text));
            let capital = line.text.starts_with(|c: char| c.is_uppercase());
            if k > 0 && m.is_none() && item_ended && capital && !is_li(line) {
                leftover = Some(RawBlock {
                    lines: b.lines[k..].to_vec(),
                    before: super::Sep::Blank,
                });
                j += 1;
                break 'blocks;
            }
            match m {
                Some((mk, len)) if follows(last, mk) => {
                    let mut l = line.clone();
                    strip_prefix(&mut l, len);
                    items.push(vec![l]);
                    last = Some(mk);
                }
                _ if k == 0 && is_li(line) && opening.is_none() => items.push(vec![line.clone()]),
                _ if k == 0 => break 'blocks,
                _ => {
                    if let Some(item) = items.last_mut() {
                        item.push(line.clone());
                    }
                }
            }
        }
        j += 1;
    }
    if items.is_empty() {
        return None;
    }
    let ordered = matches!(last, Some(Marker::Number(_)));
    let units: Vec<Unit> = items
        .iter()
        .map(|lines| unwrap::unit(lines, "list item", ctx, report))
        .collect();
    let (a, b) = (
        units.first().map_or(0, |u| u.span.first_line),
        units.last().map_or(0, |u| u.span.last_line),
    );
    let kind = if ordered { "numbered" } else { "bulleted" };
    report.record(
        "lists",
        Action::Recognised,
        Some((a, b)),
        format!("{kind} list of {} items", units.len()),
    );
    Some((ordered, units, j, leftover))
}

/// Cuts a block before a line that opens a list (`1.` or a bullet) right after a line that
/// ends a sentence or a colon, so a list printed without a blank line before it is found.
pub(crate) fn cut_before_lists(blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    let mut out = Vec::new();
    for b in blocks {
        let mut cur = RawBlock {
            lines: Vec::new(),
            before: b.before,
        };
        for line in b.lines {
            let opens = marker(&line.text).is_some_and(|(m, _)| follows(None, m));
            let after_end = cur.lines.last().is_some_and(|p| {
                unwrap::ends_sentence(&p.text) || p.text.trim_end().ends_with(':')
            });
            if opens && after_end {
                out.push(std::mem::replace(
                    &mut cur,
                    RawBlock {
                        lines: Vec::new(),
                        before: super::Sep::Blank,
                    },
                ));
            }
            cur.lines.push(line);
        }
        out.push(cur);
    }
    out
}

/// Removes the first `n` bytes of a line (a marker), shifting its marks.
pub(crate) fn strip_prefix(line: &mut SrcLine, n: usize) {
    if n > line.text.len() || !line.text.is_char_boundary(n) {
        return;
    }
    line.text.drain(..n);
    line.marks.retain(|m| m.end > n);
    for m in &mut line.marks {
        m.start = m.start.saturating_sub(n);
        m.end -= n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::hyphens::Vocabulary;
    use crate::clean::{blocks, LineKind};

    fn run(text: &str) -> Option<(bool, Vec<String>, usize)> {
        let lines: Vec<SrcLine> = text
            .lines()
            .enumerate()
            .map(|(i, t)| {
                let mut l = SrcLine::text(1, i as u32 + 1, t);
                l.kind = match t {
                    "" => LineKind::Blank,
                    "~" => LineKind::Spacer,
                    "#" => LineKind::PageBreak,
                    _ => LineKind::Text,
                };
                if l.kind != LineKind::Text {
                    l.text.clear();
                }
                l
            })
            .collect();
        let raw = blocks::segment(lines);
        let v = Vocabulary::default();
        let ctx = Ctx {
            profile: &crate::profile::Profile::default(),
            vocab: &v,
            dumps: &[],
            width: 80,
        };
        take(&raw, 0, &ctx, &mut Report::default())
            .map(|(o, items, n, _)| (o, items.into_iter().map(|u| u.text).collect(), n))
    }

    #[test]
    fn bullets_with_wrapped_items_and_spacers() {
        let (ordered, items, next) = run("- In June 2016, the first\nDomain of Innovation;\n~\n- In December 2017, an\nitem;\n~\nAfter the list.").unwrap();
        assert!(!ordered);
        assert_eq!(
            items,
            [
                "In June 2016, the first Domain of Innovation;",
                "In December 2017, an item;"
            ]
        );
        assert_eq!(next, 2);
    }

    #[test]
    fn numbered_list_in_sequence_only() {
        let (ordered, items, _) = run("1. First thing\n2) Second\nthing\n\n3. Third").unwrap();
        assert!(ordered);
        assert_eq!(items, ["First thing", "Second thing", "Third"]);
        // A wrapped line that happens to open with a year is not an item.
        assert!(run("2019. The year it began").is_none());
        let (_, items, _) = run("1. One\n2018. Paris\n2. Two").unwrap();
        assert_eq!(items, ["One 2018. Paris", "Two"]);
    }

    #[test]
    fn text_after_the_last_item_without_a_blank_line() {
        let (_, items, next) =
            run("• one;\n• two, the last.\nAs scientific knowledge grows.").unwrap();
        assert_eq!(items, ["one;", "two, the last."]);
        assert_eq!(next, 1);
        let (_, items, _) = run("• the U.S.\nstill trades.\n• two").unwrap();
        assert_eq!(items, ["the U.S. still trades.", "two"]);
    }

    #[test]
    fn other_bullets_and_non_bullets() {
        assert_eq!(run("• a\n• b").unwrap().1.len(), 2);
        assert_eq!(run("* a\n* b").unwrap().1.len(), 2);
        assert!(run("*The author thanks").is_none());
        assert!(run("-- x").is_none());
        assert!(run("— a dash opening a line").is_none());
    }

    #[test]
    fn markers() {
        assert_eq!(marker("- x"), Some((Marker::Bullet('-'), 2)));
        assert_eq!(marker("12. x"), Some((Marker::Number(12), 4)));
        assert_eq!(marker("1.5 x"), None);
        assert_eq!(marker("1."), None);
        assert_eq!(marker(""), None);
    }
}
