//! Links: visible URLs become links (a truncated `...Erg...` gets its full target from the
//! page's URI dump), PDF link marks are kept, and each remaining dumped URI is attached by its
//! slug to a keyword, a quoted title or a name. Every dumped URI ends attached or reported.
//! A link split over two lines (two marks, or two found pieces, with one target) is one link.

use super::backmatter::KeywordDraft;
use super::notes::NoteDraft;
use super::unwrap::is_url;
use super::{Ann, AnnKind, Dumped, Shape, Unit};
use crate::report::{Action, Report};

const PASS: &str = "links";

/// Bytes of text (plus units visited) that slug searches may read in one article.
const SEARCH_BUDGET: usize = 50_000_000;

/// Everything links can attach to.
pub(crate) struct Targets<'a> {
    pub shapes: &'a mut Vec<Shape>,
    pub notes: &'a mut Vec<NoteDraft>,
    pub ack: Option<&'a mut Unit>,
    pub keywords: &'a mut Vec<KeywordDraft>,
}

impl Targets<'_> {
    fn units(&mut self) -> Vec<&mut Unit> {
        let mut out: Vec<&mut Unit> = Vec::new();
        for s in self.shapes.iter_mut() {
            if !matches!(s, Shape::PullQuote(_)) {
                out.extend(s.units_mut());
            }
        }
        out.extend(self.notes.iter_mut().map(|n| &mut n.unit));
        if let Some(a) = self.ack.as_deref_mut() {
            out.push(a);
        }
        out
    }
}

/// Attaches visible URLs, link marks and dumped URIs; reports the ones left over.
/// Attaches one dumped URI to the words its slug names (a cited title, an author's name),
/// once per set of link rectangles, near the page of the link; spends the search budget.
fn slug_links(
    t: &mut Targets,
    dumps: &mut [Dumped],
    (uri, slug): (&str, &[String]),
    budget: &mut usize,
    report: &mut Report,
) {
    // Each found occurrence consumes its rectangles; bounded by the rectangles left.
    for _ in 0..dumps.len() {
        if !dumps.iter().any(|d| !d.used && d.uri == uri) {
            break;
        }
        let page = dumps
            .iter()
            .find(|d| !d.used && d.uri == uri)
            .map_or(0, |d| d.page);
        // The words of a page's link are on that page (or the next, for a wrapped one).
        let near = |u: &Unit| {
            u.pages()
                .any(|p| p == page || p.saturating_add(1) == page || p == page.saturating_add(1))
        };
        let all = t.units();
        *budget = budget.saturating_sub(all.len());
        let mut units: Vec<&mut Unit> = all.into_iter().filter(|u| near(u)).collect();
        *budget = budget.saturating_sub(units.iter().map(|u| u.text.len()).sum::<usize>());
        if *budget == 0 {
            break;
        }
        units.sort_by_key(|u| !u.pages().any(|p| p == page));
        let hit = units.into_iter().find_map(|u| {
            let r = quoted_title(&u.text, slug)
                .or_else(|| name_window(&u.text, slug))
                .filter(|r| u.is_free(r.0, r.1))?;
            Some((u, r))
        });
        let Some((unit, (s, e, how))) = hit else {
            break;
        };
        let lines = unit.lines_of(s, e);
        let used = consume(dumps, uri, page, span_len(lines));
        report.record(
            PASS,
            Action::Attached,
            Some(lines),
            format!("{uri} -> {how} {:?} ({})", &unit.text[s..e], rects(used)),
        );
        unit.anns.push(Ann {
            start: s,
            end: e,
            kind: AnnKind::Link(uri.to_string()),
        });
    }
}

/// Reports every dumped link target that found no words, and the tally.
fn account(dumps: &[Dumped], report: &mut Report) {
    let total = dumps.len();
    let mut left = 0;
    for d in dumps.iter().filter(|d| !d.used) {
        left += 1;
        report.record(
            PASS,
            Action::Unattached,
            Some((d.line, d.line)),
            format!("{} (page {}): no words found for it", d.uri, d.page),
        );
    }
    if total > 0 {
        report.record(
            PASS,
            Action::Recognised,
            None,
            format!(
                "{total} dumped link rectangles: {} attached, {left} unattached",
                total - left
            ),
        );
    }
}

