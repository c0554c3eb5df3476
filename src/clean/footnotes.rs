//! Footnotes: numbered notes set at the bottom of a page (`1 The author thanks ...`), as a
//! typesetter such as groff prints them. Recognised when the page's last lines open with the
//! next note numbers in sequence, each referenced earlier by a glued number, and (in a PDF)
//! set smaller than the body. They leave the page's text and join the notes.

use super::{LineKind, RawBlock, Sep, SrcLine};
use crate::report::{Action, Report};
use std::collections::BTreeSet;

const PASS: &str = "footnotes";

/// `N text` opening a footnote line: the number, if it is `want`.
fn opens(text: &str, want: u32) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return false;
    }
    let rest = &text[digits..];
    text[..digits].parse::<u32>().ok() == Some(want)
        && rest.starts_with([' ', '\u{a0}', '\t'])
        && rest.trim_start().starts_with(|c: char| !c.is_ascii_digit())
}

/// The numbers glued to a word in `text` (`EU.1`, `decades2`): candidate references.
fn glued_numbers(text: &str, into: &mut BTreeSet<u32>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i - s <= 3 && super::notes::glued_before(text, s) && super::notes::free_after(text, i) {
            if let Ok(n) = text[s..i].parse() {
                into.insert(n);
            }
        }
    }
}

/// Moves footnote areas out of the lines; returns the body lines and the footnotes as blocks
/// (one per note, each opening `N text`).
pub(crate) fn take(
    lines: Vec<SrcLine>,
    on: bool,
    report: &mut Report,
) -> (Vec<SrcLine>, Vec<RawBlock>) {
    if !on {
        return (lines, Vec::new());
    }
    let mut pages: Vec<Vec<SrcLine>> = Vec::new();
    for l in lines {
        if l.kind == LineKind::PageBreak || pages.is_empty() {
            pages.push(Vec::new());
        }
        if let Some(p) = pages.last_mut() {
            p.push(l);
        }
    }
    let mut body = Vec::new();
    let mut notes: Vec<RawBlock> = Vec::new();
    let mut next = 1u32;
    let mut seen: BTreeSet<u32> = BTreeSet::new();
    for mut page in pages {
        let text: Vec<usize> = (0..page.len())
            .filter(|&i| page[i].kind == LineKind::Text)
            .collect();
        let start = area_start(&page, &text, next, &seen);
        let Some(p) = start else {
            for &i in &text {
                glued_numbers(&page[i].text, &mut seen);
            }
            body.extend(page);
            continue;
        };
        let cut = text[p];
        let area: Vec<SrcLine> = page.split_off(cut);
        for l in &page {
            glued_numbers(&l.text, &mut seen);
        }
        let first = next;
        for l in area.into_iter().filter(|l| l.kind == LineKind::Text) {
            if opens(&l.text, next) {
                next += 1;
                notes.push(RawBlock {
                    lines: vec![l],
                    before: Sep::Blank,
                });
            } else if let Some(n) = notes.last_mut() {
                n.lines.push(l);
            }
        }
        let span = notes.last().map(|b| b.span()).unwrap_or_default();
        report.record(
            PASS,
            Action::Recognised,
            Some((
                page.last().map_or(span.first_line, |l| l.no),
                span.last_line,
            )),
            format!(
                "footnotes {first}-{} at the bottom of page {}",
                next - 1,
                span.page
            ),
        );
        body.extend(page);
    }
    (body, notes)
}

/// The index (into `text`) where the page's footnote area starts, if it has one.
fn area_start(page: &[SrcLine], text: &[usize], next: u32, seen: &BTreeSet<u32>) -> Option<usize> {
    let n = text.len();
    let body_size = page.iter().find_map(|l| l.style.as_ref().map(|s| s.size));
    let prose = prose_after(page);
    let mut refs = seen.clone();
    for p in 1..n {
        glued_numbers(&page[text[p - 1]].text, &mut refs);
        let first = &page[text[p]];
        if !opens(&first.text, next) || (n - p) * 2 > n || !refs.contains(&next) {
            continue;
        }
        if prose[text[p]] || ends_in_hyphen(&page[text[p - 1]].text) {
            continue;
        }
        let smaller = match (body_size, first.style.as_ref()) {
            (Some(body), Some(s)) => s.size < body,
            _ => true,
        };
        if smaller {
            return Some(p);
        }
    }
    None
}

