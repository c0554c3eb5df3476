//! Page furniture: what the page (not the author) added — the per-page URI dumps, lone
//! no-break-space spacer lines, stray leading spaces, web-page furniture (`View PDF`), running
//! headers and footers and page numbers (lines repeating in the top or bottom band of pages).

use super::{Dumped, LineKind, SrcLine};
use crate::model::{Identifier, Metadata};
use crate::profile::Profile;
use crate::read::{Export, Page, Role};
use crate::report::{Action, Report};
use std::collections::{BTreeMap, BTreeSet};

const PASS: &str = "furniture";

/// Lines examined at the top and at the bottom of each page for running heads and folios.
const BAND: usize = 3;

/// The lines that remain, and the dumped link targets.
pub(crate) struct Stripped {
    pub lines: Vec<SrcLine>,
    pub dumps: Vec<Dumped>,
}

/// Removes page furniture, recording each removal; `View PDF`'s link becomes `meta.self_uri`.
pub(crate) fn strip(
    export: &Export,
    profile: &Profile,
    meta: &mut Metadata,
    report: &mut Report,
) -> Stripped {
    let mut dumps = dumps_of(export, report);
    let running = running_lines(&export.pages);
    let mut running_uri: Option<(String, u32)> = None;
    let mut lines = Vec::new();
    for (pi, page) in export.pages.iter().enumerate() {
        if pi > 0 {
            let no = page.lines.first().map_or(0, |l| l.no);
            let mut brk = SrcLine::blank(page.number, no);
            brk.kind = LineKind::PageBreak;
            lines.push(brk);
        }
        for (li, line) in page.lines.iter().enumerate() {
            if let Some(why) = running.get(&(pi, li)) {
                running_line(
                    line,
                    why,
                    page.number,
                    (&mut dumps, &mut running_uri),
                    report,
                );
                continue;
            }
            if tagged_away(line, meta, report) {
                continue;
            }
            let mut src = SrcLine {
                page: page.number,
                no: line.no,
                text: line.text.clone(),
                marks: line.marks.clone(),
                style: line.style.clone(),
                kind: LineKind::Text,
            };
            if line.is_blank() {
                lines.push(blank(src, report));
                continue;
            }
            if is_web_furniture(&line.text, profile)
                && is_alone(page, li, &|i| running.contains_key(&(pi, i)))
            {
                web_furniture(
                    &line.text,
                    (line.no, page.number),
                    &mut dumps,
                    profile,
                    meta,
                    report,
                );
                continue;
            }
            strip_leading_space(&mut src, report);
            src.text.truncate(src.text.trim_end().len());
            src.marks
                .retain(|m| m.start < m.end && m.end <= src.text.len());
            lines.push(src);
        }
    }
    // A URL printed on every page (the print view's footer) is the article's address.
    if let (None, Some((uri, no))) = (&meta.self_uri, running_uri) {
        report.record(
            PASS,
            Action::Recognised,
            Some((no, no)),
            format!("self URI {uri} (printed on every page)"),
        );
        meta.self_uri = Some(uri);
    }
    Stripped { lines, dumps }
}