pub(crate) fn attach(t: &mut Targets, dumps: &mut [Dumped], report: &mut Report) {
    for unit in t.units() {
        marked_links(unit, dumps, report);
        visible_urls(unit, dumps, report);
    }
    keyword_links(t.keywords, dumps, report);
    let mut uris: Vec<String> = Vec::new();
    for d in dumps.iter().filter(|d| !d.used) {
        if !uris.contains(&d.uri) {
            uris.push(d.uri.clone());
        }
    }
    // Slug searches read the text near each link; a budget keeps hostile inputs linear.
    let mut budget: usize = SEARCH_BUDGET;
    for uri in uris {
        let slug = slug_words(&uri);
        if slug.len() < 2 {
            continue;
        }
        if budget == 0 {
            report.record(
                PASS,
                Action::Warning,
                None,
                format!("{uri}: slug search skipped (search budget spent)"),
            );
            continue;
        }
        slug_links(t, dumps, (&uri, &slug), &mut budget, report);
    }
    for unit in t.units() {
        join_split_links(unit, report);
    }
    account(dumps, report);
}

/// Joins links with the same target that touch or are parted by one whitespace character
/// (a line break the lines were joined at): one link, the space inside it.
fn join_split_links(unit: &mut Unit, report: &mut Report) {
    let mut links: Vec<Ann> = Vec::new();
    let mut others: Vec<Ann> = Vec::new();
    for a in std::mem::take(&mut unit.anns) {
        if matches!(a.kind, AnnKind::Link(_)) {
            links.push(a);
        } else {
            others.push(a);
        }
    }
    links.sort_by_key(|a| (a.start, a.end));
    let mut joined: Vec<Ann> = Vec::with_capacity(links.len());
    for a in links {
        if let Some(prev) = joined.last_mut() {
            // Touching, overlapping, or parted by one whitespace character.
            let near = a.start <= prev.end
                || unit.text.get(prev.end..a.start).is_some_and(|g| {
                    let mut c = g.chars();
                    c.next().is_some_and(char::is_whitespace) && c.next().is_none()
                });
            if prev.kind == a.kind && near {
                let lines = unit.lines_of(prev.start, a.end);
                if let AnnKind::Link(uri) = &a.kind {
                    report.record(
                        PASS,
                        Action::Joined,
                        Some(lines),
                        format!(
                            "{uri}: link split over lines joined into one ({:?})",
                            unit.text.get(prev.start..a.end).unwrap_or("")
                        ),
                    );
                }
                prev.end = prev.end.max(a.end);
                continue;
            }
        }
        joined.push(a);
    }
    others.extend(joined);
    others.sort_by_key(|a| a.start);
    unit.anns = others;
}

fn rects(n: usize) -> String {
    match n {
        0 => "no link rectangle left in the dump".into(),
        1 => "1 link rectangle".into(),
        n => format!("{n} link rectangles"),
    }
}

fn span_len((a, b): (u32, u32)) -> usize {
    (b.saturating_sub(a) as usize) + 1
}

/// Marks up to `n` unused rectangles of `uri` as used, those on `page` first.
fn consume(dumps: &mut [Dumped], uri: &str, page: u32, n: usize) -> usize {
    let mut used = 0;
    for pass in [true, false] {
        for d in dumps.iter_mut() {
            if used < n && !d.used && d.uri == uri && (d.page == page) == pass {
                d.used = true;
                used += 1;
            }
        }
    }
    used
}

/// A PDF's link marks are already links; they account for the page's annotations.
fn marked_links(unit: &mut Unit, dumps: &mut [Dumped], report: &mut Report) {
    let marks: Vec<(usize, usize, String)> = unit
        .anns
        .iter()
        .filter_map(|a| match &a.kind {
            AnnKind::Link(u) => Some((a.start, a.end, u.clone())),
            _ => None,
        })
        .collect();
    for (s, e, uri) in marks {
        let lines = unit.lines_of(s, e);
        let page = unit
            .starts
            .iter()
            .find(|x| x.1 == lines.0)
            .map_or(unit.span.page, |x| x.2);
        let used = consume(dumps, &uri, page, span_len(lines));
        report.record(
            PASS,
            Action::Attached,
            Some(lines),
            format!(
                "{uri} -> marked words {:?} ({})",
                &unit.text[s..e],
                rects(used)
            ),
        );
    }
}

