//! Run-in headings: a paragraph that opens with a bold lead ending in `.` or `:`
//! (`2.2 Background: Recently, ...`, `Methods. We ...`) starts with a heading the typesetter
//! set on the paragraph's first line. The lead must read as a heading (numbered, or title
//! case) — a bold sentence that opens a paragraph is emphasis, not a heading.

use super::headings::{looks_like_heading, numbered};
use super::lists;
use super::SrcLine;
use crate::read::{Mark, MarkKind};

/// Most words a run-in heading has.
const MAX_WORDS: usize = 10;

/// The heading's line and the paragraph's lines, when `lines` opens with a run-in heading;
/// with the heading's level (its number's depth, `2.2` is 2; 2 when unnumbered).
pub(crate) fn split(lines: &[SrcLine]) -> Option<(SrcLine, Vec<SrcLine>, u8)> {
    let first = lines.first()?;
    let text = first.text.as_str();
    if lists::marker(text.trim_start()).is_some() {
        return None;
    }
    let start = text.len() - text.trim_start().len();
    let end = bold_lead(&first.marks, start, text)?;
    // The lead's closing `.` or `:`, inside the bold or right after it.
    let lead_raw = &text[start..end];
    let trimmed = lead_raw.trim_end();
    let (lead, after) = if trimmed.ends_with(['.', ':']) {
        (
            trimmed[..trimmed.len() - 1].trim_end(),
            start + trimmed.len(),
        )
    } else {
        let rest = text[end..].trim_start();
        if !rest.starts_with(['.', ':']) {
            return None;
        }
        (trimmed, text.len() - rest.len() + 1)
    };
    // Leader dots (`Notices . . . vii`) make a contents line, not a heading.
    if text[after..].trim_start().starts_with(['.', '…']) {
        return None;
    }
    // A lead ending in a number is a label: `Figure 7-26.`, `Table 1:`, `Smith J. 2004.`.
    // So is one whose second word is a number: `Figure 1 Overview of the phases.`
    let has_digit = |w: &str| w.chars().any(|c| c.is_ascii_digit());
    let last = lead.split_whitespace().next_back().unwrap_or("");
    let second = lead.split_whitespace().nth(1).unwrap_or("");
    if (has_digit(last) || has_digit(second)) && !numbered(lead) {
        return None;
    }
    let words = lead.split_whitespace().count();
    if words == 0 || words > MAX_WORDS || lead.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return None;
    }
    if !(numbered(lead) || looks_like_heading(lead)) {
        return None;
    }
    let rest_start = after + (text.len() - after - text[after..].trim_start().len());
    let rest_text = &text[rest_start..];
    // The paragraph goes on for a few words at least (not a page number after a footer).
    let words_after = rest_text.split_whitespace().count()
        + lines[1..]
            .iter()
            .map(|l| l.text.split_whitespace().count())
            .sum::<usize>();
    if words_after < 3 {
        return None;
    }
    let level = if numbered(lead) {
        let num = lead.split_whitespace().next().unwrap_or("");
        num.trim_end_matches('.').split('.').count().clamp(1, 6) as u8
    } else {
        2
    };
    let heading = SrcLine {
        text: lead.to_string(),
        marks: clip(&first.marks, start, start + lead.len()),
        ..first.clone()
    };
    let mut rest = Vec::with_capacity(lines.len());
    if !rest_text.trim().is_empty() {
        rest.push(SrcLine {
            text: rest_text.to_string(),
            marks: clip(&first.marks, rest_start, text.len()),
            ..first.clone()
        });
    }
    rest.extend(lines[1..].iter().cloned());
    Some((heading, rest, level))
}

/// The end of the bold run that starts the line at `start` (adjacent bold marks parted by
/// spaces only count as one), if the line goes on past it.
fn bold_lead(marks: &[Mark], start: usize, text: &str) -> Option<usize> {
    let mut bold: Vec<(usize, usize)> = marks
        .iter()
        .filter(|m| m.kind == MarkKind::Strong)
        .map(|m| (m.start, m.end))
        .collect();
    bold.sort_unstable();
    let mut end = None;
    for (s, e) in bold {
        let from = end.unwrap_or(start);
        let gap = text.get(from..s)?;
        if s > from && !gap.trim().is_empty() {
            break;
        }
        end = Some(e.max(from));
    }
    let end = end?;
    (end < text.trim_end().len() && text.is_char_boundary(end)).then_some(end)
}

/// The marks of `text[from..to]`, moved to start at 0.
fn clip(marks: &[Mark], from: usize, to: usize) -> Vec<Mark> {
    marks
        .iter()
        .filter(|m| m.end > from && m.start < to)
        .map(|m| Mark {
            start: m.start.max(from) - from,
            end: m.end.min(to) - from,
            kind: m.kind.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, bold: &[(usize, usize)]) -> SrcLine {
        let mut l = SrcLine::text(1, 1, text);
        l.marks = bold
            .iter()
            .map(|&(start, end)| Mark {
                start,
                end,
                kind: MarkKind::Strong,
            })
            .collect();
        l
    }

    #[test]
    fn a_numbered_bold_lead_is_a_heading() {
        let l = line("2.2 Background: Recently, models have grown.", &[(0, 15)]);
        let more = SrcLine::text(1, 2, "They are large.");
        let (h, rest, level) = split(&[l, more]).unwrap();
        assert_eq!(h.text, "2.2 Background");
        assert_eq!(h.marks.len(), 1);
        assert_eq!(rest[0].text, "Recently, models have grown.");
        assert!(rest[0].marks.is_empty());
        assert_eq!(rest.len(), 2);
        assert_eq!(level, 2);
    }

    #[test]
    fn the_period_may_follow_the_bold() {
        let l = line("Data Collection. We asked everyone.", &[(0, 15)]);
        let (h, rest, _) = split(&[l]).unwrap();
        assert_eq!(h.text, "Data Collection");
        assert_eq!(rest[0].text, "We asked everyone.");
    }

    #[test]
    fn bold_sentences_and_bold_words_are_not_headings() {
        // A short bold sentence opening a paragraph is emphasis.
        let l = line("This matters a lot. The rest of the paragraph.", &[(0, 19)]);
        assert!(split(&[l]).is_none());
        // A bold term without closing punctuation.
        let l = line("Wang Laboratories introduced machines.", &[(0, 17)]);
        assert!(split(&[l]).is_none());
        // A whole bold line.
        let l = line("Results:", &[(0, 8)]);
        assert!(split(&[l]).is_none());
        // A list item's bold lead.
        let l = line("- Undo/Redo: introduced in the 1980s.", &[(2, 12)]);
        assert!(split(&[l]).is_none());
        // Caption and reference labels end in a number; contents lines have leaders.
        let l = line("Figure 7-26. Self-locking nuts of two kinds.", &[(0, 12)]);
        assert!(split(&[l]).is_none());
        let l = line("Eddy SR. 1998. Profile hidden Markov models.", &[(0, 13)]);
        assert!(split(&[l]).is_none());
        let l = line(
            "Figure 1 Overview of the Phases. The first phase.",
            &[(0, 31)],
        );
        assert!(split(&[l]).is_none());
        let l = line("Notices . . . . . . . . . . vii and more", &[(0, 7)]);
        assert!(split(&[l]).is_none());
        // No bold at all.
        let l = line("2.2 Background: Recently, models have grown.", &[]);
        assert!(split(&[l]).is_none());
    }
}
