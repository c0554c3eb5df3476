//! Ligatures: the compatibility ligature characters a PDF text layer can carry (U+FB00–FB06:
//! ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) are presentation forms, not text (Unicode's compatibility decomposition
//! maps them to their letters). Each is replaced by its letters and the change is reported;
//! marks on the line keep covering the same characters.

use super::SrcLine;
use crate::report::{Action, Report};

const PASS: &str = "ligatures";

/// The letters of a compatibility ligature, or `None` for any other character.
pub(crate) fn letters(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{fb00}' => "ff",
        '\u{fb01}' => "fi",
        '\u{fb02}' => "fl",
        '\u{fb03}' => "ffi",
        '\u{fb04}' => "ffl",
        '\u{fb05}' | '\u{fb06}' => "st",
        _ => return None,
    })
}

/// Decomposes the ligatures of every line, shifting its marks' byte offsets.
pub(crate) fn decompose(lines: &mut [SrcLine], report: &mut Report) {
    for line in lines {
        if !line.text.chars().any(|c| letters(c).is_some()) {
            continue;
        }
        let mut out = String::with_capacity(line.text.len());
        // (old offset, new offset) at each replaced character, to move the marks.
        let mut shifts: Vec<(usize, isize)> = Vec::new();
        let mut found = Vec::new();
        for (i, c) in line.text.char_indices() {
            match letters(c) {
                Some(l) => {
                    out.push_str(l);
                    shifts.push((
                        i + c.len_utf8(),
                        out.len() as isize - (i + c.len_utf8()) as isize,
                    ));
                    found.push(c);
                }
                None => out.push(c),
            }
        }
        let moved = |pos: usize| -> usize {
            let d = shifts
                .iter()
                .take_while(|(at, _)| *at <= pos)
                .last()
                .map_or(0, |s| s.1);
            (pos as isize + d).max(0) as usize
        };
        for m in &mut line.marks {
            m.start = moved(m.start);
            m.end = moved(m.end);
        }
        let shown: String = found.iter().collect();
        report.record(
            PASS,
            Action::Repaired,
            Some((line.no, line.no)),
            format!("ligature {shown} decomposed: `{}`", out.trim()),
        );
        line.text = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Mark, MarkKind};

    #[test]
    fn ligatures_become_letters_and_are_reported() {
        let mut l = vec![SrcLine::text(1, 3, "reﬁnement of the ﬂow, eﬃcient")];
        l[0].marks.push(Mark {
            start: "reﬁnement of the ".len(),
            end: "reﬁnement of the ﬂow".len(),
            kind: MarkKind::Emphasis,
        });
        let mut r = Report::default();
        decompose(&mut l, &mut r);
        assert_eq!(l[0].text, "refinement of the flow, efficient");
        assert_eq!(&l[0].text[l[0].marks[0].start..l[0].marks[0].end], "flow");
        assert_eq!(r.of(Action::Repaired).count(), 1);
    }

    #[test]
    fn other_text_is_untouched() {
        let mut l = vec![SrcLine::text(1, 3, "fi fl æ œ ß")];
        let mut r = Report::default();
        decompose(&mut l, &mut r);
        assert_eq!(l[0].text, "fi fl æ œ ß");
        assert_eq!(r.changes.len(), 0);
        let mut l = vec![SrcLine::text(1, 3, "ﬅ ﬆ ﬀ ﬄ")];
        decompose(&mut l, &mut r);
        assert_eq!(l[0].text, "st st ff ffl");
    }
}
