//! Footnotes of a typeset paper: at the foot of a page or of a column, in type smaller than
//! the body's, each opening with the next note number (`1`, `2)`, `[3]`, `4.`). Unlike
//! `footnotes`, which wants the page's last lines and glued references (groff), this reads
//! type size and position, so a two-column page's notes under its left column are found too.
//! The areas leave the running text and go to the notes.

use super::{LineKind, RawBlock, Sep, SrcLine};
use crate::report::{Action, Report};

const PASS: &str = "footnotes";

/// Footnote type is at most this share of the body's size.
const SMALLER: f32 = 0.92;

/// A footnote area starts in the lower part of the page's text: below this share of the
/// distance from the top line to the bottom line.
const LOW: f32 = 0.55;

/// The lines whose flag is set.
fn kept(lines: Vec<SrcLine>, keep: &[bool]) -> Vec<SrcLine> {
    lines
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| **k)
        .map(|(l, _)| l)
        .collect()
}

/// The height below which a page's footnote area may start.
fn low_line(page: &[SrcLine]) -> f32 {
    let ys = page
        .iter()
        .filter(|l| l.kind == LineKind::Text)
        .filter_map(|l| l.style.as_ref().map(|s| s.y));
    let (top, bottom) = ys.fold((f32::MAX, f32::MIN), |(a, b), y| (a.min(y), b.max(y)));
    top + (bottom - top) * LOW
}

/// The last line of a footnote area opening at `k`: small lines going down the page, to the
/// page's or the column's end.
fn area_end(
    lines: &[SrcLine],
    k: usize,
    page_end: usize,
    small: &dyn Fn(&SrcLine) -> bool,
) -> usize {
    let mut end = k;
    let mut last_y = lines[k].style.as_ref().map_or(0.0, |s| s.y);
    for (j, m) in lines.iter().enumerate().take(page_end).skip(k + 1) {
        match m.kind {
            LineKind::Text => {
                let y = m.style.as_ref().map_or(f32::MIN, |s| s.y);
                if !small(m) || y < last_y - 1.0 {
                    break;
                }
                last_y = y;
                end = j;
            }
            LineKind::PageBreak => break,
            _ => {}
        }
    }
    end
}

/// Takes the footnote areas out of `lines`; `next` is the first note number expected.
pub(crate) fn take(
    lines: Vec<SrcLine>,
    mut next: u32,
    report: &mut Report,
) -> (Vec<SrcLine>, Vec<RawBlock>) {
    let Some(body) = body_size(&lines) else {
        return (lines, Vec::new());
    };
    let small = |l: &SrcLine| l.style.as_ref().is_some_and(|s| s.size <= body * SMALLER);
    let mut keep = vec![true; lines.len()];
    // Note numbers raised in the text read so far: a footnote is called before it is set
    // (a reference list at the foot of a page is not).
    let mut called: std::collections::BTreeSet<u32> = std::collections::BTreeSet::new();
    let mut notes = Vec::new();
    let mut page_start = 0;
    while page_start < lines.len() {
        let page = lines[page_start].page;
        let page_end = lines[page_start..]
            .iter()
            .position(|l| l.page != page)
            .map_or(lines.len(), |n| page_start + n);
        let low = low_line(&lines[page_start..page_end]);
        let mut k = page_start;
        while k < page_end {
            let l = &lines[k];
            let opens = l.kind == LineKind::Text
                && small(l)
                && called.contains(&next)
                && l.style.as_ref().is_some_and(|s| s.y >= low)
                && super::notes::note_number(l.text.trim_start()).is_some_and(|(n, _)| n == next);
            if !opens {
                raised_numbers(l, &mut called);
                k += 1;
                continue;
            }
            let end = area_end(&lines, k, page_end, &small);
            let area: Vec<SrcLine> = lines[k..=end]
                .iter()
                .filter(|l| l.kind == LineKind::Text)
                .cloned()
                .collect();
            let mut after = next;
            for l in &area {
                if super::notes::note_number(l.text.trim_start()).is_some_and(|(n, _)| n == after) {
                    after += 1;
                }
            }
            // A list whose numbering goes on at the top of the next page is a reference list
            // (cited by superscripts too, in many journals), not footnotes.
            if continues_above(&lines[end + 1..], page, after, low) {
                k = end + 1;
                continue;
            }
            let first = next;
            next = after;
            for flag in &mut keep[k..=end] {
                *flag = false;
            }
            report.record(
                PASS,
                Action::Recognised,
                Some((lines[k].no, lines[end].no)),
                format!(
                    "footnotes {first}-{} in small type at the foot of page {page}",
                    next - 1
                ),
            );
            notes.push(RawBlock {
                lines: area,
                before: Sep::Blank,
            });
            k = end + 1;
        }
        page_start = page_end;
    }
    (kept(lines, &keep), notes)
}

/// The list goes on with number `want` in the upper part of a later column of this page
/// (above `low`), or in the next page's first few lines: it runs on like a reference list.
/// Footnotes go on at the foot of the next column, if anywhere.
fn continues_above(rest: &[SrcLine], page: u32, want: u32, low: f32) -> bool {
    let opens = |l: &SrcLine| {
        super::notes::note_number(l.text.trim_start()).is_some_and(|(n, _)| n == want)
    };
    let same = rest
        .iter()
        .take_while(|l| l.page == page)
        .filter(|l| l.kind == LineKind::Text)
        .any(|l| opens(l) && l.style.as_ref().is_some_and(|s| s.y < low));
    same || rest
        .iter()
        .filter(|l| l.kind == LineKind::Text && l.page > page)
        .take_while(|l| l.page == page + 1)
        .take(4)
        .any(opens)
}

