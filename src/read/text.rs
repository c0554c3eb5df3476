//! Plain-text export reader: splits the file into pages (form feeds when a PDF-to-text tool
//! made it, otherwise runs of blank lines or a trailing link dump), keeps every line with its
//! 1-based file line number, and moves each page's trailing dump of link URIs into `Page.links`.
//!
//! It only recognises what is there; the cleaning passes decide what the lines mean.

use crate::read::{Export, Line, Origin, Page, PageLink};

/// Blank lines in a row that separate two pages when the file has no form feeds (the
/// journal's export writes three; paragraphs are separated by one).
const PAGE_GAP: usize = 3;

/// Blank lines that must follow a URI dump for it to end a page (or the end of the file).
const DUMP_TRAILER: usize = 2;

/// Reads a plain-text export.
pub fn read(text: &str) -> Export {
    let lines = numbered_lines(text);
    let pages = if lines.iter().any(|(_, t, ff)| *ff || t.contains('\u{c}')) {
        pages_by_form_feed(&lines)
    } else {
        pages_by_gaps(&lines)
    };
    Export {
        origin: Origin::Text,
        pages,
        info: Default::default(),
    }
}

/// The file's lines with their numbers and whether a form feed precedes them. A form feed
/// inside a line (pdftotext puts it before the next page's first line) splits it in two
/// pieces that keep the same line number.
fn numbered_lines(text: &str) -> Vec<(u32, String, bool)> {
    let mut out = Vec::new();
    let body = text.strip_suffix('\n').unwrap_or(text);
    for (i, raw) in body.split('\n').enumerate() {
        let no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let mut pieces = raw.split('\u{c}');
        out.push((no, pieces.next().unwrap_or("").to_string(), false));
        for piece in pieces {
            out.push((no, piece.to_string(), true));
        }
    }
    if text.is_empty() {
        out.clear();
    }
    out
}

fn is_blank(t: &str) -> bool {
    t.chars().all(char::is_whitespace)
}

/// One URI alone on its line, as the export dumps link targets.
pub fn is_uri_line(t: &str) -> bool {
    let t = t.trim_end();
    let scheme = ["http://", "https://", "ftp://", "mailto:"]
        .iter()
        .any(|s| t.len() > s.len() && t.get(..s.len()).is_some_and(|h| h.eq_ignore_ascii_case(s)));
    scheme && !t.chars().any(char::is_whitespace)
}

/// Index past the URI dump starting at `i` (at least one URI line, preceded by a blank line
/// or the page start, followed by `min_trailer` blank lines or the end), or `None`.
fn dump_end(
    lines: &[(u32, String, bool)],
    i: usize,
    min_trailer: usize,
    page_start: usize,
) -> Option<usize> {
    let preceded = i == page_start || lines.get(i.wrapping_sub(1)).is_some_and(|l| is_blank(&l.1));
    if !preceded {
        return None;
    }
    let mut j = i;
    while j < lines.len() && is_uri_line(&lines[j].1) && (j == i || !lines[j].2) {
        j += 1;
    }
    if j == i {
        return None;
    }
    let mut k = j;
    while k < lines.len() && is_blank(&lines[k].1) && !lines[k].2 {
        k += 1;
    }
    let at_page_end = k == lines.len() || lines[k].2;
    (at_page_end || k - j >= min_trailer).then_some(j)
}

fn pages_by_gaps(lines: &[(u32, String, bool)]) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut cur = Page::default();
    let mut page_start = 0;
    let mut i = 0;
    while i < lines.len() {
        if let Some(end) = dump_end(lines, i, DUMP_TRAILER, page_start) {
            cur.links
                .extend(lines[i..end].iter().map(|(no, t, _)| PageLink {
                    uri: t.trim_end().to_string(),
                    line: *no,
                }));
            i = end;
            while i < lines.len() && is_blank(&lines[i].1) {
                i += 1;
            }
            close_page(&mut pages, &mut cur);
            page_start = i;
            continue;
        }
        if is_blank(&lines[i].1) {
            let mut j = i;
            while j < lines.len() && lines[j].1.is_empty() {
                j += 1;
            }
            if j - i >= PAGE_GAP || (j == lines.len() && j > i) {
                close_page(&mut pages, &mut cur);
                i = j;
                page_start = i;
                continue;
            }
        }
        let (no, t, _) = &lines[i];
        cur.lines.push(Line::new(*no, t.clone()));
        i += 1;
    }
    close_page(&mut pages, &mut cur);
    pages
}

