//! Notes: the numbered list after the `Notes` heading becomes notes (`fn1`...), and the
//! numbers glued to words in the body (`decades.1`, superscripts in a PDF) become references
//! to them — only existing labels, in sequence, glued after a word or punctuation.

use super::unwrap::{self, Ctx};
use super::{Ann, AnnKind, RawBlock, Shape, SrcLine, Unit};
use crate::report::{Action, Report};

const PASS: &str = "notes";

/// A note before its inlines are built.
#[derive(Debug, Clone)]
pub(crate) struct NoteDraft {
    pub label: String,
    pub unit: Unit,
}

/// `1. `, `1) `, `[1] ` opening a note line: the number and the marker's length in bytes.
pub(crate) fn note_number(text: &str) -> Option<(u32, usize)> {
    let (t, open) = match text.strip_prefix('[') {
        Some(t) => (t, 1),
        None => (text, 0),
    };
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return None;
    }
    let n: u32 = t.get(..digits)?.parse().ok()?;
    let rest = t.get(digits..)?;
    let after = if open == 1 {
        rest.strip_prefix(']')?
    } else if rest.starts_with([' ', '\u{a0}', '\t']) {
        // A footnote's bare number (`1 The author thanks`), never before another number.
        if rest.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        rest
    } else {
        rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))?
    };
    let body = after.trim_start();
    if body.len() == after.len() || body.is_empty() {
        return None;
    }
    Some((n, text.len() - body.len()))
}

/// Builds the notes from the blocks after the notes heading. A line opens a new note only
/// with the next number in sequence; anything else continues the note (a wrapped line, a
/// page break inside a note, a line that begins `2018.`). Text before the first note is
/// returned for the body.
pub(crate) fn build(
    blocks: Vec<RawBlock>,
    ctx: &Ctx,
    report: &mut Report,
) -> (Vec<NoteDraft>, Vec<RawBlock>) {
    let mut items: Vec<(u32, Vec<SrcLine>)> = Vec::new();
    let mut orphans = Vec::new();
    for b in blocks {
        for line in &b.lines {
            let expected = items.last().map(|(n, _)| n + 1);
            match note_number(&line.text) {
                Some((n, len)) if expected.is_none_or(|e| e == n) => {
                    let mut l = line.clone();
                    super::lists::strip_prefix(&mut l, len);
                    items.push((n, vec![l]));
                }
                _ => match items.last_mut() {
                    Some((_, lines)) => lines.push(line.clone()),
                    None => orphans.push(line.clone()),
                },
            }
        }
    }
    if !orphans.is_empty() {
        let span = super::span_of(&orphans);
        report.record(
            PASS,
            Action::Warning,
            Some((span.first_line, span.last_line)),
            "text before the first numbered note kept in the body",
        );
    }
    let notes = items
        .into_iter()
        .map(|(n, lines)| {
            let label = n.to_string();
            let unit = unwrap::unit(&lines, &format!("note {label}"), ctx, report);
            report.record(
                PASS,
                Action::Recognised,
                Some((unit.span.first_line, unit.span.last_line)),
                format!("note {label} (fn{label})"),
            );
            NoteDraft { label, unit }
        })
        .collect();
    let rest = if orphans.is_empty() {
        Vec::new()
    } else {
        vec![RawBlock {
            lines: orphans,
            before: super::Sep::Blank,
        }]
    };
    (notes, rest)
}

/// A reference candidate found in a text: byte range and label.
struct Candidate {
    start: usize,
    end: usize,
    label: String,
    /// Followed by a no-break space or the end of the text: the export's own signature.
    strong: bool,
}

const CLOSERS: &str = ".,;:!?”’\")]";
const MARKS: &str = "*†‡";

fn digit_candidates(text: &str) -> Vec<Candidate> {
    let b = text.as_bytes();
    let mut out = Vec::new();
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
        if i - s <= 3 && glued_before(text, s) && free_after(text, i) {
            out.push(Candidate {
                start: s,
                end: i,
                label: text[s..i].to_string(),
                strong: strong_after(text, i),
            });
        }
    }
    out
}

fn mark_candidates(text: &str) -> Vec<Candidate> {
    text.char_indices()
        .filter(|&(i, c)| {
            MARKS.contains(c) && glued_before(text, i) && free_after(text, i + c.len_utf8())
        })
        .map(|(i, c)| Candidate {
            start: i,
            end: i + c.len_utf8(),
            label: c.to_string(),
            strong: true,
        })
        .collect()
}

