//! Segmentation: cuts the furniture-free lines into raw blocks at blank lines, spacer lines,
//! page breaks and (PDF) structure-element starts, remembering the strongest separator before
//! each block so later passes can tell list items, paragraphs and page breaks apart.

use super::{LineKind, RawBlock, Sep, SrcLine};

/// Cuts lines into blocks.
pub(crate) fn segment(lines: Vec<SrcLine>) -> Vec<RawBlock> {
    let mut out: Vec<RawBlock> = Vec::new();
    let mut cur: Vec<SrcLine> = Vec::new();
    let mut pending = Sep::Start;
    let mut cur_before = Sep::Start;
    for line in lines {
        let sep = match line.kind {
            LineKind::Text => None,
            LineKind::Blank => Some(Sep::Blank),
            LineKind::Spacer => Some(Sep::Spacer),
            LineKind::PageBreak => Some(Sep::Page),
        };
        if let Some(sep) = sep {
            if !cur.is_empty() {
                out.push(RawBlock {
                    lines: std::mem::take(&mut cur),
                    before: cur_before,
                });
            }
            pending = pending.max(sep);
            continue;
        }
        let pdf_start = line.style.as_ref().is_some_and(|s| s.starts_block);
        if pdf_start && !cur.is_empty() {
            out.push(RawBlock {
                lines: std::mem::take(&mut cur),
                before: cur_before,
            });
            pending = pending.max(Sep::Blank);
        }
        if cur.is_empty() {
            cur_before = if out.is_empty() && pending != Sep::Page {
                Sep::Start
            } else {
                pending
            };
            pending = Sep::Start;
        }
        cur.push(line);
    }
    if !cur.is_empty() {
        out.push(RawBlock {
            lines: cur,
            before: cur_before,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(kind: LineKind, text: &str) -> SrcLine {
        let mut s = SrcLine::text(1, 1, text);
        s.kind = kind;
        s
    }

    #[test]
    fn strongest_separator_wins() {
        let b = segment(vec![
            l(LineKind::Text, "a"),
            l(LineKind::Spacer, ""),
            l(LineKind::Text, "b"),
            l(LineKind::Spacer, ""),
            l(LineKind::Blank, ""),
            l(LineKind::PageBreak, ""),
            l(LineKind::Text, "c"),
            l(LineKind::Text, "d"),
            l(LineKind::Blank, ""),
            l(LineKind::Text, "e"),
        ]);
        let seps: Vec<Sep> = b.iter().map(|b| b.before).collect();
        assert_eq!(seps, [Sep::Start, Sep::Spacer, Sep::Page, Sep::Blank]);
        assert_eq!(b[2].lines.len(), 2);
    }
}