/// Byte ranges of the URLs printed in `text`, without trailing punctuation.
pub(crate) fn find_urls(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for token in text.split_inclusive(char::is_whitespace) {
        let start = pos;
        pos += token.len();
        let word = token.trim_end();
        if !is_url(word) {
            continue;
        }
        let lead = word.len() - word.trim_start_matches(['(', '[', '<', '“', '"']).len();
        let mut w = &word[lead..];
        loop {
            let before = w.len();
            if w.ends_with(')') && !w.contains('(') {
                w = &w[..w.len() - 1];
            }
            if !w.ends_with("...") {
                w = w.trim_end_matches([',', ';', ':', '!', '?', '”', '’', '"', '\'', ']', '>']);
                if w.ends_with('.') && !w.ends_with("..") {
                    w = &w[..w.len() - 1];
                }
            }
            if w.len() == before {
                break;
            }
        }
        if w.len() > 4 {
            out.push((start + lead, start + lead + w.len()));
        }
    }
    out
}

fn visible_urls(unit: &mut Unit, dumps: &mut [Dumped], report: &mut Report) {
    for (s, e) in find_urls(&unit.text) {
        if !unit.is_free(s, e) {
            continue;
        }
        let shown = unit.text[s..e].to_string();
        let lines = unit.lines_of(s, e);
        let page = unit
            .starts
            .iter()
            .find(|x| x.1 == lines.0)
            .map_or(unit.span.page, |x| x.2);
        let cut = shown
            .strip_suffix("...")
            .or_else(|| shown.strip_suffix('…'));
        let target = match cut {
            Some(prefix) => {
                let full = dumps
                    .iter()
                    .filter(|d| d.uri.starts_with(prefix) && d.uri.len() > prefix.len())
                    .min_by_key(|d| (d.used, d.page != page))
                    .map(|d| d.uri.clone());
                match full {
                    Some(full) => {
                        report.record(
                            PASS,
                            Action::Repaired,
                            Some(lines),
                            format!(
                                "truncated URL {shown:?} -> target {full} (from the link dump)"
                            ),
                        );
                        full
                    }
                    None => {
                        report.record(
                            PASS,
                            Action::Warning,
                            Some(lines),
                            format!("truncated URL {shown:?} has no full target; left as text"),
                        );
                        continue;
                    }
                }
            }
            None if shown.to_lowercase().starts_with("www.") => format!("http://{shown}"),
            None => shown.clone(),
        };
        let twin = |d: &Dumped| {
            d.uri == target || d.uri.trim_end_matches('/') == target.trim_end_matches('/')
        };
        let dumped = dumps.iter().find(|d| twin(d)).map(|d| d.uri.clone());
        let target = dumped.clone().unwrap_or(target);
        match dumped {
            Some(uri) => {
                let used = consume(dumps, &uri, page, span_len(lines));
                report.record(
                    PASS,
                    Action::Attached,
                    Some(lines),
                    format!("{uri} -> its visible URL ({})", rects(used)),
                );
            }
            None => report.record(
                PASS,
                Action::Recognised,
                Some(lines),
                format!("link from the visible URL {target} (not in a link dump)"),
            ),
        }
        unit.anns.push(Ann {
            start: s,
            end: e,
            kind: AnnKind::Link(target),
        });
    }
}

/// Lower-case ASCII words, with German and accented letters spelled as in URLs (`Länder` → `laender`).
pub(crate) fn fold_words(text: &str) -> Vec<String> {
    let mut s = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => s.push_str("ae"),
            'ö' => s.push_str("oe"),
            'ü' => s.push_str("ue"),
            'ß' => s.push_str("ss"),
            'à' | 'á' | 'â' | 'ã' | 'å' => s.push('a'),
            'è' | 'é' | 'ê' | 'ë' => s.push('e'),
            'ì' | 'í' | 'î' | 'ï' => s.push('i'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' => s.push('o'),
            'ù' | 'ú' | 'û' => s.push('u'),
            'ç' => s.push('c'),
            'ñ' => s.push('n'),
            c if c.is_ascii_alphanumeric() => s.push(c),
            _ => s.push(' '),
        }
    }
    s.split_whitespace().map(String::from).collect()
}

