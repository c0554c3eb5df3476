//! Headings: a short run (up to three lines) of title-case lines without a closing period,
//! directly followed by running text — or, in a PDF, a tagged `H` role, larger or bold type.
//! A heading in any case (`Results and discussion`, `MDA`) glued to its paragraph is found by
//! the layout: each of its lines ended by hand (the next line's first word would have fitted
//! under the measured column width), continuation lines open lower-case, the paragraph opens
//! with a capital. A wrapped heading (`... Counterproject of` / `Globalization?`) is one.

use super::{RawBlock, SrcLine};
use crate::read::Role;

/// Words that stay lower case in title case, and never end a heading.
const MINOR: &[&str] = &[
    "a", "an", "the", "and", "or", "nor", "but", "of", "in", "on", "at", "to", "for", "with", "by",
    "from", "as", "vs", "vs.", "via", "into", "over", "is", "are",
];

/// How many lines at the top of `b` form a heading (0 if none), and its level.
pub(crate) fn lines_of_heading(
    b: &RawBlock,
    next: Option<&RawBlock>,
    width: usize,
    body_size: Option<f32>,
) -> (usize, u8) {
    if let Some(n) = styled(b, body_size) {
        return worded(b, n);
    }
    if smaller_than_body(b, body_size) {
        return (0, 0);
    }
    let max = b.lines.len().min(3);
    for h in 1..=max {
        let cand = &b.lines[..h];
        if !cand.iter().all(|l| is_short(l, width)) {
            break;
        }
        let text = cand
            .iter()
            .map(|l| l.text.trim())
            .collect::<Vec<_>>()
            .join(" ");
        if !looks_like_heading(&text) {
            let after = b
                .lines
                .get(h)
                .or_else(|| next.and_then(|n| n.lines.first()));
            if b.lines.len() > h && set_apart(cand, after, width) && is_heading_phrase(&text) {
                return (h, 1);
            }
            continue;
        }
        match b.lines.get(h) {
            Some(after) if starts_upper(&after.text) => return worded(b, (h, 1)),
            Some(_) => continue,
            None if next
                .is_some_and(|n| n.lines.first().is_some_and(|l| starts_upper(&l.text))) =>
            {
                return worded(b, (h, 1))
            }
            None => {}
        }
    }
    (0, 0)
}

/// A PDF line's role, size or weight says heading.
fn styled(b: &RawBlock, body_size: Option<f32>) -> Option<(usize, u8)> {
    let first = b.lines.first()?;
    let style = first.style.as_ref()?;
    let n = b
        .lines
        .iter()
        .take_while(|l| l.style.as_ref().map(|s| s.role) == Some(style.role))
        .count();
    match style.role {
        Some(Role::Heading(level)) => return Some((n, level.clamp(1, 6))),
        // A tagged paragraph set apart in type (an italic or bold line of title case alone in
        // its block) is a heading the producer did not tag as one.
        Some(Role::Paragraph) => return Some(untagged_heading(b, body_size).unwrap_or((0, 0))),
        Some(Role::ListItem | Role::Caption | Role::Note | Role::Quote | Role::Figure) => {
            return Some((0, 0))
        }
        _ => {}
    }
    let body = body_size?;
    let same = |l: &SrcLine| {
        l.style
            .as_ref()
            .is_some_and(|s| (s.size - style.size).abs() < 0.1 && s.bold == style.bold)
    };
    let n = b.lines.iter().take_while(|l| same(l)).count().min(3);
    let text = b.lines[..n]
        .iter()
        .map(|l| l.text.trim())
        .collect::<Vec<_>>()
        .join(" ");
    let bigger = style.size > body * 1.1;
    let ends = text.ends_with(['.', ',', ';']);
    // Bold type smaller than the body's is a table head or a figure label, not a section.
    let bold = style.bold && style.size >= body * 0.97;
    // A numbered line (`2.2 Background`, `(3) Scope`) needs less: a slightly larger size.
    let numbered = numbered(&text) && style.size > body * 1.04;
    ((bigger || bold || numbered) && !ends && text.split_whitespace().count() <= 20)
        .then_some((n, 1))
}

/// The block's first line is set smaller than the body (table text, captions, notes).
fn smaller_than_body(b: &RawBlock, body_size: Option<f32>) -> bool {
    let (Some(body), Some(s)) = (body_size, b.lines.first().and_then(|l| l.style.as_ref())) else {
        return false;
    };
    s.size < body * 0.97
}

