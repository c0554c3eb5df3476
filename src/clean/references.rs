//! Reference lists: one block per reference. A block whose lines open with numbers in
//! sequence (`[1]`, `[2]` or `1.`, `2.`) is cut before each of them; a block set with a
//! hanging indent (each entry's first line out at the left, its other lines indented) is cut
//! before each line at the left.

use super::SrcLine;

/// Entries a block needs before it is taken for a list of references.
const MIN_ENTRIES: usize = 2;

/// The number opening a reference: `[12]`, `12.` (with text after it).
fn label(text: &str) -> Option<u32> {
    let t = text.trim_start();
    let (num, rest) = if let Some(t) = t.strip_prefix('[') {
        let close = t.find(']')?;
        (&t[..close], &t[close + 1..])
    } else {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        let rest = t.get(digits..)?.strip_prefix('.')?;
        (&t[..digits], rest)
    };
    if num.is_empty() || num.len() > 3 || !rest.starts_with(char::is_whitespace) {
        return None;
    }
    if rest.trim().is_empty() {
        return None;
    }
    num.parse().ok()
}

/// Where to cut `lines` into references (indices of each entry's first line), if they are
/// a reference list; `None` leaves the block whole.
pub(crate) fn cuts(lines: &[SrcLine]) -> Option<Vec<usize>> {
    numbered(lines).or_else(|| hanging(lines))
}

/// Lines opening with numbers in sequence. The block may start inside the reference before
/// (a list running on from the previous column); then three entries are wanted, not two.
fn numbered(lines: &[SrcLine]) -> Option<Vec<usize>> {
    let start = lines
        .iter()
        .take(8)
        .position(|l| label(&l.text).is_some())?;
    let mut want = label(&lines[start].text)?;
    let mut at = Vec::new();
    for (k, l) in lines.iter().enumerate().skip(start) {
        if label(&l.text) == Some(want) {
            at.push(k);
            want += 1;
        }
    }
    let need = if start == 0 {
        MIN_ENTRIES
    } else {
        MIN_ENTRIES + 1
    };
    (at.len() >= need).then_some(at)
}

/// A hanging indent: the block's lines sit at two left edges, its first line at the outer
/// one, and every entry (outer line) is followed by at least one indented line.
fn hanging(lines: &[SrcLine]) -> Option<Vec<usize>> {
    if lines.len() < 4 {
        return None;
    }
    let xs: Vec<f32> = lines
        .iter()
        .map(|l| l.style.as_ref().map(|s| s.x))
        .collect::<Option<_>>()?;
    let size = lines.first()?.style.as_ref()?.size;
    let left = xs.iter().copied().fold(f32::MAX, f32::min);
    let outer = |x: f32| (x - left).abs() < 1.0;
    // Indented lines share one indent of between a third of an em and three ems.
    let indents: Vec<f32> = xs.iter().copied().filter(|&x| !outer(x)).collect();
    let first_indent = *indents.first()?;
    if !(size * 0.3..=size * 3.0).contains(&(first_indent - left))
        || indents.iter().any(|&x| (x - first_indent).abs() > 1.0)
        || !outer(xs[0])
    {
        return None;
    }
    let at: Vec<usize> = (0..xs.len()).filter(|&k| outer(xs[k])).collect();
    // Every entry but the last runs over at least one indented line.
    let entries_wrap = at.windows(2).all(|w| w[1] > w[0] + 1);
    (at.len() >= MIN_ENTRIES && entries_wrap).then_some(at)
}

/// `lines` cut at `at` (which starts with 0 or not: text before the first cut is kept).
pub(crate) fn split<'a>(lines: &'a [SrcLine], at: &[usize]) -> Vec<&'a [SrcLine]> {
    let mut out = Vec::with_capacity(at.len() + 1);
    let mut from = 0;
    for &k in at.iter().filter(|&&k| k > 0 && k < lines.len()) {
        out.push(&lines[from..k]);
        from = k;
    }
    out.push(&lines[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::LineStyle;

    fn at(x: f32, text: &str) -> SrcLine {
        let mut l = SrcLine::text(1, 1, text);
        l.style = Some(LineStyle {
            x,
            size: 10.0,
            ..Default::default()
        });
        l
    }

    #[test]
    fn bracketed_numbers_in_sequence_cut_the_list() {
        let lines = vec![
            at(72.0, "[12] E. Braunwald, “Shattuck lecture,” New England"),
            at(72.0, "Journal of Medicine, 1997."),
            at(72.0, "[13] K. Dickstein, A. Cohen-Solal, “ESC Guidelines,”"),
            at(72.0, "[14] M. F. Piepoli, “Overview,” 1998."),
        ];
        assert_eq!(cuts(&lines), Some(vec![0, 2, 3]));
        let parts = split(&lines, &[0, 2, 3]);
        assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [2, 1, 1]);
    }

    #[test]
    fn a_list_running_on_from_the_previous_column() {
        let lines = vec![
            at(70.0, "questions,” European Journal of Nursing, 2005."),
            at(50.0, "[13] K. Dickstein, “ESC Guidelines,” 2008."),
            at(50.0, "[14] M. F. Piepoli, “Overview,” 1998."),
            at(50.0, "[15] T. Corvera-Tindel, “Predictors,” 2004."),
        ];
        let at = cuts(&lines).unwrap();
        assert_eq!(at, [1, 2, 3]);
        assert_eq!(split(&lines, &at).len(), 4);
    }

    #[test]
    fn a_hanging_indent_cuts_the_list() {
        let lines = vec![
            at(
                72.0,
                "Blackburne BP, Whelan S. 2013. Class of multiple sequence",
            ),
            at(82.0, "alignment algorithm affects genomic analysis."),
            at(72.0, "Eddy SR. 1998. Profile hidden Markov models."),
            at(82.0, "Bioinformatics 14:755-763."),
        ];
        assert_eq!(cuts(&lines), Some(vec![0, 2]));
    }

    #[test]
    fn paragraphs_and_numbers_in_text_are_not_reference_lists() {
        // First-line indents: the opposite of a hanging indent.
        let lines = vec![
            at(82.0, "A paragraph opens with an indent and runs on over"),
            at(72.0, "several lines of text, as paragraphs do."),
            at(82.0, "Another paragraph opens the same way and"),
            at(72.0, "ends here."),
        ];
        assert_eq!(cuts(&lines), None);
        // Two numbered lines after running text: citations that wrapped to a line start.
        let lines = vec![
            at(72.0, "activity is recommended for all patients"),
            at(72.0, "[13] and is required to sustain improvements"),
            at(72.0, "made when exercise is initiated, as in"),
            at(72.0, "[14] and elsewhere, shown before."),
        ];
        assert_eq!(cuts(&lines), None);
        // One numbered line, or numbers out of sequence.
        let lines = vec![at(72.0, "[3] as cited above"), at(72.0, "and more text")];
        assert_eq!(cuts(&lines), None);
        let lines = vec![
            at(72.0, "2019. The year began."),
            at(72.0, "It went on [5] until."),
        ];
        assert_eq!(cuts(&lines), None);
        // A block of lines flush left.
        let lines: Vec<SrcLine> = (0..5).map(|_| at(72.0, "text")).collect();
        assert_eq!(cuts(&lines), None);
    }
}