/// Glued to a lower-case word (`decades1`, not `G20`, `COVID19`) or to punctuation that
/// follows a word (`decades.1`, `“title.”2`, not `16.01`).
pub(crate) fn glued_before(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let mut rev = before.chars().rev();
    let Some(p) = rev.next() else { return false };
    if p.is_alphabetic() {
        let word: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect();
        return word.chars().count() >= 2 && word.chars().any(char::is_lowercase);
    }
    if CLOSERS.contains(p) {
        let pp = rev.find(|c| !CLOSERS.contains(*c));
        return pp.is_some_and(|c| c.is_alphabetic());
    }
    false
}

/// Not followed by a letter, digit, or a continuing number (`1.5`, `10-21`, `1/2`, `3%`).
pub(crate) fn free_after(text: &str, at: usize) -> bool {
    let mut cs = text[at..].chars();
    match cs.next() {
        None => true,
        Some(c) if c.is_whitespace() => true,
        Some(',' | ';' | ':' | ')' | '.') => cs.next().is_none_or(|n| !n.is_alphanumeric()),
        _ => false,
    }
}

fn strong_after(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    rest.is_empty() || rest.starts_with('\u{a0}')
}

/// Turns glued note numbers (or superscripts) and the acknowledgement mark into references.
pub(crate) fn link_refs(
    shapes: &mut [Shape],
    notes: &[NoteDraft],
    ack: Option<&(Option<String>, Unit)>,
    superscripts: bool,
    report: &mut Report,
) {
    let labels: Vec<&str> = notes.iter().map(|n| n.label.as_str()).collect();
    let index: std::collections::BTreeMap<&str, usize> = labels
        .iter()
        .enumerate()
        .rev()
        .map(|(k, l)| (*l, k))
        .collect();
    let ack_label = ack.and_then(|a| a.0.as_deref());
    let mut next = 0usize;
    let mut seen = vec![false; labels.len()];
    let mut ack_seen = false;
    for shape in shapes.iter_mut() {
        if matches!(shape, Shape::PullQuote(_) | Shape::Figure { .. }) {
            continue;
        }
        for unit in shape.units_mut() {
            let mut found = Vec::new();
            if superscripts {
                for a in &unit.anns {
                    if a.kind == AnnKind::Superscript {
                        let label = unit
                            .text
                            .get(a.start..a.end)
                            .unwrap_or("")
                            .trim()
                            .to_string();
                        found.push(Candidate {
                            start: a.start,
                            end: a.end,
                            label,
                            strong: true,
                        });
                    }
                }
            } else {
                found.extend(digit_candidates(&unit.text));
            }
            found.extend(mark_candidates(&unit.text));
            found.sort_by_key(|c| c.start);
            for c in found {
                if ack_label == Some(c.label.as_str()) && !ack_seen {
                    ack_seen = true;
                    add_ref(unit, &c, "ack", report);
                    continue;
                }
                let Some(&k) = index.get(c.label.as_str()) else {
                    continue;
                };
                let in_sequence = k == next;
                let skip_ahead = k > next && c.strong;
                let again = seen[k] && c.strong;
                if !(in_sequence || skip_ahead || again || superscripts) {
                    continue;
                }
                if skip_ahead {
                    let missing: Vec<&str> = labels[next..k].to_vec();
                    report.record(
                        PASS,
                        Action::Warning,
                        None,
                        format!("no reference found for note(s) {}", missing.join(", ")),
                    );
                }
                seen[k] = true;
                next = next.max(k + 1);
                add_ref(unit, &c, &format!("fn{}", c.label), report);
            }
        }
    }
    for (k, l) in labels.iter().enumerate() {
        if !seen[k] && k >= next {
            report.record(
                PASS,
                Action::Warning,
                None,
                format!("note {l} is never referenced in the text"),
            );
        }
    }
    if ack_label.is_some() && !ack_seen {
        report.record(
            PASS,
            Action::Warning,
            None,
            "the acknowledgement's mark is not found in the text",
        );
    }
}