fn pages_by_form_feed(lines: &[(u32, String, bool)]) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut cur = Page::default();
    let mut start = 0;
    let mut i = 0;
    while i < lines.len() {
        let (no, t, ff) = &lines[i];
        if *ff {
            close_page_keep_empty(&mut pages, &mut cur);
            start = i;
        }
        // pdftotext ends the file with a form feed; a dump at a page end is still a dump.
        if let Some(end) = dump_end(lines, i, usize::MAX, start) {
            cur.links
                .extend(lines[i..end].iter().map(|(no, t, _)| PageLink {
                    uri: t.trim_end().to_string(),
                    line: *no,
                }));
            i = end;
            continue;
        }
        cur.lines.push(Line::new(*no, t.clone()));
        i += 1;
    }
    close_page(&mut pages, &mut cur);
    pages
}

/// Ends the current page unless it holds nothing (leading blank lines are not a page).
fn close_page(pages: &mut Vec<Page>, cur: &mut Page) {
    while cur.lines.last().is_some_and(|l| l.text.is_empty()) {
        cur.lines.pop();
    }
    if cur.lines.iter().all(Line::is_blank) && cur.links.is_empty() {
        *cur = Page::default();
        return;
    }
    cur.number = u32::try_from(pages.len() + 1).unwrap_or(u32::MAX);
    pages.push(std::mem::take(cur));
}

/// Form feeds are explicit page ends, but a blank page still counts for numbering.
fn close_page_keep_empty(pages: &mut Vec<Page>, cur: &mut Page) {
    while cur.lines.last().is_some_and(|l| l.text.is_empty()) {
        cur.lines.pop();
    }
    cur.number = u32::try_from(pages.len() + 1).unwrap_or(u32::MAX);
    pages.push(std::mem::take(cur));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &Page) -> Vec<&str> {
        p.lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn three_blank_lines_separate_pages_and_line_numbers_are_kept() {
        let e = read("\n\n\nA one\nA two\n\nA three\n\n\n\nB one\n");
        assert_eq!(e.pages.len(), 2);
        assert_eq!(texts(&e.pages[0]), ["A one", "A two", "", "A three"]);
        assert_eq!(e.pages[0].lines[0].no, 4);
        assert_eq!(e.pages[1].lines[0].no, 11);
        assert_eq!(e.pages[1].number, 2);
    }

    #[test]
    fn trailing_uri_dump_becomes_page_links() {
        let t = "text\n\u{a0}\n\nhttp://a.org/x\nhttp://a.org/x\n\n\nnext page\n\nView PDF\n\nhttps://b.org/p\n\n";
        let e = read(t);
        assert_eq!(e.pages.len(), 2);
        assert_eq!(texts(&e.pages[0]), ["text", "\u{a0}"]);
        assert_eq!(e.pages[0].links.len(), 2);
        assert_eq!(e.pages[0].links[0].line, 4);
        assert_eq!(e.pages[1].links[0].uri, "https://b.org/p");
        assert_eq!(e.pages[1].links[0].line, 12);
        assert_eq!(texts(&e.pages[1]), ["next page", "", "View PDF"]);
    }

    #[test]
    fn a_url_alone_inside_text_is_not_a_dump() {
        let e =
            read("Forum, 2019.\nhttp://a.org/x\n(last accessed)\n\nhttp://b.org/y\nmore text\n");
        assert!(e.pages[0].links.is_empty());
        assert_eq!(e.pages[0].lines.len(), 6);
    }

    #[test]
    fn form_feeds_split_pages() {
        let e = read("Header\nbody one\n\u{c}Header\nbody two\n\u{c}");
        assert_eq!(e.pages.len(), 2);
        assert_eq!(texts(&e.pages[1]), ["Header", "body two"]);
        assert_eq!(e.pages[1].lines[0].no, 3);
    }

    #[test]
    fn empty_and_odd_inputs_do_not_panic() {
        for t in [
            "",
            "\n",
            "\u{c}",
            "\r\n\r\n",
            "http://x.org/a",
            "\n\nhttp://x.org\n",
            "\u{c}\u{c}a",
        ] {
            let _ = read(t);
        }
        assert!(read("").pages.is_empty());
    }
}
