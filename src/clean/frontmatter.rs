//! Front matter printed above the article (print PDF and text made from it): the issue line
//! (`RE-GLOBALIZATION | Volume 13, Issue 22 | April 10, 2020`), the title above it, the byline
//! below it and `Published on JOURNAL (URL)`. Only acted on when the issue line is there.

use super::{RawBlock, SrcLine};
use crate::model::Metadata;
use crate::profile::Profile;
use crate::report::{Action, Report};

const PASS: &str = "frontmatter";

/// Blocks at the top of the body searched for the issue line.
const SEARCH_BLOCKS: usize = 6;

/// What an issue line says.
#[derive(Debug, Default, PartialEq)]
struct IssueLine {
    series: Option<String>,
    volume: Option<String>,
    issue: Option<String>,
    date: Option<String>,
}

fn number_after(text: &str, word: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let at = lower.find(word)? + word.len();
    let n: String = text
        .get(at..)?
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (!n.is_empty()).then_some(n)
}

/// `April 10, 2020` or `10 April 2020` → `2020-04-10`.
pub(crate) fn date(text: &str, p: &Profile) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let is_month = |w: &str| p.months.iter().position(|m| m.to_lowercase() == w);
    let month = words.iter().position(|w| is_month(w).is_some())?;
    let m = is_month(&words[month])? + 1;
    let num = |w: Option<&String>| w.filter(|w| w.bytes().all(|b| b.is_ascii_digit())).cloned();
    let (d, y) = match (
        num(words.get(month + 1)),
        num(words.get(month + 2)),
        month.checked_sub(1),
    ) {
        (Some(d), Some(y), _) if d.len() <= 2 && y.len() == 4 => (d, y),
        (Some(y), _, Some(b)) if y.len() == 4 => (num(words.get(b))?, y),
        _ => return None,
    };
    let d: u32 = d.parse().ok().filter(|d| (1..=31).contains(d))?;
    Some(format!("{y}-{m:02}-{d:02}"))
}

fn issue_line(text: &str, p: &Profile) -> Option<IssueLine> {
    let lower = text.to_lowercase();
    let has = |words: &[String], t: &str| {
        words
            .iter()
            .any(|w| !w.is_empty() && t.contains(&w.to_lowercase()))
    };
    if !has(&p.volume_words, &lower) || !has(&p.issue_words, &lower) {
        return None;
    }
    let mut out = IssueLine::default();
    for field in text
        .split(|c: char| p.issue_separators.contains(c))
        .map(str::trim)
        .filter(|f| !f.is_empty())
    {
        let l = field.to_lowercase();
        if has(&p.volume_words, &l) || has(&p.issue_words, &l) {
            let after = |words: &[String]| {
                words
                    .iter()
                    .find_map(|w| number_after(field, &w.to_lowercase()))
            };
            out.volume = after(&p.volume_words);
            out.issue = after(&p.issue_words);
        } else if let Some(d) = date(field, p) {
            out.date = Some(d);
        } else if !field.chars().any(|c| c.is_ascii_digit()) {
            out.series = Some(field.to_string());
        }
    }
    (out.volume.is_some() || out.issue.is_some()).then_some(out)
}

/// `RE-GLOBALIZATION` (capitals from the style sheet) → `Re-Globalization`.
fn title_case(s: &str) -> String {
    let mut out = String::new();
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    out
}