fn record_dump(page: &Page, report: &mut Report) {
    let mut i = 0;
    while i < page.links.len() {
        let first = page.links[i].line;
        if first == 0 {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < page.links.len() && page.links[j].line == page.links[j - 1].line.saturating_add(1)
        {
            j += 1;
        }
        let last = page.links[j - 1].line;
        report.record(
            PASS,
            Action::Removed,
            Some((first, last)),
            format!(
                "URI dump at the end of page {} ({} link rectangles)",
                page.number,
                j - i
            ),
        );
        i = j;
    }
}

/// The line stands alone (blank or the page edge before and after it), or it is the page's
/// last text line (text made from a PDF has no blank lines around it).
/// Every page's dumped link targets, each dump recorded as removed.
fn dumps_of(export: &Export, report: &mut Report) -> Vec<Dumped> {
    let mut dumps = Vec::new();
    for page in &export.pages {
        record_dump(page, report);
        dumps.extend(page.links.iter().map(|l| Dumped {
            uri: l.uri.clone(),
            page: page.number,
            line: l.line,
            used: false,
        }));
    }
    dumps
}

/// An empty line: a blank, or the export's spacer (a lone no-break space), which is reported.
fn blank(mut src: SrcLine, report: &mut Report) -> SrcLine {
    if src.text.contains('\u{a0}') {
        src.kind = LineKind::Spacer;
        report.record(
            PASS,
            Action::Removed,
            Some((src.no, src.no)),
            "spacer line (a lone no-break space)",
        );
    } else {
        src.kind = LineKind::Blank;
    }
    src.text.clear();
    src.marks.clear();
    src
}

/// Records a running head or footer (or folio) as removed; a URL printed in the footer is
/// remembered as the article's address and accounts for the link on it.
fn running_line(
    line: &crate::read::Line,
    why: &str,
    page: u32,
    (dumps, running_uri): (&mut [Dumped], &mut Option<(String, u32)>),
    report: &mut Report,
) {
    if why.starts_with("running") && crate::read::text::is_uri_line(line.text.trim()) {
        let uri = line.text.trim();
        running_uri.get_or_insert_with(|| (uri.to_string(), line.no));
        // A PDF links the printed footer URL; that link is accounted for here.
        for d in dumps
            .iter_mut()
            .filter(|d| !d.used && d.page == page && d.uri == uri)
        {
            d.used = true;
            report.record(
                PASS,
                Action::Attached,
                Some((line.no, line.no)),
                format!("{uri} -> the running footer that prints it"),
            );
        }
    }
    report.record(
        PASS,
        Action::Removed,
        Some((line.no, line.no)),
        format!("{why}: {:?}", line.text.trim()),
    );
}

/// A line the PDF's structure tags as the title (it goes to the metadata) or as an artifact
/// (it goes): true if it left the text.
fn tagged_away(line: &crate::read::Line, meta: &mut Metadata, report: &mut Report) -> bool {
    let role = line.style.as_ref().and_then(|s| s.role);
    if role == Some(Role::Title) && !line.is_blank() {
        let t = line.text.trim();
        let title = meta.title.get_or_insert_with(String::new);
        super::frontmatter::join_display_line(title, t);
        report.record(
            PASS,
            Action::Recognised,
            Some((line.no, line.no)),
            format!("title line {t:?} (tagged Title)"),
        );
        return true;
    }
    if role == Some(Role::Artifact) {
        report.record(
            PASS,
            Action::Removed,
            Some((line.no, line.no)),
            format!("artifact: {:?}", line.text.trim()),
        );
        return true;
    }
    false
}

fn is_alone(page: &Page, li: usize, running: &dyn Fn(usize) -> bool) -> bool {
    let blank = |i: Option<usize>| {
        i.and_then(|i| page.lines.get(i))
            .is_none_or(|l| l.is_blank())
    };
    let pdf_button = page
        .lines
        .get(li)
        .is_some_and(|l| l.text.to_lowercase().contains("pdf"));
    if pdf_button && (blank(li.checked_sub(1)) || blank(li.checked_add(1))) {
        return true;
    }
    let last = (0..page.lines.len())
        .rev()
        .find(|&i| !page.lines[i].is_blank() && !running(i))
        == Some(li);
    last || (blank(li.checked_sub(1)) && blank(li.checked_add(1)))
}

/// Web-page furniture printed with the article (the profile's words): link buttons, not text.
fn is_web_furniture(text: &str, profile: &Profile) -> bool {
    let t = text.trim().trim_end_matches(['»', '›', '>']);
    Profile::is_one_of(&profile.web_furniture, t)
}

/// Records a web-furniture line; a PDF button's link target is the article's print address.
fn web_furniture(
    text: &str,
    (no, page): (u32, u32),
    dumps: &mut [Dumped],
    profile: &Profile,
    meta: &mut Metadata,
    report: &mut Report,
) {
    report.record(
        PASS,
        Action::Removed,
        Some((no, no)),
        format!("web-page furniture {:?}", text.trim()),
    );
    if !text.to_lowercase().contains("pdf") {
        return;
    }
    let is_pdf = |d: &Dumped| !d.used && d.uri.to_lowercase().contains("pdf");
    let pick = dumps
        .iter()
        .rposition(|d| d.page == page && is_pdf(d))
        .or_else(|| dumps.iter().rposition(is_pdf));
    let Some(d) = pick.and_then(|i| dumps.get_mut(i)) else {
        return;
    };
    d.used = true;
    report.record(
        PASS,
        Action::Attached,
        Some((d.line, d.line)),
        format!("{} -> self URI (the link of {:?})", d.uri, text.trim()),
    );
    if meta.self_uri.is_none() {
        meta.self_uri = Some(d.uri.clone());
    }
    if let Some((page_uri, node)) = node_page(&d.uri, profile) {
        report.record(
            PASS,
            Action::Recognised,
            Some((d.line, d.line)),
            format!("node {node}, web page {page_uri}"),
        );
        meta.identifiers.push(Identifier {
            scheme: "node".into(),
            value: node,
        });
        meta.identifiers.push(Identifier {
            scheme: "uri".into(),
            value: page_uri,
        });
    }
}

/// `https://host/print/pdf/node/2960` → (`https://host/node/2960`, `2960`): the print view of
/// an article names the article's own page (the profile's segment and print prefixes).
pub(crate) fn node_page(uri: &str, profile: &Profile) -> Option<(String, String)> {
    let seg = profile.node_segment.as_str();
    if seg.is_empty() {
        return None;
    }
    let (head, node) = uri.trim_end_matches('/').rsplit_once(seg)?;
    if node.is_empty() || !node.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let site = profile
        .print_prefixes
        .iter()
        .find_map(|p| head.strip_suffix(p.as_str()))?;
    Some((format!("{site}{seg}{node}"), node.to_string()))
}

fn strip_leading_space(line: &mut SrcLine, report: &mut Report) {
    let trimmed = line.text.trim_start();
    let cut = line.text.len() - trimmed.len();
    if cut == 0 {
        return;
    }
    line.text.drain(..cut);
    for m in &mut line.marks {
        m.start = m.start.saturating_sub(cut);
        m.end = m.end.saturating_sub(cut);
    }
    report.record(
        PASS,
        Action::Removed,
        Some((line.no, line.no)),
        "stray leading space",
    );
}

/// A line's shape with digits folded, so `Page 2 of 5` and `Page 3 of 5` compare equal.
fn shape(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        let c = if c.is_ascii_digit() { '#' } else { c };
        if (c == '#' && out.ends_with('#')) || (c.is_whitespace() && out.ends_with(' ')) {
            continue;
        }
        out.push(if c.is_whitespace() { ' ' } else { c });
    }
    out.to_lowercase()
}