/// The words of a URI's slug: its last meaningful path segment (`/tags/russia` → `russia`,
/// `/author/tammam-o-abdulsattar/` → `tammam o abdulsattar`).
pub(crate) fn slug_words(uri: &str) -> Vec<String> {
    let path = uri.split(['?', '#']).next().unwrap_or("");
    let path = path
        .split_once("://")
        .map_or(path, |(_, p)| p.split_once('/').map_or("", |(_, p)| p));
    let seg = path
        .split('/')
        .rev()
        .map(|s| {
            s.trim_end_matches(".html")
                .trim_end_matches(".htm")
                .trim_end_matches(".php")
        })
        .find(|s| !s.is_empty() && !s.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or("");
    fold_words(seg)
}

fn keyword_links(keywords: &mut [KeywordDraft], dumps: &mut [Dumped], report: &mut Report) {
    for k in keywords.iter_mut() {
        let words = fold_words(&k.keyword.text);
        let fits = |d: &Dumped| !d.used && slug_words(&d.uri) == words;
        let tag = |d: &Dumped| d.uri.to_lowercase().contains("tag");
        let pick = dumps
            .iter()
            .position(|d| fits(d) && tag(d) && d.page == k.page)
            .or_else(|| dumps.iter().position(|d| fits(d) && tag(d)))
            .or_else(|| dumps.iter().position(fits));
        if let Some(d) = pick.and_then(|i| dumps.get_mut(i)) {
            d.used = true;
            k.keyword.uri = Some(d.uri.clone());
            report.record(
                PASS,
                Action::Attached,
                Some((k.line, k.line)),
                format!("{} -> keyword {:?}", d.uri, k.keyword.text),
            );
        }
    }
}

/// Word byte ranges of `text` (alphanumeric runs).
fn word_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// A quoted title whose words are the slug (or begin with it, for a cut slug).
fn quoted_title(text: &str, slug: &[String]) -> Option<(usize, usize, &'static str)> {
    let mut from = 0;
    while let Some(o) = text[from..].find(['“', '"']).map(|i| i + from) {
        let open_len = text[o..].chars().next().map_or(1, char::len_utf8);
        let inner_start = o + open_len;
        let close = text[inner_start..]
            .find(['”', '"'])
            .map(|i| i + inner_start)?;
        let inner = &text[inner_start..close];
        let words = fold_words(inner);
        let fits = words == slug || (slug.len() >= 4 && words.starts_with(slug));
        if fits {
            let trimmed = inner.trim_end_matches([',', '.', ';', ':']);
            return Some((inner_start, inner_start + trimmed.len(), "quoted title"));
        }
        from = close + text[close..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// A run of words that is the slug in any order (a name: `Abdulsattar, Tammam O.`).
fn name_window(text: &str, slug: &[String]) -> Option<(usize, usize, &'static str)> {
    let n = slug.len();
    if !(2..=6).contains(&n) {
        return None;
    }
    let mut want: Vec<&String> = slug.iter().collect();
    want.sort();
    let words = word_ranges(text);
    words.windows(n).find_map(|w| {
        let mut have: Vec<String> = w
            .iter()
            .flat_map(|&(s, e)| fold_words(&text[s..e]))
            .collect();
        have.sort();
        let fits = have.len() == n && have.iter().zip(&want).all(|(a, b)| a == *b);
        fits.then(|| (w[0].0, w[n - 1].1, "name"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_in_text() {
        let t = "Forum, 2019. http://a.org/x-y/ (last acceded 16.01.2020). See www.b.org/p, and (https://c.org/q).";
        let found: Vec<&str> = find_urls(t).into_iter().map(|(s, e)| &t[s..e]).collect();
        assert_eq!(
            found,
            ["http://a.org/x-y/", "www.b.org/p", "https://c.org/q"]
        );
        let t = "https://www.welt.de/a/Europawahl-2019-Erg... (last";
        assert_eq!(find_urls(t), [(0, t.find(" (last").unwrap())]);
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug_words("https://globalejournal.org/global-e/tags/russia"),
            ["russia"]
        );
        assert_eq!(
            slug_words("https://www.e-ir.info/author/tammam-o-abdulsattar/"),
            ["tammam", "o", "abdulsattar"]
        );
        assert_eq!(
            slug_words("https://globalejournal.org/print/pdf/node/2960"),
            ["node"]
        );
        assert_eq!(
            fold_words("EU-Länder – die Sieger im Überblick"),
            ["eu", "laender", "die", "sieger", "im", "ueberblick"]
        );
    }

    #[test]
    fn titles_and_names() {
        let t = "Abdulsattar, Tammam O. “Does globalization diminish the importance of nationalism?” E-IR";
        let slug = slug_words(
            "https://x.info/2013/11/14/does-globalization-diminish-the-importance-of-nationalism/",
        );
        let (s, e, _) = quoted_title(t, &slug).unwrap();
        assert_eq!(
            &t[s..e],
            "Does globalization diminish the importance of nationalism?"
        );
        let (s, e, _) = name_window(
            t,
            &slug_words("https://x.info/author/tammam-o-abdulsattar/"),
        )
        .unwrap();
        assert_eq!(&t[s..e], "Abdulsattar, Tammam O");
        assert!(name_window("Russia and China", &["russia".into()]).is_none());
    }

    #[test]
    fn a_link_split_over_lines_is_one_link() {
        let link = |start, end, uri: &str| Ann {
            start,
            end,
            kind: AnnKind::Link(uri.into()),
        };
        // `http://a.org/x-` + `y/` touching; `Some Title` + `Here` parted by one space; a
        // different target, a wider gap and a note reference between stay apart; the same
        // mark twice is one link.
        let text = "see http://a.org/x-y/ and Some Title Here. Then b c  d e1 f";
        let at = |s: &str| text.find(s).unwrap();
        let mut u = Unit {
            text: text.into(),
            anns: vec![
                link(at("Here"), at("Here") + 4, "https://t.org"),
                link(at("http"), at("y/"), "http://a.org/x-y/"),
                link(at("y/"), at("y/") + 2, "http://a.org/x-y/"),
                link(at("Some"), at(" Here"), "https://t.org"),
                link(at("b c"), at("b c") + 1, "https://b.org"),
                link(at("c  d"), at("c  d") + 1, "https://c.org"),
                link(at("c  d"), at("c  d") + 1, "https://c.org"),
                link(at("d e"), at("d e") + 1, "https://c.org"),
                link(at("e1"), at("e1") + 1, "https://e.org"),
                Ann {
                    start: at("1 f"),
                    end: at("1 f") + 1,
                    kind: AnnKind::NoteRef {
                        id: "fn1".into(),
                        label: "1".into(),
                    },
                },
                link(at("f"), at("f") + 1, "https://e.org"),
            ],
            ..Default::default()
        };
        let mut r = Report::default();
        join_split_links(&mut u, &mut r);
        let links: Vec<&str> = u
            .anns
            .iter()
            .filter(|a| matches!(a.kind, AnnKind::Link(_)))
            .map(|a| &text[a.start..a.end])
            .collect();
        assert_eq!(
            links,
            [
                "http://a.org/x-y/",
                "Some Title Here",
                "b",
                "c",
                "d",
                "e",
                "f"
            ]
        );
        assert_eq!(r.of(Action::Joined).count(), 3);
        assert!(u.anns.windows(2).all(|w| w[0].start <= w[1].start));
        assert_eq!(u.anns.len(), links.len() + 1);
    }

    #[test]
    fn every_dumped_uri_is_attached_or_reported() {
        let mut shapes = vec![Shape::Paragraph(Unit {
            text: "see https://a.org/x and the Erg https://w.de/Europawahl-2019-Erg... now".into(),
            starts: vec![(0, 5, 1)],
            ..Default::default()
        })];
        let mut dumps: Vec<Dumped> = [
            "https://a.org/x",
            "https://w.de/Europawahl-2019-Ergebnisse.html",
            "https://z.org/lost",
        ]
        .iter()
        .map(|u| Dumped {
            uri: u.to_string(),
            page: 1,
            line: 9,
            used: false,
        })
        .collect();
        let mut r = Report::default();
        let (mut notes, mut kws) = (Vec::new(), Vec::new());
        attach(
            &mut Targets {
                shapes: &mut shapes,
                notes: &mut notes,
                ack: None,
                keywords: &mut kws,
            },
            &mut dumps,
            &mut r,
        );
        assert_eq!(r.of(Action::Repaired).count(), 1);
        assert_eq!(r.of(Action::Unattached).count(), 1);
        let Shape::Paragraph(u) = &shapes[0] else {
            unreachable!()
        };
        assert!(u.anns.iter().any(
            |a| a.kind == AnnKind::Link("https://w.de/Europawahl-2019-Ergebnisse.html".into())
        ));
    }
}