fn add_ref(unit: &mut Unit, c: &Candidate, id: &str, report: &mut Report) {
    unit.anns
        .retain(|a| !(a.kind == AnnKind::Superscript && a.start == c.start));
    if !unit.is_free(c.start, c.end) {
        return;
    }
    let lines = unit.lines_of(c.start, c.end);
    let before: String = unit.text[..c.start]
        .chars()
        .rev()
        .take(12)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    report.record(
        PASS,
        Action::Recognised,
        Some(lines),
        format!("reference `{}` after `{before}` -> {id}", c.label),
    );
    unit.anns.push(Ann {
        start: c.start,
        end: c.end,
        kind: AnnKind::NoteRef {
            id: id.to_string(),
            label: c.label.clone(),
        },
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(t: &str) -> Shape {
        Shape::Paragraph(Unit {
            text: t.into(),
            ..Default::default()
        })
    }

    fn notes(n: u32) -> Vec<NoteDraft> {
        (1..=n)
            .map(|i| NoteDraft {
                label: i.to_string(),
                unit: Unit::default(),
            })
            .collect()
    }

    fn refs(s: &Shape) -> Vec<String> {
        let Shape::Paragraph(u) = s else {
            return vec![];
        };
        let mut a: Vec<&Ann> = u.anns.iter().collect();
        a.sort_by_key(|a| a.start);
        a.iter()
            .filter_map(|a| match &a.kind {
                AnnKind::NoteRef { id, .. } => Some(id.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn glued_numbers_in_sequence_become_references() {
        let mut s = vec![
            para("the last several decades.1\u{a0} However, in the 1990s and COVID-19 the G20 paid 200 billion"),
            para("at all levels.2\u{a0} Pages 10-21, vol. 99 (1), 16.01.2020 and 2019. Then initiative.3"),
            para("the US and EU.*"),
        ];
        let ack = (Some("*".to_string()), Unit::default());
        let mut r = Report::default();
        link_refs(&mut s, &notes(3), Some(&ack), false, &mut r);
        assert_eq!(refs(&s[0]), ["fn1"]);
        assert_eq!(refs(&s[1]), ["fn2", "fn3"]);
        assert_eq!(refs(&s[2]), ["ack"]);
        assert_eq!(r.warnings().len(), 0, "{:?}", r.warnings());
    }

    #[test]
    fn numbers_that_are_not_labels_or_out_of_sequence_stay_text() {
        let mut s = vec![para("in chapter.5 the point.1 and then page.3 and after.2")];
        let mut r = Report::default();
        link_refs(&mut s, &notes(2), None, false, &mut r);
        assert_eq!(refs(&s[0]), ["fn1", "fn2"]);
    }

    #[test]
    fn two_digit_labels() {
        let mut s = vec![para(
            &(1..=12)
                .map(|i| format!("word{i}"))
                .collect::<Vec<_>>()
                .join(" "),
        )];
        link_refs(&mut s, &notes(12), None, false, &mut Report::default());
        assert_eq!(refs(&s[0]).len(), 12);
        assert_eq!(refs(&s[0])[11], "fn12");
    }

    #[test]
    fn superscript_marks_are_preferred() {
        let mut u = Unit {
            text: "in 2019 the decades1 and more".into(),
            ..Default::default()
        };
        u.anns.push(Ann {
            start: 3,
            end: 7,
            kind: AnnKind::Superscript,
        });
        u.anns.push(Ann {
            start: 19,
            end: 20,
            kind: AnnKind::Superscript,
        });
        let mut s = vec![Shape::Paragraph(u)];
        link_refs(&mut s, &notes(1), None, true, &mut Report::default());
        assert_eq!(refs(&s[0]), ["fn1"]);
        let Shape::Paragraph(u) = &s[0] else {
            unreachable!()
        };
        assert!(u
            .anns
            .iter()
            .any(|a| a.kind == AnnKind::Superscript && a.start == 3));
    }

    #[test]
    fn note_numbers_at_line_start() {
        assert_eq!(note_number("1. Milanovic"), Some((1, 3)));
        assert_eq!(note_number("12) X"), Some((12, 4)));
        assert_eq!(note_number("[3] X"), Some((3, 4)));
        assert_eq!(note_number("2018."), None);
        assert_eq!(note_number("1 The author"), Some((1, 2)));
        assert_eq!(note_number("10 000 copies"), None);
        assert_eq!(note_number("16.01.2020"), None);
    }
}
