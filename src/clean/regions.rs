//! Table and figure regions: text set inside a table grid or a drawing (cells, tick labels,
//! callouts) is neither a heading nor a paragraph. Found from layout alone: a tagged PDF's
//! `Figure` role, lines that share a baseline with other short lines (grid rows), and short
//! lines of mostly figures (tick labels, numeric cells). A run of such lines is a region; its
//! lines leave the text and the report lists them. Captions are ordinary lines and stay.

use super::{LineKind, SrcLine};
use crate::read::Role;
use crate::report::{Action, Report};

const PASS: &str = "regions";

/// Lines a run needs before it counts as a region (one numeric line in a paragraph is text).
const MIN_RUN: usize = 3;

/// Why a line looks like part of a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    /// Running text.
    None,
    /// Tagged `Figure` content.
    Figure,
    /// A short line sharing its baseline with another short line: a cell of a grid row.
    Cell,
    /// A short line of mostly figures.
    Numeric,
    /// A line sharing its baseline with a short cell far to its right (a row label).
    FarCell,
}

/// Removes table and figure regions from `lines`, recording each in the report.
/// `width` is the typical line length in characters.
pub(crate) fn strip(lines: Vec<SrcLine>, width: usize, report: &mut Report) -> Vec<SrcLine> {
    let cues = cues(&lines, width);
    let mut drop = vec![false; lines.len()];
    let mut k = 0;
    while k < lines.len() {
        if cues[k] == Cue::None {
            k += 1;
            continue;
        }
        // A run: cued lines, blank lines between them, on one page.
        let page = lines[k].page;
        let mut end = k;
        let mut j = k;
        while j < lines.len() && lines[j].page == page {
            match (lines[j].kind, cues[j]) {
                (LineKind::Text, Cue::None) => break,
                (LineKind::Text, _) => end = j,
                (LineKind::PageBreak, _) => break,
                _ => {}
            }
            j += 1;
        }
        let run: Vec<usize> = (k..=end)
            .filter(|&i| lines[i].kind == LineKind::Text)
            .collect();
        let figure = run.iter().any(|&i| cues[i] == Cue::Figure);
        let numeric = run.iter().all(|&i| cues[i] == Cue::Numeric);
        // Short words side by side without figures or far cells are a tag list, not a table.
        let count = |c: Cue| run.iter().filter(|&&i| cues[i] == c).count();
        let region = figure
            || (run.len() >= MIN_RUN
                && if numeric {
                    rows(&lines, &run).0 >= 2
                } else {
                    rows(&lines, &run).1 >= 2
                        && (count(Cue::Numeric) >= 2 || count(Cue::FarCell) >= 2)
                });
        if region {
            for &i in &run {
                drop[i] = true;
            }
            let what = if figure {
                "text inside a tagged figure"
            } else if numeric {
                "a column of figures (tick labels or numeric cells)"
            } else {
                "table cells (short lines sharing baselines in a grid)"
            };
            let first = lines[k].no;
            let last = lines[end].no;
            report.record(
                PASS,
                Action::Removed,
                Some((first, last)),
                format!(
                    "{what}, {} lines: {}",
                    run.len(),
                    sample(run.iter().map(|&i| lines[i].text.trim()))
                ),
            );
        }
        k = end + 1;
    }
    lines
        .into_iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|(l, _)| l)
        .collect()
}

/// The first few texts of a run, for the report.
fn sample<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = texts.take(6).collect();
    format!("`{}`", v.join("` `"))
}

/// The baselines the run's lines sit on (within a point), and how many of them hold two
/// or more of its lines (grid rows: a heading and its number side by side make only one).
fn rows(lines: &[SrcLine], run: &[usize]) -> (usize, usize) {
    let mut ys: Vec<f32> = run
        .iter()
        .filter_map(|&i| lines[i].style.as_ref().map(|s| s.y))
        .collect();
    ys.sort_by(f32::total_cmp);
    let (mut all, mut shared, mut k) = (0, 0, 0);
    while k < ys.len() {
        let mut e = k + 1;
        while e < ys.len() && ys[e] - ys[e - 1] <= 1.0 {
            e += 1;
        }
        all += 1;
        shared += usize::from(e - k >= 2);
        k = e;
    }
    (all, shared)
}

