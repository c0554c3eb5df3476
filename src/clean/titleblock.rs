//! A typeset title block with no issue line (a PDF made by a general typesetter: pandoc with
//! groff or LaTeX): the title is the largest type on the first page, above the body; below it,
//! set apart, a byline, a date and an `Abstract` heading with its paragraph. They go to the
//! metadata, not the body. Needs type sizes, so only a PDF's lines are read this way.

use super::{RawBlock, SrcLine};
use crate::model::Metadata;
use crate::report::{Action, Report};

const PASS: &str = "frontmatter";

/// Blocks after the title examined for the byline, date and abstract.
const SEARCH_BLOCKS: usize = 6;

/// Longest line (in characters) taken for a set-apart title block line.
const MAX_META_CHARS: usize = 60;

/// What the title block held besides metadata: the abstract's lines, for the passes that
/// join lines and attach references and links.
pub(crate) struct TitleBlock {
    pub body: Vec<RawBlock>,
    pub abstract_lines: Option<Vec<SrcLine>>,
}

fn size(l: &SrcLine) -> Option<f32> {
    l.style.as_ref().map(|s| s.size)
}

/// The left edge and width of the body's measure: where lines of body-sized type start most
/// often, and the furthest any of them reaches.
fn measure(body: &[RawBlock], body_size: f32) -> Option<(f32, f32)> {
    let mut lefts: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    let mut right = f32::MIN;
    for l in body.iter().flat_map(|b| &b.lines) {
        let Some(s) = &l.style else { continue };
        if (s.size - body_size).abs() < 0.5 && s.x.is_finite() && s.width.is_finite() {
            *lefts.entry(s.x.round() as i32).or_insert(0) += 1;
            right = right.max(s.x + s.width);
        }
    }
    let left = lefts.into_iter().max_by_key(|&(x, n)| (n, -x))?.0 as f32;
    (right > left).then_some((left, right - left))
}

/// A line centred in the measure and indented from its left edge: set apart from the text.
fn centred(l: &SrcLine, (left, width): (f32, f32)) -> bool {
    let Some(s) = &l.style else { return false };
    let mid = s.x + s.width / 2.0;
    (mid - (left + width / 2.0)).abs() <= 0.08 * width && s.x > left + 0.1 * width
}

/// `Abstract`, `ABSTRACT`, `Abstract:` or `Abstract.`: the heading of an abstract.
fn is_abstract_label(text: &str) -> bool {
    text.trim()
        .trim_end_matches([':', '.'])
        .eq_ignore_ascii_case("abstract")
}

/// A date as a title block prints it: ISO 8601 or with the month's name.
fn date(text: &str, p: &crate::profile::Profile) -> Option<String> {
    let t = text.trim();
    if crate::meta::is_iso_date(t) {
        return Some(t.to_string());
    }
    super::frontmatter::date(t, p).filter(|_| t.chars().count() <= 30)
}

/// Takes the title block off the top of the body into `meta`, when no title is known yet and
/// the first block is set in the largest type on its page and larger than the body.
/// The abstract under its heading at `body[at]`: the heading alone, its paragraph in the
/// next block (on the same page); or the paragraph under it. With how many blocks it takes.
fn abstract_under(
    body: &[RawBlock],
    at: usize,
    page: u32,
    report: &mut Report,
) -> Option<(Vec<SrcLine>, usize)> {
    let b = body.get(at)?;
    let line = b.lines.first()?;
    let (lines, n) = if b.lines.len() == 1 {
        body.get(at + 1)
            .filter(|n| n.lines.first().is_some_and(|l| l.page == page))
            .map(|n| (n.lines.clone(), 2))?
    } else {
        (b.lines[1..].to_vec(), 1)
    };
    let s = super::span_of(&lines);
    report.record(
        PASS,
        Action::Recognised,
        Some((line.no, s.last_line)),
        format!("abstract under the heading {:?}", line.text.trim()),
    );
    Some((lines, n))
}