/// A word hyphenated across the line break (`GFP::TBA-` / `1 remains`) is running text.
fn ends_in_hyphen(text: &str) -> bool {
    text.trim_end().ends_with(['-', '\u{2010}', '\u{ad}'])
}

/// For each line of the page: does running text follow from there on, a text line after a
/// blank line that opens no note (`N text`)? A footnote area holds notes only, while running
/// text goes on in paragraphs after blank lines. One pass from the end: linear.
fn prose_after(page: &[SrcLine]) -> Vec<bool> {
    let mut out = vec![false; page.len() + 1];
    for i in (0..page.len()).rev() {
        let l = &page[i];
        let after_blank = i > 0 && page[i - 1].kind != LineKind::Text;
        let opens_note = {
            let digits = l.text.bytes().take_while(u8::is_ascii_digit).count();
            (1..=3).contains(&digits) && opens(&l.text, l.text[..digits].parse().unwrap_or(0))
        };
        out[i] = out[i + 1] || (l.kind == LineKind::Text && after_blank && !opens_note);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(no: u32, lines: &[&str]) -> Vec<SrcLine> {
        let mut out = Vec::new();
        if no > 1 {
            let mut b = SrcLine::text(no, 0, "");
            b.kind = LineKind::PageBreak;
            out.push(b);
        }
        out.extend(
            lines
                .iter()
                .enumerate()
                .map(|(i, t)| SrcLine::text(no, no * 100 + i as u32, t)),
        );
        out
    }

    #[test]
    fn footnotes_at_page_bottoms_in_sequence() {
        let mut lines = page(
            1,
            &[
                "The trade conflict between the US and EU.1",
                "Text with 200 billion dollars goes on.2 This began as a",
                "matter of text that runs on over several lines of the page",
                "and over one more line, before the notes start at the",
                "bottom of the page, where the typesetter put them all",
                "1 The author thanks P. K.",
                "2 Milanovic, Branko. “The clash",
                "of capitalisms.”",
            ],
        );
        lines.extend(page(
            2,
            &[
                "cooperation in the early years of the Cold War.3",
                "More text.",
                "And more.",
                "3 The Asan Forum.",
            ],
        ));
        let (body, notes) = take(lines, true, &mut Report::default());
        let texts: Vec<&str> = body
            .iter()
            .filter(|l| l.kind == LineKind::Text)
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(texts.len(), 8);
        assert_eq!(notes.len(), 3);
        assert_eq!(notes[1].lines.len(), 2);
        assert!(notes[2].lines[0].text.starts_with("3 The Asan"));
    }

    #[test]
    fn a_number_after_a_line_end_hyphen_is_not_a_footnote() {
        let mut lines = page(
            1,
            &[
                "Early in the text the first note is cited.1",
                "More text, and then we measured the expression of GFP::TBA-",
                "1 remains largely unchanged, whereas expression in the dendrite rises.",
            ],
        );
        let mut blank = SrcLine::text(1, 150, "");
        blank.kind = LineKind::Blank;
        lines.push(blank);
        lines.extend(
            page(1, &["Discussion", "We report a new function."])
                .into_iter()
                .map(|mut l| {
                    l.no += 60;
                    l
                }),
        );
        let (body, notes) = take(lines, true, &mut Report::default());
        assert!(notes.is_empty());
        assert_eq!(body.len(), 6);
    }

    #[test]
    fn numbers_opening_body_lines_are_not_footnotes() {
        let lines = page(
            1,
            &[
                "The states spent in that year",
                "200 billion on it and in",
                "1 case more; nothing refers to it.",
            ],
        );
        let (body, notes) = take(lines, true, &mut Report::default());
        assert_eq!(body.len(), 3);
        assert!(notes.is_empty());
    }
}