fn is_short(l: &SrcLine, width: usize) -> bool {
    let n = l.text.trim().chars().count();
    n > 0 && n * 100 <= width * 45
}

/// A short line whose figures outnumber its letters (`0.965`, `10`, `54.1 (2.3)`).
fn numeric(l: &SrcLine, width: usize) -> bool {
    if !is_short(l, width) {
        return false;
    }
    let digits = l.text.chars().filter(char::is_ascii_digit).count();
    let letters = l.text.chars().filter(|c| c.is_alphabetic()).count();
    digits > 0 && digits >= letters
}

fn cues(lines: &[SrcLine], width: usize) -> Vec<Cue> {
    let mut cues: Vec<Cue> = lines
        .iter()
        .map(|l| {
            let Some(s) = l.style.as_ref().filter(|_| l.kind == LineKind::Text) else {
                return Cue::None;
            };
            if s.role == Some(Role::Figure) {
                Cue::Figure
            } else if numeric(l, width) {
                Cue::Numeric
            } else {
                Cue::None
            }
        })
        .collect();
    // Grid rows: lines on one page whose baselines agree within a point, side by side, either
    // all short or parted by a gap wider than a column gutter (a row label and its cells).
    let mut placed: Vec<Placed> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.kind == LineKind::Text)
        .filter_map(|(i, l)| {
            l.style.as_ref().map(|s| Placed {
                page: l.page,
                y: s.y,
                x0: s.x,
                x1: s.x + s.width,
                size: s.size,
                short: is_short(l, width),
                at: i,
            })
        })
        .collect();
    placed.sort_by(|a, b| a.page.cmp(&b.page).then(a.y.total_cmp(&b.y)));
    let mut start = 0;
    while start < placed.len() {
        let mut end = start + 1;
        while end < placed.len()
            && placed[end].page == placed[start].page
            && placed[end].y - placed[end - 1].y <= 1.0
        {
            end += 1;
        }
        let row = &placed[start..end];
        if row.len() >= 2 {
            if let Some(cue) = grid_row(row) {
                for p in row {
                    if cues[p.at] == Cue::None {
                        cues[p.at] = cue;
                    }
                }
            }
        }
        start = end;
    }
    cues
}

/// A line's place on its page.
struct Placed {
    page: u32,
    y: f32,
    x0: f32,
    x1: f32,
    size: f32,
    short: bool,
    at: usize,
}

