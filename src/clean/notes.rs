//! Notes: the numbered list after the `Notes` heading becomes notes (`fn1`...), and the
//! numbers glued to words in the body (`decades.1`, superscripts in a PDF) become references
//! to them — only existing labels, in sequence, glued after a word or punctuation (also after
//! a closing bracket: `(H3K27me2/3).2`). Digits inside a name (`Cys2-His2`, `CO2`) are not
//! markers; after a number and a stop (`H3.5`, `3.67.5`) only the export's signature (a
//! no-break space, or the two spaces written for it) and the sequence make one.

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
    /// Could be part of a number (`3.67.5`): taken only as the next label in sequence.
    weak: bool,
}

const CLOSERS: &str = ".,;:!?”’\")]";

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
        if i - s > 3 || !free_after(text, i) {
            continue;
        }
        let strong = strong_after(text, i);
        // After a number and a full stop (`histone H3.5`), only the export's own signature
        // tells a marker from a decimal (`16.01`).
        let glued = glued_before(text, s);
        if glued || (strong && after_number_and_stop(text, s)) {
            out.push(Candidate {
                start: s,
                end: i,
                label: text[s..i].to_string(),
                strong,
                weak: !glued,
            });
        }
    }
    out
}

/// The acknowledgement marks (`*`, from the profile) glued after a word.
fn mark_candidates(text: &str, marks: &str) -> Vec<Candidate> {
    text.char_indices()
        .filter(|&(i, c)| {
            // A mark is no decimal: after `20.` it is as good as after a word.
            let glued = glued_before(text, i) || after_number_and_stop(text, i);
            marks.contains(c) && glued && free_after(text, i + c.len_utf8())
        })
        .map(|(i, c)| Candidate {
            start: i,
            end: i + c.len_utf8(),
            label: c.to_string(),
            strong: true,
            weak: false,
        })
        .collect()
}

/// Glued to a lower-case word (`decades1`, not `G20`, `COVID19`) or to punctuation that
/// follows a word (`decades.1`, `“title.”2`, not `16.01`).
/// A word that already holds digits (`Cys2-His2`, `H3K27me3`, `CO2`) is a name, and its
/// last digits are part of it; after closing brackets or quotes a digit may end the text
/// (`(H3K27me2/3).2`), but not after a bare stop (`16.01`).
pub(crate) fn glued_before(text: &str, at: usize) -> bool {
    let before = tail(&text[..at], LOOK_BEHIND);
    let mut rev = before.chars().rev();
    let Some(p) = rev.next() else { return false };
    if p.is_alphabetic() {
        let word: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect();
        let token = before
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("")
            .trim_start_matches(|c: char| !c.is_alphanumeric());
        return word.chars().count() >= 2
            && word.chars().any(char::is_lowercase)
            && !token.chars().any(|c| c.is_ascii_digit());
    }
    if CLOSERS.contains(p) {
        let closers: String = before
            .chars()
            .rev()
            .take_while(|c| CLOSERS.contains(*c))
            .collect();
        let pp = rev.find(|c| !CLOSERS.contains(*c));
        let bracketed = closers.contains([')', ']', '”', '’', '"']);
        return pp.is_some_and(|c| c.is_alphabetic() || (bracketed && c.is_alphanumeric()));
    }
    false
}

/// How far before a candidate marker the word it may be glued to is looked for: enough for
/// any word, and it keeps the pass linear on a line that never breaks.
const LOOK_BEHIND: usize = 64;

/// The last `max` bytes of `s` (at a character boundary).
fn tail(s: &str, max: usize) -> &str {
    let mut from = s.len().saturating_sub(max);
    while !s.is_char_boundary(from) {
        from += 1;
    }
    &s[from..]
}

