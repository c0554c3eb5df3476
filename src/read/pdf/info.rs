//! Document metadata: the Info dictionary (ISO 32000-1 §14.3.3) with XMP `dc:` fallbacks,
//! and the first page's title block (largest type at the top: title, byline, and a
//! `SERIES | Volume N, Issue N | DATE` line), read from position and type size.

use super::obj;
use crate::read::{ExportInfo, Line, Page, Role};
use lopdf::{Document, Object};

use crate::profile::ENGLISH_MONTHS as MONTHS;

/// Reads the Info dictionary, XMP and the title block.
pub fn read(doc: &Document, pages: &[Page], tagged: bool) -> ExportInfo {
    let mut info = ExportInfo {
        tagged,
        ..Default::default()
    };
    if let Some(d) = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| obj::as_dict(doc, o))
    {
        let s = |k: &[u8]| {
            obj::get(doc, d, k)
                .and_then(|o| obj::text_string(doc, o))
                .filter(|s| !s.trim().is_empty())
        };
        info.title = s(b"Title");
        info.author = s(b"Author");
        info.subject = s(b"Subject");
        info.keywords = s(b"Keywords");
        info.created = s(b"CreationDate").map(|d| pdf_date(&d));
        info.producer = s(b"Producer");
        info.creator = s(b"Creator");
    }
    if let Some(xmp) = xmp(doc) {
        info.title = info.title.or_else(|| xmp_field(&xmp, "dc:title"));
        info.author = info.author.or_else(|| xmp_field(&xmp, "dc:creator"));
        info.subject = info.subject.or_else(|| xmp_field(&xmp, "dc:description"));
    }
    if let Some(first) = pages.first() {
        title_block(&first.lines, &mut info);
    }
    info
}

/// `D:YYYYMMDDHHmmSS...` as ISO 8601 (date, and time when given); other text unchanged.
pub fn pdf_date(s: &str) -> String {
    let d = s.trim().trim_start_matches("D:");
    let digits: String = d.chars().take_while(char::is_ascii_digit).collect();
    match digits.len() {
        n if n >= 14 => format!(
            "{}-{}-{}T{}:{}:{}",
            &digits[0..4],
            &digits[4..6],
            &digits[6..8],
            &digits[8..10],
            &digits[10..12],
            &digits[12..14]
        ),
        n if n >= 8 => format!("{}-{}-{}", &digits[0..4], &digits[4..6], &digits[6..8]),
        4 => digits,
        _ => s.to_owned(),
    }
}

fn xmp(doc: &Document) -> Option<String> {
    let catalog = doc.catalog().ok()?;
    let Object::Stream(s) = obj::get(doc, catalog, b"Metadata")? else {
        return None;
    };
    let bytes = s.get_plain_content_with_limit(4 << 20).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// The first `rdf:li` (or plain text) inside an XMP element, entities decoded.
fn xmp_field(xmp: &str, tag: &str) -> Option<String> {
    let start = xmp.find(&format!("<{tag}"))?;
    let rest = &xmp[start..];
    let end = rest.find(&format!("</{tag}>"))?;
    let inner = &rest[..end];
    let inner = &inner[inner.find('>')? + 1..];
    let text = match inner.find("<rdf:li") {
        Some(li) => {
            let li = &inner[li..];
            let open = li.find('>')? + 1;
            let close = li.find("</rdf:li>")?;
            li.get(open..close)?
        }
        None => inner,
    };
    let t = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    let t = t.trim();
    (!t.is_empty() && !t.contains('<')).then(|| t.to_owned())
}

/// Finds the title block on page 1: its lines, title (largest type), meta line and bylines.
fn title_block(lines: &[Line], info: &mut ExportInfo) {
    let body: Vec<&Line> = lines
        .iter()
        .filter(|l| !l.is_blank())
        .filter(|l| {
            l.style
                .as_ref()
                .is_some_and(|s| s.role != Some(Role::Artifact))
        })
        .collect();
    let Some(max_size) = body
        .iter()
        .filter_map(|l| l.style.as_ref().map(|s| s.size))
        .reduce(f32::max)
    else {
        return;
    };
    let Some(title_at) = body
        .iter()
        .position(|l| l.style.as_ref().is_some_and(|s| s.size >= max_size - 0.5))
    else {
        return;
    };
    let title_end = body[title_at..]
        .iter()
        .position(|l| l.style.as_ref().is_none_or(|s| s.size < max_size - 0.5))
        .map_or(body.len(), |p| title_at + p);
    info.block_title = Some(join_lines(
        body[title_at..title_end].iter().map(|l| l.text.trim()),
    ))
    .filter(|t| !t.is_empty());
    let body_size = dominant_size(&body);
    // The block ends where the body begins: the first block of two or more lines set in the
    // body's size (a byline is one line; a caption or paragraph runs on).
    let is_body = |k: usize| {
        let body_sized = body[k]
            .style
            .as_ref()
            .is_none_or(|s| (s.size - body_size).abs() < 0.5);
        let continued = body
            .get(k + 1)
            .and_then(|n| n.style.as_ref())
            .is_some_and(|s| !s.starts_block);
        body_sized && continued
    };
    let end = (title_end..body.len())
        .find(|&k| is_body(k))
        .unwrap_or(body.len());
    info.title_block = body[..end]
        .iter()
        .map(|l| l.text.trim().to_owned())
        .collect();
    for l in &body[title_end..end] {
        let t = l.text.trim();
        if !meta_line(t, info) && is_byline(t) {
            info.authors.extend(split_names(t));
        }
    }
}

/// Lines joined by spaces; a line ending in a soft hyphen joins the next without one.
fn join_lines<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for l in lines {
        if out.ends_with('\u{AD}') {
            out.pop();
        } else if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(l);
    }
    out
}

