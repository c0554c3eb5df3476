//! Running heads and feet found by repetition: a line whose text (page numbers masked)
//! comes back at the same height in the top or bottom margin of at least half the pages is
//! page furniture, however many lines it takes and in whatever order it was drawn; so are
//! folios (`7`, `Page 7 of 9`, `7 / 9`) and a producer's credit line (`Powered by ...`)
//! in those margins. They become `Role::Artifact`, as a tagged PDF marks them.

use crate::read::{Page, Role};
use std::collections::{HashMap, HashSet};

/// The share of the page height, from the top and from the bottom, where furniture sits.
const MARGIN: f32 = 0.16;

/// Marks the furniture lines of all pages.
pub fn mark(pages: &mut [Page]) {
    let keyed: Vec<Vec<Option<(String, i32)>>> = pages
        .iter()
        .map(|p| p.lines.iter().map(|l| key(p, l)).collect())
        .collect();
    let mut seen: HashMap<&(String, i32), HashSet<usize>> = HashMap::new();
    for (pi, keys) in keyed.iter().enumerate() {
        for k in keys.iter().flatten() {
            seen.entry(k).or_default().insert(pi);
        }
    }
    let need = pages.len().div_ceil(2).max(2);
    let repeats: HashSet<(String, i32)> = seen
        .into_iter()
        .filter(|(_, p)| p.len() >= need)
        .map(|(k, _)| k.clone())
        .collect();
    for (page, keys) in pages.iter_mut().zip(&keyed) {
        // What shares a folio's baseline in the margin is the rest of the running foot,
        // even on a one-page article where nothing can repeat.
        let folio_rows: Vec<i32> = keys
            .iter()
            .flatten()
            .filter(|k| is_folio(&k.0))
            .map(|k| k.1)
            .collect();
        for (line, k) in page.lines.iter_mut().zip(keys) {
            let Some(k) = k else { continue };
            let beside_folio = folio_rows.iter().any(|r| (r - k.1).abs() <= 1);
            if repeats.contains(k) || is_folio(&k.0) || is_credit(&k.0) || beside_folio {
                if let Some(s) = line.style.as_mut() {
                    s.role = Some(Role::Artifact);
                }
            }
        }
    }
}

/// The line's text shape and height band, when it sits in a page margin.
fn key(page: &Page, line: &crate::read::Line) -> Option<(String, i32)> {
    let s = line.style.as_ref()?;
    let h = page.height.filter(|h| *h > 0.0)?;
    if line.is_blank() || (s.y > MARGIN * h && s.y < (1.0 - MARGIN) * h) {
        return None;
    }
    Some((shape(&line.text), (s.y / 3.0).round() as i32))
}

/// Text with runs of digits as `#`, spaces collapsed, lower case.
fn shape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        let c = if c.is_ascii_digit() { '#' } else { c };
        if (c == '#' && out.ends_with('#')) || (c.is_whitespace() && out.ends_with(' ')) {
            continue;
        }
        out.extend(if c.is_whitespace() { ' ' } else { c }.to_lowercase());
    }
    out
}

fn is_folio(shape: &str) -> bool {
    let s = shape.trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c.is_whitespace());
    matches!(
        s,
        "#" | "page #" | "p. #" | "page # of #" | "# of #" | "#/#" | "# / #" | "page #/#"
    )
}

/// `Powered by X (site)`: the credit line some PDF libraries print on the last page.
fn is_credit(shape: &str) -> bool {
    shape
        .strip_prefix("powered by ")
        .is_some_and(|rest| rest.split_whitespace().count() <= 3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Line, LineStyle};

    fn line(text: &str, y: f32) -> Line {
        Line {
            no: 0,
            text: text.into(),
            style: Some(LineStyle {
                y,
                size: 9.0,
                ..Default::default()
            }),
            marks: Vec::new(),
        }
    }

    fn page(n: u32, lines: Vec<Line>) -> Page {
        Page {
            number: n,
            lines,
            links: Vec::new(),
            height: Some(792.0),
        }
    }

    fn artifacts(p: &Page) -> Vec<&str> {
        p.lines
            .iter()
            .filter(|l| l.style.as_ref().and_then(|s| s.role) == Some(Role::Artifact))
            .map(|l| l.text.as_str())
            .collect()
    }

    #[test]
    fn a_four_line_head_and_folios_repeat() {
        let mut pages: Vec<Page> = (1..=3)
            .map(|n| {
                page(
                    n,
                    vec![
                        line("Global-e", 29.0),
                        line("Journal", 39.0),
                        line("A long title that wraps", 29.0),
                        line("over two lines", 39.0),
                        line(
                            &format!("Body text different on page {n}"),
                            300.0 + n as f32,
                        ),
                        line("Body text at the same place in the middle", 400.0),
                        line(&format!("Page {n} of 3"), 764.0),
                    ],
                )
            })
            .collect();
        pages[2]
            .lines
            .push(line("Powered by TCPDF (www.tcpdf.org)", 780.0));
        mark(&mut pages);
        assert_eq!(
            artifacts(&pages[0]),
            [
                "Global-e",
                "Journal",
                "A long title that wraps",
                "over two lines",
                "Page 1 of 3"
            ]
        );
        assert_eq!(
            artifacts(&pages[2]).last(),
            Some(&"Powered by TCPDF (www.tcpdf.org)")
        );
    }

    #[test]
    fn a_one_page_article_keeps_its_top_lines_but_not_its_folio() {
        let mut pages = vec![page(
            1,
            vec![
                line("GLOBAL-E JOURNAL", 70.0),
                line("https://j.org/node/1", 770.5),
                line("1 / 1", 770.0),
            ],
        )];
        mark(&mut pages);
        assert_eq!(artifacts(&pages[0]), ["https://j.org/node/1", "1 / 1"]);
    }
}