/// The names of a byline: split at commas, `&` and ` and `.
pub(crate) fn names(text: &str) -> Vec<String> {
    text.split([',', '&'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

pub(crate) fn is_name_line(text: &str) -> bool {
    let names = names(text);
    let mut any = false;
    for n in names {
        let words: Vec<&str> = n.split_whitespace().collect();
        if !(2..=4).contains(&words.len())
            || !words.iter().all(|w| w.starts_with(char::is_uppercase))
        {
            return false;
        }
        if n.chars().any(|c| c.is_ascii_digit() || c == ':') {
            return false;
        }
        any = true;
    }
    any
}

pub(crate) fn joined(lines: &[SrcLine]) -> String {
    let mut out = String::new();
    for l in lines {
        join_display_line(&mut out, l.text.trim());
    }
    out
}

/// A title broken by the typesetter's hyphenation (`do-` / `mains`) is mended when the
/// article's text has the word whole (`domains`) and never with that hyphen.
fn unhyphenate_title(mut title: String, lines: &[SrcLine], text: &[RawBlock]) -> String {
    let words = |w: &str| {
        let w = w.to_lowercase();
        text.iter()
            .flat_map(|b| &b.lines)
            .flat_map(|l| l.text.split(|c: char| !c.is_alphanumeric() && c != '-'))
            .any(|x| x.to_lowercase() == w)
    };
    for pair in lines.windows(2) {
        let (a, b) = (pair[0].text.trim(), pair[1].text.trim());
        let Some(head) = a.strip_suffix('-') else {
            continue;
        };
        let left = head.rsplit(' ').next().unwrap_or(head);
        let right: String = b
            .split(' ')
            .next()
            .unwrap_or(b)
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        if left.is_empty() || right.is_empty() {
            continue;
        }
        let whole = format!("{left}{right}");
        let broken = format!("{left}-{right}");
        if words(&whole) && !words(&broken) {
            title = title.replacen(&broken, &whole, 1);
        }
    }
    title
}

/// Appends a line of a title (or other display text) to what came before: a space, except
/// after a hyphen that ends a word, which a title keeps (`reticulum-` / `stress`).
pub(crate) fn join_display_line(out: &mut String, line: &str) {
    let mut before = out.chars().rev();
    let hyphen = matches!(before.next(), Some('-' | '\u{2010}'))
        && before.next().is_some_and(char::is_alphanumeric);
    if !out.is_empty() && !line.is_empty() && !hyphen {
        out.push(' ');
    }
    out.push_str(line);
}

/// Takes the front matter off the top of the body into `meta`.
/// What the issue line says goes to the metadata (what the user supplied wins).
fn issue_facts(info: IssueLine, no: u32, meta: &mut Metadata, report: &mut Report) {
    if let Some(s) = &info.series {
        let s2 = if s.chars().any(char::is_lowercase) {
            s.clone()
        } else {
            title_case(s)
        };
        if &s2 != s {
            report.record(
                PASS,
                Action::Recognised,
                Some((no, no)),
                format!("series {s:?} printed in capitals, kept as {s2:?}"),
            );
        }
        meta.series.get_or_insert(s2);
    }
    if let Some(v) = info.volume {
        meta.volume.get_or_insert(v);
    }
    if let Some(i) = info.issue {
        meta.issue.get_or_insert(i);
    }
    if let Some(d) = info.date {
        meta.date.get_or_insert(d);
    }
}

/// The lines above the title: the `Published on JOURNAL (URL)` line names the journal; the
/// rest is front matter, removed.
fn above_title(blocks: &[RawBlock], p: &Profile, meta: &mut Metadata, report: &mut Report) {
    for l in blocks.iter().flat_map(|b| &b.lines) {
        let t = l.text.trim();
        if let Some(rest) = published_on(t, p) {
            let journal = rest.split(" (").next().unwrap_or(rest).trim();
            meta.journal.get_or_insert(journal.to_string());
            report.record(
                PASS,
                Action::Recognised,
                Some((l.no, l.no)),
                format!("journal {journal:?}"),
            );
        } else {
            report.record(
                PASS,
                Action::Removed,
                Some((l.no, l.no)),
                format!("front matter {t:?}"),
            );
        }
    }
}

/// A block of one or two lines of names after the issue line is the byline: its authors
/// join the metadata. True if it was one.
fn byline(first: &RawBlock, meta: &mut Metadata, report: &mut Report) -> bool {
    if first.lines.len() > 2 || !first.lines.iter().all(|l| is_name_line(&l.text)) {
        return false;
    }
    for l in &first.lines {
        for name in names(&l.text) {
            crate::meta::add_author(meta, &name);
            report.record(
                PASS,
                Action::Recognised,
                Some((l.no, l.no)),
                format!("byline author {name:?}"),
            );
        }
    }
    true
}

/// `Published on JOURNAL (URL)` (the profile's words) → `JOURNAL (URL)`.
fn published_on<'a>(line: &'a str, p: &Profile) -> Option<&'a str> {
    let cue = p.published_on.trim_start();
    if cue.is_empty() {
        return None;
    }
    line.trim_start().strip_prefix(cue)
}

pub(crate) fn take(
    mut body: Vec<RawBlock>,
    p: &Profile,
    meta: &mut Metadata,
    report: &mut Report,
) -> Vec<RawBlock> {
    let found = body
        .iter()
        .take(SEARCH_BLOCKS)
        .enumerate()
        .find_map(|(bi, b)| {
            b.lines
                .iter()
                .position(|l| issue_line(&l.text, p).is_some())
                .map(|li| (bi, li))
        });
    let Some((bi, li)) = found else { return body };
    let line = body[bi].lines[li].clone();
    let Some(info) = issue_line(&line.text, p) else {
        return body;
    };
    report.record(
        PASS,
        Action::Recognised,
        Some((line.no, line.no)),
        format!("issue line {:?}", line.text.trim()),
    );
    issue_facts(info, line.no, meta, report);
    // The title: the lines above the issue line (in its block, or the block before).
    let mut title_lines: Vec<SrcLine> = body[bi].lines[..li].to_vec();
    let mut drop_before = bi;
    // (Not the `Published on` line: a furniture pass that knew the title took it already.)
    let published = |b: &RawBlock| b.lines.iter().any(|l| published_on(&l.text, p).is_some());
    if title_lines.is_empty() && bi > 0 && !published(&body[bi - 1]) {
        title_lines = body[bi - 1].lines.clone();
        drop_before = bi - 1;
    }
    let after: Vec<SrcLine> = body[bi].lines[li + 1..].to_vec();
    // `Published on JOURNAL (URL)` above the title names the journal.
    above_title(&body[..drop_before], p, meta, report);
    if !title_lines.is_empty() {
        let t = unhyphenate_title(joined(&title_lines), &title_lines, &body[bi..]);
        let (a, b) = (title_lines[0].no, title_lines[title_lines.len() - 1].no);
        if meta.title.is_none() {
            meta.title = Some(t.clone());
        }
        report.record(
            PASS,
            Action::Recognised,
            Some((a, b)),
            format!("title {t:?}"),
        );
    }
    let mut rest: Vec<RawBlock> = Vec::new();
    if !after.is_empty() {
        rest.push(RawBlock {
            lines: after,
            before: super::Sep::Start,
        });
    }
    rest.extend(body.drain(bi + 1..));
    // The byline: a block of names right after the issue line.
    if rest.first().is_some_and(|b| byline(b, meta, report)) {
        rest.remove(0);
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn take_default(
        body: Vec<RawBlock>,
        meta: &mut Metadata,
        report: &mut Report,
    ) -> Vec<RawBlock> {
        take(body, &Profile::default(), meta, report)
    }
    use crate::clean::Sep;

    #[test]
    fn title_lines_keep_a_hyphen_at_a_break() {
        let lines: Vec<SrcLine> = [
            "Specificity in reticulum-",
            "stress signaling, a step-",
            "wise engagement -",
            "of HAC1",
        ]
        .iter()
        .enumerate()
        .map(|(k, t)| SrcLine::text(1, k as u32 + 1, t))
        .collect();
        assert_eq!(
            joined(&lines),
            "Specificity in reticulum-stress signaling, a step-wise engagement - of HAC1"
        );
    }

    fn b(lines: &[&str], first: u32) -> RawBlock {
        RawBlock {
            lines: lines
                .iter()
                .enumerate()
                .map(|(i, t)| SrcLine::text(1, first + i as u32, t))
                .collect(),
            before: Sep::Blank,
        }
    }

    #[test]
    fn print_view_front_matter() {
        let body = vec![
            b(
                &["Published on Global-e Journal (https://globalejournal.org)"],
                1,
            ),
            b(
                &[
                    "Multipolar Maneuvers: Sino-Russian",
                    "Collaboration and Competition",
                    "RE-GLOBALIZATION | Volume 13, Issue 22 | April 10, 2020",
                ],
                3,
            ),
            b(&["Pavel Raus"], 7),
            b(&["Xi Jinping and Vladimir Putin agree."], 9),
        ];
        let mut m = Metadata::default();
        let rest = take_default(body, &mut m, &mut Report::default());
        assert_eq!(
            m.title.as_deref(),
            Some("Multipolar Maneuvers: Sino-Russian Collaboration and Competition")
        );
        assert_eq!(m.series.as_deref(), Some("Re-Globalization"));
        assert_eq!(
            (m.volume.as_deref(), m.issue.as_deref()),
            (Some("13"), Some("22"))
        );
        assert_eq!(m.date.as_deref(), Some("2020-04-10"));
        assert_eq!(m.journal.as_deref(), Some("Global-e Journal"));
        assert_eq!(m.authors[0].surname.as_deref(), Some("Raus"));
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].lines[0].no, 9);
    }

    #[test]
    fn nothing_without_an_issue_line() {
        let body = vec![
            b(&["A Title"], 1),
            b(&["Text of the volume and its issue."], 2),
        ];
        let mut m = Metadata::default();
        assert_eq!(take_default(body, &mut m, &mut Report::default()).len(), 2);
        assert_eq!(m, Metadata::default());
        assert_eq!(
            date("10 April 2020", &Profile::default()).as_deref(),
            Some("2020-04-10")
        );
        assert_eq!(date("April 2020", &Profile::default()), None);
    }
}