/// The row's lines stand side by side (no overlap, else it is one line the reader split) and
/// are all short, or a short cell stands further right than any column gutter (4 ems).
fn grid_row(row: &[Placed]) -> Option<Cue> {
    let mut xs: Vec<&Placed> = row.iter().collect();
    xs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let apart = xs.windows(2).all(|w| w[0].x1 <= w[1].x0 + 0.5);
    let wide_gap = xs
        .windows(2)
        .any(|w| w[1].short && w[1].x0 - w[0].x1 >= 4.0 * w[0].size.max(w[1].size));
    if !apart {
        None
    } else if wide_gap {
        Some(Cue::FarCell)
    } else {
        xs.iter().all(|p| p.short).then_some(Cue::Cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::LineStyle;

    fn at(no: u32, x: f32, y: f32, text: &str) -> SrcLine {
        let mut l = SrcLine::text(1, no, text);
        l.style = Some(LineStyle {
            x,
            y,
            width: text.chars().count() as f32 * 5.0,
            size: 10.0,
            ..Default::default()
        });
        l
    }

    fn texts(lines: &[SrcLine]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    const FULL: &str = "A paragraph line of running text that fills the measure of its column.";

    #[test]
    fn table_rows_leave_the_text() {
        let lines = vec![
            at(1, 72.0, 100.0, FULL),
            at(2, 72.0, 112.0, "Table 1. Results by model and language."),
            at(3, 72.0, 130.0, "Model"),
            at(4, 150.0, 130.0, "With LM"),
            at(5, 230.0, 130.0, "BLEU"),
            at(6, 72.0, 142.0, "Base"),
            at(7, 150.0, 142.0, "54.1"),
            at(8, 230.0, 142.0, "31.2"),
            at(9, 72.0, 170.0, FULL),
        ];
        let mut r = Report::default();
        let out = strip(lines, 70, &mut r);
        assert_eq!(
            texts(&out),
            [FULL, "Table 1. Results by model and language.", FULL]
        );
        assert_eq!(r.of(Action::Removed).count(), 1);
    }

    #[test]
    fn a_row_label_and_its_far_cell_are_a_grid_row() {
        let label = "A row label long enough to pass for running text";
        let lines = vec![
            at(1, 72.0, 100.0, FULL),
            at(2, 72.0, 130.0, label),
            at(3, 430.0, 130.0, "XX"),
            at(4, 72.0, 150.0, label),
            at(5, 430.0, 150.0, "X"),
            at(6, 72.0, 190.0, FULL),
        ];
        let out = strip(lines, 70, &mut Report::default());
        assert_eq!(texts(&out), [FULL, FULL]);
    }

    #[test]
    fn chart_ticks_leave_the_text() {
        let lines = vec![
            at(1, 72.0, 100.0, FULL),
            at(2, 60.0, 200.0, "30"),
            at(3, 60.0, 220.0, "20"),
            at(4, 60.0, 240.0, "10"),
            at(5, 60.0, 260.0, "0"),
            at(6, 72.0, 300.0, FULL),
        ];
        let out = strip(lines, 70, &mut Report::default());
        assert_eq!(texts(&out), [FULL, FULL]);
    }

    #[test]
    fn a_numeric_line_inside_a_paragraph_stays() {
        let lines = vec![
            at(1, 72.0, 100.0, FULL),
            at(2, 72.0, 112.0, "1,234 (2019)."),
            at(3, 72.0, 124.0, FULL),
        ];
        let out = strip(lines.clone(), 70, &mut Report::default());
        assert_eq!(out.len(), 3);
        // Two columns of running text share baselines, but their lines are long.
        let cols = vec![
            at(1, 72.0, 100.0, FULL),
            at(2, 320.0, 100.0, FULL),
            at(3, 72.0, 112.0, "ends here."),
            at(4, 320.0, 112.0, FULL),
        ];
        assert_eq!(strip(cols, 70, &mut Report::default()).len(), 4);
    }

    #[test]
    fn keywords_side_by_side_stay() {
        let lines = vec![
            at(1, 72.0, 100.0, "chromatin"),
            at(2, 140.0, 100.0, "evolution"),
            at(3, 72.0, 112.0, "development"),
            at(4, 150.0, 112.0, "retrotransposons"),
        ];
        assert_eq!(strip(lines, 70, &mut Report::default()).len(), 4);
    }

    #[test]
    fn a_heading_beside_its_number_stays() {
        let lines = vec![
            at(1, 72.0, 100.0, "ends its paragraph."),
            at(2, 100.0, 130.0, "Problems"),
            at(3, 72.0, 130.0, "3"),
            at(4, 72.0, 150.0, FULL),
        ];
        assert_eq!(strip(lines, 70, &mut Report::default()).len(), 4);
    }

    #[test]
    fn tagged_figure_labels_leave_the_text() {
        let mut lines = vec![at(1, 72.0, 100.0, FULL), at(2, 400.0, 500.0, "Keyway")];
        lines[1].style.as_mut().unwrap().role = Some(Role::Figure);
        let out = strip(lines, 70, &mut Report::default());
        assert_eq!(texts(&out), [FULL]);
    }
}