fn is_folio(shape: &str) -> bool {
    let s = shape.trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c.is_whitespace());
    matches!(
        s,
        "#" | "page #" | "p. #" | "page # of #" | "# of #" | "#/#" | "# / #"
    )
}

/// Lines in the top or bottom band of the pages that repeat (digits folded) on at least half
/// of the pages, and page numbers: (page index, line index) → why.
fn running_lines(pages: &[Page]) -> BTreeMap<(usize, usize), &'static str> {
    let mut bands: Vec<Vec<(usize, bool)>> = Vec::new();
    let mut seen: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (pi, page) in pages.iter().enumerate() {
        let text: Vec<usize> = (0..page.lines.len())
            .filter(|&i| !page.lines[i].is_blank())
            .collect();
        let mut band: Vec<(usize, bool)> = text.iter().take(BAND).map(|&i| (i, true)).collect();
        for &i in text.iter().rev().take(BAND) {
            if !band.iter().any(|(j, _)| *j == i) {
                band.push((i, false));
            }
        }
        for &(i, _) in &band {
            seen.entry(shape(&page.lines[i].text))
                .or_default()
                .insert(pi);
        }
        bands.push(band);
    }
    let need = pages.len().div_ceil(2).max(2);
    let mut out = BTreeMap::new();
    for (pi, band) in bands.iter().enumerate() {
        for &(li, top) in band {
            let s = shape(&pages[pi].lines[li].text);
            let repeats = seen.get(&s).map_or(0, BTreeSet::len) >= need;
            let why = if is_folio(&s) && (repeats || s.contains("of")) {
                "page number"
            } else if repeats && pages.len() >= 2 {
                if top {
                    "running header"
                } else {
                    "running footer"
                }
            } else {
                continue;
            };
            out.insert((pi, li), why);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::text;

    fn texts(s: &Stripped) -> Vec<&str> {
        s.lines
            .iter()
            .filter(|l| l.kind == LineKind::Text)
            .map(|l| l.text.as_str())
            .collect()
    }

    #[test]
    fn removes_spacers_leading_spaces_and_view_pdf_and_keeps_its_link() {
        let e = text::read(
            "A line\n\u{a0}\n line two\n\nView PDF\n\nhttps://j.org/print/pdf/node/7\n\n",
        );
        let (mut m, mut r) = (Metadata::default(), Report::default());
        let s = strip(&e, &Profile::default(), &mut m, &mut r);
        assert_eq!(texts(&s), ["A line", "line two"]);
        assert_eq!(s.lines[1].kind, LineKind::Spacer);
        assert_eq!(
            m.self_uri.as_deref(),
            Some("https://j.org/print/pdf/node/7")
        );
        assert!(m
            .identifiers
            .iter()
            .any(|i| i.scheme == "uri" && i.value == "https://j.org/node/7"));
        assert!(s.dumps[0].used);
        assert!(r.to_string().contains("stray leading space"));
        assert!(r.to_string().contains("URI dump"));
    }

    #[test]
    fn view_pdf_inside_a_sentence_is_text() {
        let e = text::read("Please\nView PDF\nnow.\n");
        let s = strip(
            &e,
            &Profile::default(),
            &mut Metadata::default(),
            &mut Report::default(),
        );
        assert_eq!(texts(&s), ["Please", "View PDF", "now."]);
    }

    #[test]
    fn running_heads_and_page_numbers_go() {
        let mut t = String::new();
        let words = ["alpha", "beta", "gamma", "delta"];
        for (p, w) in words.iter().enumerate() {
            let p = p + 1;
            t.push_str(&format!(
                "Global-e Journal\nA Title Here\nBody {w} starts here.\nMore of {w}.\nhttps://j.org/node/1\nPage {p} of 4\n\u{c}"
            ));
        }
        let e = text::read(&t);
        let (mut m, mut r) = (Metadata::default(), Report::default());
        let s = strip(&e, &Profile::default(), &mut m, &mut r);
        let kept = texts(&s);
        assert_eq!(kept.len(), 8, "{kept:?}");
        assert!(kept
            .iter()
            .all(|l| l.starts_with("Body") || l.starts_with("More")));
        assert_eq!(
            r.of(Action::Removed)
                .filter(|c| c.detail.starts_with("page number"))
                .count(),
            4
        );
    }

    #[test]
    fn bare_folios_and_a_single_page_without_repeats() {
        let e = text::read("Intro line\nText\n1\n\u{c}Other\nText two\n2\n\u{c}");
        let s = strip(
            &e,
            &Profile::default(),
            &mut Metadata::default(),
            &mut Report::default(),
        );
        assert_eq!(texts(&s), ["Intro line", "Text", "Other", "Text two"]);
        let one = text::read("Only page\nText\n");
        let s = strip(
            &one,
            &Profile::default(),
            &mut Metadata::default(),
            &mut Report::default(),
        );
        assert_eq!(texts(&s).len(), 2);
    }

    #[test]
    fn node_page_from_print_url() {
        assert_eq!(
            node_page("https://a.org/print/pdf/node/12", &Profile::default()),
            Some(("https://a.org/node/12".into(), "12".into()))
        );
        assert_eq!(
            node_page("https://a.org/node/12", &Profile::default()),
            None
        );
        assert_eq!(
            node_page("https://a.org/print/pdf/node/x", &Profile::default()),
            None
        );
    }
}