/// The numbers a line sets as superscripts (`1`, `2)`, `3,4`).
fn raised_numbers(l: &SrcLine, into: &mut std::collections::BTreeSet<u32>) {
    for m in &l.marks {
        if m.kind != crate::read::MarkKind::Superscript {
            continue;
        }
        let Some(t) = l.text.get(m.start..m.end) else {
            continue;
        };
        for part in t.split([',', ' ', ')', '(']) {
            if let Ok(n) = part.trim().parse::<u32>() {
                into.insert(n);
            }
        }
    }
}

/// The most common type size, by characters set in it.
fn body_size(lines: &[SrcLine]) -> Option<f32> {
    let mut sizes: std::collections::BTreeMap<u32, usize> = std::collections::BTreeMap::new();
    for l in lines.iter().filter(|l| l.kind == LineKind::Text) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::LineStyle;

    fn at(no: u32, x: f32, y: f32, size: f32, text: &str) -> SrcLine {
        let mut l = SrcLine::text(1, no, text);
        l.style = Some(LineStyle {
            x,
            y,
            size,
            ..Default::default()
        });
        l
    }

    const BODY: &str = "Running text of the paper, set in the body's size, line after line.";

    #[test]
    fn notes_under_the_left_column_leave_the_text() {
        let mut called = at(2, 60.0, 500.0, 10.0, "Text with a call1) and2) more.");
        for (start, end) in [(16, 18), (22, 24)] {
            called.marks.push(crate::read::Mark {
                start,
                end,
                kind: crate::read::MarkKind::Superscript,
            });
        }
        let lines = vec![
            at(1, 60.0, 100.0, 10.0, BODY),
            called,
            at(3, 60.0, 700.0, 8.0, "1) The first note, which"),
            at(4, 70.0, 710.0, 8.0, "wraps to a second line."),
            at(5, 60.0, 720.0, 8.0, "2) The second note."),
            at(6, 320.0, 100.0, 10.0, BODY),
            at(7, 320.0, 720.0, 10.0, BODY),
        ];
        let (body, notes) = take(lines, 1, &mut Report::default());
        assert_eq!(body.len(), 4);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].lines.len(), 3);
    }

    #[test]
    fn a_reference_list_at_the_foot_of_a_page_stays() {
        // Small numbered lines at the foot, but no superscript calls them: references.
        let lines = vec![
            at(1, 60.0, 100.0, 10.0, BODY),
            at(2, 60.0, 500.0, 10.0, BODY),
            at(
                3,
                60.0,
                700.0,
                8.0,
                "1. Smith J. A paper. Journal 2004;3:1-9.",
            ),
            at(
                4,
                60.0,
                710.0,
                8.0,
                "2. Jones K. Another. Journal 2005;4:2-8.",
            ),
        ];
        let (body, notes) = take(lines, 1, &mut Report::default());
        assert_eq!(body.len(), 4);
        assert!(notes.is_empty());
    }

    #[test]
    fn a_list_going_on_at_the_top_of_the_next_page_stays() {
        let mut called = at(2, 60.0, 500.0, 10.0, "As shown before1 and2 here.");
        for (start, end) in [(15, 16), (20, 21)] {
            called.marks.push(crate::read::Mark {
                start,
                end,
                kind: crate::read::MarkKind::Superscript,
            });
        }
        let mut next_page = at(
            5,
            60.0,
            80.0,
            8.0,
            "3. Brown L. A third. Journal 2006;5:1-4.",
        );
        next_page.page = 2;
        let lines = vec![
            at(1, 60.0, 100.0, 10.0, BODY),
            called,
            at(
                3,
                60.0,
                700.0,
                8.0,
                "1. Smith J. A paper. Journal 2004;3:1-9.",
            ),
            at(
                4,
                60.0,
                710.0,
                8.0,
                "2. Jones K. Another. Journal 2005;4:2-8.",
            ),
            next_page,
        ];
        let (body, notes) = take(lines, 1, &mut Report::default());
        assert_eq!(body.len(), 5);
        assert!(notes.is_empty());
    }

    #[test]
    fn small_numbered_lines_high_on_the_page_or_out_of_sequence_stay() {
        // A small numbered line at the top (a table's row), and a note numbered 5 when 1 is due.
        let lines = vec![
            at(1, 60.0, 100.0, 8.0, "1 Table row in small type"),
            at(2, 60.0, 300.0, 10.0, BODY),
            at(3, 60.0, 500.0, 10.0, BODY),
            at(4, 60.0, 700.0, 8.0, "5 A numbered caption line"),
        ];
        let (body, notes) = take(lines, 1, &mut Report::default());
        assert_eq!(body.len(), 4);
        assert!(notes.is_empty());
        // Body-sized numbered lines at the foot of the page are a numbered list.
        let lines = vec![
            at(1, 60.0, 100.0, 10.0, BODY),
            at(2, 60.0, 700.0, 10.0, "1. A list item in body type"),
        ];
        assert!(take(lines, 1, &mut Report::default()).1.is_empty());
    }
}