/// Opens with a section number: `2.`, `2.2`, `(3)`, `IV.`.
pub(crate) fn numbered(text: &str) -> bool {
    let t = text.trim_start();
    let (num, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    let inner = num
        .strip_prefix('(')
        .and_then(|n| n.strip_suffix(')'))
        .unwrap_or(num)
        .trim_end_matches('.');
    let arabic = !inner.is_empty()
        && inner.len() <= 8
        && inner
            .split('.')
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit()));
    let roman =
        num.ends_with('.') && !inner.is_empty() && inner.chars().all(|c| "IVXL".contains(c));
    (arabic || roman) && !rest.trim().is_empty()
}

/// A heading has words: `6`, `#` or `(3)` alone is a table cell, tick or marker.
fn worded(b: &RawBlock, (n, level): (usize, u8)) -> (usize, u8) {
    let letters = b
        .lines
        .iter()
        .take(n)
        .flat_map(|l| l.text.chars())
        .filter(|c| c.is_alphabetic())
        .take(2)
        .count();
    // A lone lower-case roman numeral (`iii`, `xi`) is a front-matter folio.
    let folio = |t: &str| !t.is_empty() && t.len() <= 6 && t.chars().all(|c| "ivxlc".contains(c));
    let single = n == 1 && b.lines.first().is_some_and(|l| folio(l.text.trim()));
    if n > 0 && (letters < 2 || single) {
        (0, 0)
    } else {
        (n, level)
    }
}

/// A one-line tagged paragraph in title case whose type differs from the body's.
fn untagged_heading(b: &RawBlock, body_size: Option<f32>) -> Option<(usize, u8)> {
    let [line] = b.lines.as_slice() else {
        return None;
    };
    let s = line.style.as_ref()?;
    let body = body_size?;
    let distinct = s.bold || s.italic || s.size > body * 1.1;
    (distinct && s.size >= body * 0.95 && looks_like_heading(line.text.trim())).then_some((1, 1))
}

/// The measure did not break these lines: after each one the next line's first word would
/// still have fitted, continuation lines open lower-case, and the line after them opens with
/// a capital. That is a heading in sentence case (`Results and discussion`) glued to its
/// paragraph, told apart from running text by the layout, not by its words.
fn set_apart(cand: &[SrcLine], after: Option<&SrcLine>, width: usize) -> bool {
    let Some(after) = after else { return false };
    let mut followers = cand.iter().skip(1).chain(std::iter::once(after));
    let all_early = cand.iter().all(|l| {
        followers
            .next()
            .is_some_and(|n| breaks_early(&l.text, &n.text, width))
    });
    let continued = cand.iter().skip(1).all(|l| starts_lower(&l.text));
    all_early && continued && starts_upper(&after.text) && !starts_lower(&after.text)
}

/// The line ended by hand: the next line's first word would have fitted after it (with a
/// tenth of the measure to spare, as character counts only approximate widths).
pub(crate) fn breaks_early(line: &str, next: &str, width: usize) -> bool {
    let n = line.trim().chars().count();
    let w = next
        .split_whitespace()
        .next()
        .map_or(0, |w| w.chars().count());
    n > 0 && (n + 1 + w) * 10 <= width * 9
}

fn starts_lower(text: &str) -> bool {
    text.trim_start_matches(|c: char| !c.is_alphanumeric())
        .starts_with(char::is_lowercase)
}

/// A heading in any case: opens with a capital or a number, at most 20 words, no sentence
/// or clause punctuation at its end, not ending on a minor word, not a list item.
pub(crate) fn is_heading_phrase(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    let bare = last
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    words.len() <= 20
        && starts_upper(first)
        && !text.ends_with(['.', ',', ';', ':', '-', '\u{2010}'])
        && !MINOR.contains(&bare.as_str())
        && super::marker(text).is_none()
}

fn is_short(l: &SrcLine, width: usize) -> bool {
    let n = l.text.trim().chars().count();
    n > 0 && n * 10 <= width * 7
}

fn starts_upper(text: &str) -> bool {
    text.trim_start_matches(|c: char| !c.is_alphanumeric())
        .starts_with(|c: char| c.is_uppercase() || c.is_numeric())
}