/// The first block is the title: one to four lines of one size, at least a point larger than
/// the body and the largest type on its page. Returns its page.
fn title_at_top(first: &RawBlock, body: &[RawBlock], body_size: f32) -> Option<u32> {
    let sizes: Option<Vec<f32>> = first.lines.iter().map(size).collect();
    let sizes = sizes.filter(|s| !s.is_empty() && s.len() <= 4)?;
    let page = first.lines[0].page;
    let title_size = sizes.iter().copied().fold(f32::MAX, f32::min);
    let largest_on_page = body
        .iter()
        .flat_map(|b| &b.lines)
        .filter(|l| l.page == page)
        .filter_map(size)
        .fold(0.0f32, f32::max);
    let one_size = sizes.iter().all(|s| (s - title_size).abs() < 0.5);
    (one_size && title_size >= body_size + 1.0 && title_size >= largest_on_page - 0.5)
        .then_some(page)
}

/// A one-line block under the title: a date, a byline, or (centred, neither) a converter's
/// placeholder, which goes. False if it is none of them: the title block ends there.
fn meta_line(
    line: &SrcLine,
    measure: (f32, f32),
    p: &crate::profile::Profile,
    meta: &mut Metadata,
    report: &mut Report,
) -> bool {
    let text = line.text.trim();
    let at = Some((line.no, line.no));
    if let Some(d) = date(text, p) {
        report.record(PASS, Action::Recognised, at, format!("date {text:?}"));
        meta.date.get_or_insert(d);
    } else if super::frontmatter::is_name_line(text) {
        for name in super::frontmatter::names(text) {
            crate::meta::add_author(meta, &name);
            report.record(
                PASS,
                Action::Recognised,
                at,
                format!("byline author {name:?}"),
            );
        }
    } else if centred(line, measure) {
        // Set apart in the title block but not a name: a converter's placeholder (pandoc
        // prints a YAML `author: true` as `true`), never body text.
        report.record(
            PASS,
            Action::Removed,
            at,
            format!("title block line {text:?}: not a name, a date or a heading"),
        );
    } else {
        return false;
    }
    true
}