/// The type size most characters are set in.
fn dominant_size(lines: &[&Line]) -> f32 {
    let mut sizes: Vec<(i32, usize)> = Vec::new();
    for l in lines {
        let Some(s) = &l.style else { continue };
        let key = (s.size * 2.0).round() as i32;
        match sizes.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += l.text.len(),
            None => sizes.push((key, l.text.len())),
        }
    }
    sizes
        .iter()
        .max_by_key(|(k, n)| (*n, -k))
        .map_or(0.0, |(k, _)| *k as f32 / 2.0)
}

/// Reads `SERIES | Volume 13, Issue 22 | April 10, 2020`; true if the line is one.
fn meta_line(text: &str, info: &mut ExportInfo) -> bool {
    let parts: Vec<&str> = text
        .split(['|', '·', '•'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut hit = false;
    let mut rest = Vec::new();
    for part in &parts {
        let mut used = false;
        for piece in part.split(',').map(str::trim) {
            let lower = piece.to_lowercase();
            if let Some(v) = numbered(&lower, &["volume", "vol."]) {
                info.volume = Some(v);
                used = true;
            } else if let Some(v) = numbered(&lower, &["issue", "no.", "number"]) {
                info.issue = Some(v);
                used = true;
            }
        }
        if !used && is_date(part) {
            info.date = Some((*part).to_owned());
            used = true;
        }
        hit |= used;
        if !used {
            rest.push(*part);
        }
    }
    if hit {
        if let Some(series) = rest.first().filter(|_| parts.len() > 1) {
            info.series = Some((*series).to_owned());
        }
    }
    hit
}

fn numbered(lower: &str, words: &[&str]) -> Option<String> {
    let w = words.iter().find(|w| lower.starts_with(*w))?;
    let v = lower[w.len()..].trim();
    (!v.is_empty() && v.len() <= 12 && v.chars().any(|c| c.is_ascii_digit())).then(|| v.to_owned())
}

fn is_date(s: &str) -> bool {
    if crate::meta::is_iso_date(s) {
        return true;
    }
    let lower = s.to_lowercase();
    let month = MONTHS
        .iter()
        .any(|m| lower.contains(m) || lower.contains(&m[..3]));
    let year = s
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")));
    month && year && s.len() <= 40
}

/// A short line of names: no digits, no URL, a few capitalised words, at least two (a
/// name has a given name and a surname; `ABSTRACT` or `true` is none).
fn is_byline(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    words.len() >= 2
        && words.len() <= 12
        && !t.contains("://")
        && !t.chars().any(|c| c.is_ascii_digit())
        && !t.ends_with('.')
        && words
            .iter()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count()
            * 2
            >= words.len()
}

fn split_names(t: &str) -> Vec<String> {
    let t = t.trim_start_matches("By ").trim_start_matches("by ");
    t.split([',', '&', ';'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::LineStyle;

    fn line(text: &str, size: f32, width: f32) -> Line {
        Line {
            no: 0,
            text: text.into(),
            style: Some(LineStyle {
                size,
                width,
                starts_block: !text.starts_with("More body"),
                ..Default::default()
            }),
            marks: vec![],
        }
    }

    #[test]
    fn reads_title_block() {
        let lines = vec![
            line("Published on Some Journal (https://x.org)", 10.0, 300.0),
            line("A Title That", 20.0, 300.0),
            line("Wraps", 20.0, 80.0),
            line(
                "RE-GLOBALIZATION | Volume 13, Issue 22 | April 10, 2020",
                9.0,
                280.0,
            ),
            line("Ann Author and Bo Writer", 10.0, 100.0),
            line(
                "The body text begins here and runs across the whole measure of the page.",
                10.0,
                470.0,
            ),
            line("More body text of the same paragraph.", 10.0, 470.0),
        ];
        let mut info = ExportInfo::default();
        title_block(&lines, &mut info);
        assert_eq!(info.block_title.as_deref(), Some("A Title That Wraps"));
        assert_eq!(info.series.as_deref(), Some("RE-GLOBALIZATION"));
        assert_eq!(info.volume.as_deref(), Some("13"));
        assert_eq!(info.issue.as_deref(), Some("22"));
        assert_eq!(info.date.as_deref(), Some("April 10, 2020"));
        assert_eq!(info.authors, ["Ann Author", "Bo Writer"]);
        assert_eq!(info.title_block.len(), 5);
        assert!(!is_byline("ABSTRACT") && !is_byline("true"));
        assert!(is_date("2020-04-10"));
    }

    #[test]
    fn dates_and_xmp() {
        assert_eq!(pdf_date("D:20200410123000+02'00'"), "2020-04-10T12:30:00");
        assert_eq!(pdf_date("yesterday"), "yesterday");
        let x = "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">A &amp; B</rdf:li></rdf:Alt></dc:title>";
        assert_eq!(xmp_field(x, "dc:title").as_deref(), Some("A & B"));
    }
}