/// Title case, no sentence-ending or clause punctuation at its end, not ending on a minor word.
pub(crate) fn looks_like_heading(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    if words.len() > 15 || text.ends_with(['.', ',', ';', ':']) || !starts_upper(first) {
        return false;
    }
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    if MINOR.contains(&bare(last).as_str()) {
        return false;
    }
    let major: Vec<&&str> = words
        .iter()
        .skip(1)
        .filter(|w| !MINOR.contains(&bare(w).as_str()))
        .collect();
    let capital = major.iter().filter(|w| starts_upper(w)).count();
    capital * 4 >= major.len() * 3
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::Sep;

    fn block(lines: &[&str]) -> RawBlock {
        RawBlock {
            lines: lines
                .iter()
                .enumerate()
                .map(|(i, t)| SrcLine::text(1, i as u32 + 1, t))
                .collect(),
            before: Sep::Blank,
        }
    }

    const FULL: &str =
        "There seems to be agreement among scholars that the US has largely benefitted";

    #[test]
    fn two_line_heading_before_its_paragraph() {
        let b = block(&[
            "Sino-Russian Relations: A New Counterproject of",
            "Globalization?",
            FULL,
        ]);
        assert_eq!(lines_of_heading(&b, None, 84, None), (2, 1));
        let b = block(&["EU-US Dissonance", FULL]);
        assert_eq!(lines_of_heading(&b, None, 84, None), (1, 1));
    }

    #[test]
    fn heading_alone_in_its_block() {
        let b = block(&["Three Sections of an Essay"]);
        let next = block(&[FULL]);
        assert_eq!(lines_of_heading(&b, Some(&next), 84, None), (1, 1));
        assert_eq!(lines_of_heading(&b, None, 84, None), (0, 0));
    }

    #[test]
    fn sentences_and_short_lines_are_not_headings() {
        assert!(!looks_like_heading(
            "and critical contribution to this text."
        ));
        assert!(!looks_like_heading("A New Counterproject of"));
        assert!(!looks_like_heading("the end of the world"));
        assert!(!looks_like_heading(
            "There seems to be agreement among scholars"
        ));
        let b = block(&["onwards.", FULL]);
        assert_eq!(lines_of_heading(&b, None, 84, None), (0, 0));
        let b = block(&[FULL, "Short Title Like Line"]);
        assert_eq!(lines_of_heading(&b, None, 84, None), (0, 0));
    }

    #[test]
    fn sentence_case_and_wrapped_headings_glued_to_their_paragraph() {
        let body =
            "The majority of the genes are harbored in large, highly repetitive clusters that";
        let b = block(&["Results and discussion", body]);
        assert_eq!(lines_of_heading(&b, None, 84, None), (1, 1));
        let b = block(&["MDA", body]);
        assert_eq!(lines_of_heading(&b, None, 84, None), (1, 1));
        let b = block(&[
            "Genetic deletion of gene clusters leads to",
            "retrotransposon reactivation",
            body,
        ]);
        assert_eq!(lines_of_heading(&b, None, 84, None), (2, 1));
        let b = block(&[
            "Generating a phylogenetic framework for testing the",
            "diversity of bacteria that induce rosette colony",
            "development",
            body,
        ]);
        assert_eq!(lines_of_heading(&b, None, 84, None), (3, 1));
    }

    #[test]
    fn short_paragraphs_are_not_headings() {
        let body =
            "The majority of the genes are harbored in large, highly repetitive clusters that";
        // A short paragraph ends with a stop.
        let b = block(&["Plasmid DNA was injected as control.", body]);
        assert_eq!(lines_of_heading(&b, None, 84, None), (0, 0));
        // A full first line: the measure broke it, so it is running text.
        let b = block(&[body, "Results and discussion"]);
        assert_eq!(lines_of_heading(&b, None, 84, None), (0, 0));
        // What follows opens lower-case: the sentence goes on.
        let b = block(&[
            "In human lenses",
            "sphingomyelins are more abundant than the rest.",
        ]);
        assert_eq!(lines_of_heading(&b, None, 84, None), (0, 0));
        // A line ending on a minor word, or a list item, is no heading.
        let b = block(&["We reasoned that if the", body]);
        assert_eq!(lines_of_heading(&b, None, 84, None), (0, 0));
        let b = block(&["1. A first item", body]);
        assert_eq!(lines_of_heading(&b, None, 84, None), (0, 0));
    }

    #[test]
    fn pdf_roles_and_sizes() {
        let mut b = block(&["Results", FULL]);
        b.lines[0].style = Some(crate::read::LineStyle {
            role: Some(Role::Heading(2)),
            size: 14.0,
            ..Default::default()
        });
        b.lines[1].style = Some(crate::read::LineStyle {
            role: Some(Role::Paragraph),
            size: 11.0,
            ..Default::default()
        });
        assert_eq!(lines_of_heading(&b, None, 84, Some(11.0)), (1, 2));
        let mut b = block(&["a lower-case bold heading", FULL]);
        b.lines[0].style = Some(crate::read::LineStyle {
            bold: true,
            size: 11.0,
            ..Default::default()
        });
        b.lines[1].style = Some(crate::read::LineStyle {
            size: 11.0,
            ..Default::default()
        });
        assert_eq!(lines_of_heading(&b, None, 84, Some(11.0)), (1, 1));
    }

    fn styled_block(lines: &[(&str, f32, bool, bool, Option<Role>)]) -> RawBlock {
        let texts: Vec<&str> = lines.iter().map(|l| l.0).collect();
        let mut b = block(&texts);
        for (l, &(_, size, bold, italic, role)) in b.lines.iter_mut().zip(lines) {
            l.style = Some(crate::read::LineStyle {
                size,
                bold,
                italic,
                role,
                ..Default::default()
            });
        }
        b
    }

    #[test]
    fn cells_ticks_and_small_bold_labels_are_not_headings() {
        let b = block(&["xi", "Preface"]);
        assert_eq!(lines_of_heading(&b, None, 84, None), (0, 0));
        let b = block(&["6", "0.965"]);
        assert_eq!(lines_of_heading(&b, None, 84, None), (0, 0));
        let b = styled_block(&[
            ("54.1", 12.0, true, false, None),
            (FULL, 10.0, false, false, None),
        ]);
        assert_eq!(lines_of_heading(&b, None, 84, Some(10.0)), (0, 0));
        // A table head: bold, but smaller than the body.
        let b = styled_block(&[
            ("Column Name", 9.0, true, false, None),
            (FULL, 10.0, false, false, None),
        ]);
        assert_eq!(lines_of_heading(&b, None, 84, Some(10.0)), (0, 0));
        // Title case but set smaller than the body: a table cell.
        let b = styled_block(&[
            ("USER_NAME", 9.0, false, false, None),
            ("VARCHAR(10)", 9.0, false, false, None),
        ]);
        assert_eq!(lines_of_heading(&b, None, 84, Some(10.0)), (0, 0));
    }

    #[test]
    fn a_short_bold_sentence_is_not_a_heading() {
        let b = styled_block(&[
            ("This matters a lot.", 10.0, true, false, None),
            (FULL, 10.0, false, false, None),
        ]);
        assert_eq!(lines_of_heading(&b, None, 84, Some(10.0)), (0, 0));
    }

    #[test]
    fn numbered_lines_a_little_larger_are_headings() {
        assert!(numbered("2.2 Background"));
        assert!(numbered("(3) Scope of the law"));
        assert!(numbered("IV. Results"));
        assert!(!numbered("2019 was a year"));
        assert!(!numbered("2.2"));
        let b = styled_block(&[
            ("(1) 감염병의 예방", 12.5, false, false, None),
            (FULL, 11.5, false, false, None),
        ]);
        assert_eq!(lines_of_heading(&b, None, 84, Some(11.5)), (1, 1));
        let b = styled_block(&[("12 apples were eaten", 12.5, false, false, None)]);
        assert_eq!(lines_of_heading(&b, None, 84, Some(12.5)), (0, 0));
    }

    #[test]
    fn an_untagged_heading_inside_a_tagged_paragraph() {
        let p = Some(Role::Paragraph);
        let b = styled_block(&[("Boots Self-Locking Nut", 10.0, false, true, p)]);
        assert_eq!(lines_of_heading(&b, None, 84, Some(10.0)), (1, 1));
        // Same type as the body, or a sentence: a paragraph.
        let b = styled_block(&[("Boots Self-Locking Nut", 10.0, false, false, p)]);
        assert_eq!(lines_of_heading(&b, None, 84, Some(10.0)), (0, 0));
        let b = styled_block(&[("Note the spring.", 10.0, false, true, p)]);
        assert_eq!(lines_of_heading(&b, None, 84, Some(10.0)), (0, 0));
        let b = styled_block(&[("Tightened Nut", 8.0, true, false, Some(Role::Figure))]);
        assert_eq!(lines_of_heading(&b, None, 84, Some(10.0)), (0, 0));
    }
}