pub(crate) fn take(
    body: Vec<RawBlock>,
    p: &crate::profile::Profile,
    meta: &mut Metadata,
    report: &mut Report,
) -> TitleBlock {
    let no_block = |body| TitleBlock {
        body,
        abstract_lines: None,
    };
    // A title already found (a tagged `Title`, the lines above an issue line) means the
    // large type left at the top is a heading.
    if meta.title.is_some() {
        return no_block(body);
    }
    let Some(body_size) = super::body::body_font_size(&body) else {
        return no_block(body);
    };
    let Some(first) = body.first() else {
        return no_block(body);
    };
    let Some(page) = title_at_top(first, &body, body_size) else {
        return no_block(body);
    };
    let mut body = body;
    let title = body.remove(0);
    let t = super::frontmatter::joined(&title.lines);
    let span = title.span();
    report.record(
        PASS,
        Action::Recognised,
        Some((span.first_line, span.last_line)),
        format!("title {t:?} (the largest type on page {page})"),
    );
    meta.title = Some(t);
    let Some(measure) = measure(&body, body_size) else {
        return no_block(body);
    };
    let mut taken = 0;
    let mut abstract_lines = None;
    while taken < SEARCH_BLOCKS {
        let Some(b) = body
            .get(taken)
            .filter(|b| b.lines.first().is_some_and(|l| l.page == page))
        else {
            break;
        };
        let Some(line) = b.lines.first() else { break };
        let text = line.text.trim();
        if is_abstract_label(text) {
            if let Some((lines, n)) = abstract_under(&body, taken, page, report) {
                abstract_lines = Some(lines);
                taken += n;
            }
            break;
        }
        if b.lines.len() > 1 || text.chars().count() > MAX_META_CHARS {
            break;
        }
        if !meta_line(line, measure, p, meta, report) {
            break;
        }
        taken += 1;
    }
    body.drain(..taken.min(body.len()));
    TitleBlock {
        body,
        abstract_lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::Sep;
    use crate::read::LineStyle;

    fn l(no: u32, text: &str, x: f32, width: f32, size: f32) -> SrcLine {
        SrcLine {
            style: Some(LineStyle {
                x,
                width,
                size,
                ..Default::default()
            }),
            ..SrcLine::text(1, no, text)
        }
    }

    fn b(lines: Vec<SrcLine>) -> RawBlock {
        RawBlock {
            lines,
            before: Sep::Blank,
        }
    }

    fn body_para(no: u32) -> RawBlock {
        b((0..4)
            .map(|k| {
                l(
                    no + k,
                    "running text of the body set across the whole measure",
                    90.0,
                    430.0,
                    10.0,
                )
            })
            .collect())
    }

    #[test]
    fn title_byline_date_and_abstract_go_to_the_metadata() {
        let body = vec![
            b(vec![
                l(1, "A Title Set Large", 150.0, 300.0, 12.0),
                l(2, "Over Two Lines", 250.0, 100.0, 12.0),
            ]),
            b(vec![l(3, "Ann Author", 280.0, 50.0, 10.0)]),
            b(vec![l(4, "true", 295.0, 20.0, 10.0)]),
            b(vec![l(5, "2020-04-10", 280.0, 50.0, 10.0)]),
            b(vec![l(6, "ABSTRACT", 285.0, 40.0, 10.0)]),
            b(vec![
                l(7, "What the article says,", 120.0, 370.0, 10.0),
                l(8, "in brief.", 120.0, 100.0, 10.0),
            ]),
            body_para(9),
            body_para(13),
        ];
        let mut m = Metadata::default();
        let mut r = Report::default();
        let tb = take(body, &crate::profile::Profile::default(), &mut m, &mut r);
        assert_eq!(m.title.as_deref(), Some("A Title Set Large Over Two Lines"));
        assert_eq!(m.date.as_deref(), Some("2020-04-10"));
        let names: Vec<&str> = m.authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Ann Author"]);
        let abs: Vec<u32> = tb.abstract_lines.unwrap().iter().map(|l| l.no).collect();
        assert_eq!(abs, [7, 8]);
        assert_eq!(tb.body.len(), 2);
        assert_eq!(tb.body[0].lines[0].no, 9);
        assert!(r.changes.iter().any(|e| e.detail.contains("\"true\"")));
    }

    #[test]
    fn a_body_sized_start_or_plain_text_is_left_alone() {
        let body = vec![body_para(1), body_para(5)];
        let mut m = Metadata::default();
        assert_eq!(
            take(
                body,
                &crate::profile::Profile::default(),
                &mut m,
                &mut Report::default()
            )
            .body
            .len(),
            2
        );
        assert_eq!(m, Metadata::default());
        let body = vec![
            b(vec![SrcLine::text(1, 1, "A Title")]),
            b(vec![SrcLine::text(1, 2, "Text.")]),
        ];
        assert_eq!(
            take(
                body,
                &crate::profile::Profile::default(),
                &mut m,
                &mut Report::default()
            )
            .body
            .len(),
            2
        );
        assert_eq!(m, Metadata::default());
    }

    #[test]
    fn a_known_title_leaves_the_first_heading_alone() {
        let body = vec![b(vec![l(1, "Results", 90.0, 100.0, 14.0)]), body_para(2)];
        let mut m = Metadata {
            title: Some("Tagged Title".into()),
            ..Metadata::default()
        };
        assert_eq!(
            take(
                body,
                &crate::profile::Profile::default(),
                &mut m,
                &mut Report::default()
            )
            .body
            .len(),
            2
        );
        assert_eq!(m.title.as_deref(), Some("Tagged Title"));
    }

    #[test]
    fn a_heading_larger_than_the_title_means_no_title_block() {
        let body = vec![
            b(vec![l(1, "Small Top Line", 150.0, 300.0, 12.0)]),
            body_para(2),
            b(vec![l(6, "Big Heading", 90.0, 200.0, 16.0)]),
            body_para(7),
        ];
        let mut m = Metadata::default();
        assert_eq!(
            take(
                body,
                &crate::profile::Profile::default(),
                &mut m,
                &mut Report::default()
            )
            .body
            .len(),
            4
        );
        assert_eq!(m.title, None);
    }
}