/// `H3.5`: a stop between a word ending in a digit and the number.
fn after_number_and_stop(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let Some(head) = before.strip_suffix('.') else {
        return false;
    };
    head.ends_with(|c: char| c.is_ascii_digit())
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

/// Followed by a no-break space (or the two spaces an export writes for it) or the end of the
/// text: the export's own signature of a note marker.
fn strong_after(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    rest.is_empty() || rest.starts_with('\u{a0}') || rest.starts_with("  ")
}

/// Words ending in digits (`Ire1`, `cdh5`) and how often the article prints each: a word
/// printed with the same digits more than once is a name (a gene, a protein), and its digits
/// are no note marker.
struct Names(std::collections::BTreeMap<String, usize>);

impl Names {
    fn of(shapes: &mut [Shape]) -> Names {
        let mut counts = std::collections::BTreeMap::new();
        for u in shapes.iter_mut().flat_map(|s| s.units_mut()) {
            for w in u.text.split_whitespace() {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                let digits = w.len() - w.trim_end_matches(|c: char| c.is_ascii_digit()).len();
                if digits > 0
                    && w.len() > digits
                    && w[..w.len() - digits].ends_with(char::is_alphabetic)
                {
                    *counts.entry(w.to_string()).or_insert(0) += 1;
                }
            }
        }
        Names(counts)
    }

    /// The digits at `start..end` end a word the article prints more than once.
    fn recurs(&self, text: &str, start: usize, end: usize) -> bool {
        let head = tail(&text[..start], LOOK_BEHIND)
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        if head.is_empty() || !head.ends_with(char::is_alphabetic) {
            return false;
        }
        let word = format!("{head}{}", &text[start..end]);
        self.0.get(&word).is_some_and(|&n| n > 1)
    }
}

/// Labels the export prints with its signature (a no-break space after them) somewhere: a
/// bare digit glued to a word (`Hac1`) is then not that marker.
fn signed_labels(
    shapes: &mut [Shape],
    (superscripts, marks): (bool, &str),
    names: &Names,
) -> std::collections::BTreeSet<String> {
    shapes
        .iter_mut()
        .filter(|s| !matches!(s, Shape::PullQuote(_) | Shape::Figure { .. }))
        .flat_map(|s| s.units_mut())
        .flat_map(|u| candidates(u, superscripts, marks, names))
        .filter(|c| c.strong && !c.weak)
        .map(|c| c.label)
        .collect()
}

/// The reference candidates of a unit, in text order: its superscripts (when the reader
/// marked them) or its glued numbers, and the acknowledgement marks.
fn candidates(unit: &Unit, superscripts: bool, marks: &str, names: &Names) -> Vec<Candidate> {
    let mut found = Vec::new();
    if superscripts {
        let raised = unit.anns.iter().filter(|a| a.kind == AnnKind::Superscript);
        found.extend(raised.map(|a| {
            Candidate {
                start: a.start,
                end: a.end,
                label: unit
                    .text
                    .get(a.start..a.end)
                    .unwrap_or("")
                    .trim()
                    .to_string(),
                strong: true,
                weak: false,
            }
        }));
    } else {
        found.extend(
            digit_candidates(&unit.text)
                .into_iter()
                .filter(|c| !names.recurs(&unit.text, c.start, c.end)),
        );
    }
    found.extend(mark_candidates(&unit.text, marks));
    found.sort_by_key(|c| c.start);
    found
}

/// Turns glued note numbers (or superscripts) and the acknowledgement mark into references.
pub(crate) fn link_refs(
    shapes: &mut [Shape],
    notes: &[NoteDraft],
    ack: Option<&(Option<String>, Unit)>,
    (superscripts, marks): (bool, &str),
    report: &mut Report,
) {
    let labels: Vec<&str> = notes.iter().map(|n| n.label.as_str()).collect();
    let index: std::collections::BTreeMap<&str, usize> = labels
        .iter()
        .enumerate()
        .rev()
        .map(|(k, l)| (*l, k))
        .collect();
    let names = Names::of(shapes);
    let signed = signed_labels(shapes, (superscripts, marks), &names);
    let ack_label = ack.and_then(|a| a.0.as_deref());
    let mut next = 0usize;
    let mut seen = vec![false; labels.len()];
    let mut ack_seen = false;
    for shape in shapes.iter_mut() {
        if matches!(shape, Shape::PullQuote(_) | Shape::Figure { .. }) {
            continue;
        }
        for unit in shape.units_mut() {
            for c in candidates(unit, superscripts, marks, &names) {
                let on_word = unit.text[..c.start].ends_with(char::is_alphabetic);
                if !superscripts && on_word && !c.strong && signed.contains(&c.label) {
                    continue;
                }
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
                if c.weak && !in_sequence {
                    continue;
                }
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
        link_refs(&mut s, &notes(3), Some(&ack), (false, "*†‡"), &mut r);
        assert_eq!(refs(&s[0]), ["fn1"]);
        assert_eq!(refs(&s[1]), ["fn2", "fn3"]);
        assert_eq!(refs(&s[2]), ["ack"]);
        assert_eq!(r.warnings().len(), 0, "{:?}", r.warnings());
    }

    #[test]
    fn numbers_that_are_not_labels_or_out_of_sequence_stay_text() {
        let mut s = vec![para("in chapter.5 the point.1 and then page.3 and after.2")];
        let mut r = Report::default();
        link_refs(&mut s, &notes(2), None, (false, "*†‡"), &mut r);
        assert_eq!(refs(&s[0]), ["fn1", "fn2"]);
    }

    #[test]
    fn markers_after_brackets_and_names_with_digits() {
        // A marker after `).` is a reference; the digits of `Cys2-His2`, `H3K27me3` and `CO2`
        // are part of the name; `H3.5` followed by the export's signature is a reference,
        // `16.01` and `pp. 10-21` are not.
        let mut s = vec![
            para("of Histone H3 (H3K27me2/3).1  In higher eukaryotes"),
            para("the zinc finger (Cys2-His2) domain binds CO2 and H3K27me3 in 1990s work"),
            para("unmodified histone H3.2  On the other hand, on 16.01 and pp. 10-21."),
        ];
        let mut r = Report::default();
        link_refs(&mut s, &notes(2), None, (false, "*†‡"), &mut r);
        assert_eq!(refs(&s[0]), ["fn1"]);
        assert!(refs(&s[1]).is_empty());
        assert_eq!(refs(&s[2]), ["fn2"]);
        let mut s = vec![para("version H3.2 of the tool and 16.1 more")];
        link_refs(
            &mut s,
            &notes(2),
            None,
            (false, "*†‡"),
            &mut Report::default(),
        );
        assert!(refs(&s[0]).is_empty());
        // With the signature and in sequence, after a version number; out of sequence, not.
        let mut s = vec![para("using Phylip version 3.67.1  Support and 2.0.3  more")];
        link_refs(
            &mut s,
            &notes(3),
            None,
            (false, "*†‡"),
            &mut Report::default(),
        );
        assert_eq!(refs(&s[0]), ["fn1"]);
        // The acknowledgement mark after a number and a stop.
        let mut s = vec![para("registration: EudraCT2004-000446-20.*")];
        let ack = (Some("*".to_string()), Unit::default());
        link_refs(
            &mut s,
            &notes(0),
            Some(&ack),
            (false, "*†‡"),
            &mut Report::default(),
        );
        assert_eq!(refs(&s[0]), ["ack"]);
    }

    #[test]
    fn a_word_printed_with_its_digits_again_is_a_name() {
        // `Ire1` recurs: a protein, not `Ire` + note 1; `decades1` is printed once.
        let mut s = vec![
            para("the stress sensor Ire1 and drives its clustering"),
            para("The linker of Ire1 harbors a motif over the last decades1 and more"),
        ];
        link_refs(
            &mut s,
            &notes(1),
            None,
            (false, "*†‡"),
            &mut Report::default(),
        );
        assert!(refs(&s[0]).is_empty());
        assert_eq!(refs(&s[1]), ["fn1"]);
        // `Hac1` printed once, but the export prints marker 1 with its signature later.
        let mut s = vec![
            para("the mRNA is translated into Hac1, the key factor"),
            para("that drives the response.1\u{a0} Then more"),
        ];
        link_refs(
            &mut s,
            &notes(1),
            None,
            (false, "*†‡"),
            &mut Report::default(),
        );
        assert!(refs(&s[0]).is_empty());
        assert_eq!(refs(&s[1]), ["fn1"]);
    }

    #[test]
    fn two_digit_labels() {
        let mut s = vec![para(
            &(1..=12)
                .map(|i| format!("word{i}"))
                .collect::<Vec<_>>()
                .join(" "),
        )];
        link_refs(
            &mut s,
            &notes(12),
            None,
            (false, "*†‡"),
            &mut Report::default(),
        );
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
        link_refs(
            &mut s,
            &notes(1),
            None,
            (true, "*†‡"),
            &mut Report::default(),
        );
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
