//! JATS `<front>`: `<journal-meta>` and `<article-meta>` in the element order the Journal
//! Publishing 1.3 DTD requires (JATS-journalpubcustom-models1-3.ent, `article-meta-model`).

use super::Writer;
use crate::model::{Author, Identifier, Keyword, Metadata};

/// `pub-id-type` values the 1.3 DTD accepts on `<article-id>` (JATS-common1-3.ent).
const PUB_ID_TYPES: &[&str] = &[
    "accession",
    "archive",
    "ark",
    "art-access-id",
    "arxiv",
    "coden",
    "doaj",
    "doi",
    "handle",
    "index",
    "isbn",
    "manuscript",
    "medline",
    "mr",
    "other",
    "pii",
    "pmcid",
    "pmid",
    "publisher-id",
    "sici",
    "std-designation",
    "zbl",
];

/// Identifier schemes that are addresses of the article.
fn is_uri_scheme(scheme: &str) -> bool {
    matches!(scheme, "uri" | "url")
}

/// Identifier schemes that belong to the journal, not the article.
fn is_journal_scheme(scheme: &str) -> bool {
    matches!(scheme, "issn" | "eissn" | "pissn" | "issn-l" | "journal-id")
}

pub(super) fn write(w: &mut Writer<'_>, m: &Metadata) {
    w.x.open("front", &[]);
    journal_meta(w, m);
    article_meta(w, m);
    w.x.close("front");
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// `<journal-meta>` is required by the Publishing DTD, and within it `journal-id` and `issn`:
/// what is unknown is written empty (as pandoc does) and reported, keeping the file valid.
fn journal_meta(w: &mut Writer<'_>, m: &Metadata) {
    let journal = non_empty(&m.journal);
    let ids: Vec<&Identifier> = m
        .identifiers
        .iter()
        .filter(|i| is_journal_scheme(&i.scheme))
        .collect();
    w.x.open("journal-meta", &[]);
    let explicit: Vec<&str> = ids
        .iter()
        .filter(|i| i.scheme == "journal-id")
        .map(|i| i.value.as_str())
        .collect();
    if explicit.is_empty() {
        // The journal's title serves as the publisher's id for it.
        match journal.or_else(|| ids.first().map(|i| i.value.as_str())) {
            Some(id) => {
                w.x.leaf_text("journal-id", &[("journal-id-type", "publisher-id")], id)
            }
            None => {
                w.x.empty("journal-id", &[]);
                w.warn(
                    "journal unknown: wrote an empty <journal-id/> (give --meta journal=...)"
                        .into(),
                );
            }
        }
    }
    for id in explicit {
        w.x.leaf_text("journal-id", &[("journal-id-type", "publisher-id")], id);
    }
    if let Some(j) = journal {
        w.x.open("journal-title-group", &[]);
        w.x.leaf_text("journal-title", &[], j);
        w.x.close("journal-title-group");
    }
    let mut issns = 0;
    for i in &ids {
        let format = match i.scheme.as_str() {
            "issn" => None,
            "eissn" => Some("electronic"),
            "pissn" => Some("print"),
            _ => continue,
        };
        let attrs: Vec<(&str, &str)> = format
            .map(|f| ("publication-format", f))
            .into_iter()
            .collect();
        w.x.leaf_text("issn", &attrs, &i.value);
        issns += 1;
    }
    if issns == 0 {
        w.x.empty("issn", &[]);
        w.warn("no ISSN known: wrote an empty <issn/>, which the Publishing DTD requires".into());
    }
    if let Some(l) = ids.iter().find(|i| i.scheme == "issn-l") {
        w.x.leaf_text("issn-l", &[], &l.value);
    }
    w.x.close("journal-meta");
}

fn article_meta(w: &mut Writer<'_>, m: &Metadata) {
    w.x.open("article-meta", &[]);
    for i in m
        .identifiers
        .iter()
        .filter(|i| !is_journal_scheme(&i.scheme) && !is_uri_scheme(&i.scheme))
    {
        article_id(w, i);
    }
    if let Some(series) = non_empty(&m.series) {
        w.x.open("article-categories", &[]);
        w.x.leaf_text("series-title", &[], series);
        w.x.close("article-categories");
    }
    title_group(w, m);
    let authors: Vec<&Author> = m.authors.iter().filter(|a| !is_blank(a)).collect();
    if authors.len() < m.authors.len() {
        w.warn("author with no name, bio or affiliation left out".into());
    }
    if !authors.is_empty() {
        w.x.open("contrib-group", &[]);
        for a in authors {
            contrib(w, a);
        }
        w.x.close("contrib-group");
    }
    if let Some(d) = non_empty(&m.date) {
        pub_date(w, d);
    }
    if let Some(v) = non_empty(&m.volume) {
        w.x.leaf_text("volume", &[], v);
    }
    if let Some(i) = non_empty(&m.issue) {
        w.x.leaf_text("issue", &[], i);
    }
    if let Some(u) = non_empty(&m.self_uri) {
        w.x.empty("self-uri", &[("xlink:href", u)]);
    }
    // An address is not an <article-id>: the article's other addresses are self-uris too.
    for i in m.identifiers.iter().filter(|i| is_uri_scheme(&i.scheme)) {
        let u = i.value.trim();
        if !u.is_empty() && non_empty(&m.self_uri) != Some(u) {
            w.x.empty("self-uri", &[("xlink:href", u)]);
        }
    }
    // <abstract> follows <self-uri> and precedes <kwd-group> (article-meta-model).
    if let Some(a) = m
        .abstract_
        .as_deref()
        .filter(|a| !crate::model::plain_text(a).trim().is_empty())
    {
        w.x.open("abstract", &[]);
        w.para(a);
        w.x.close("abstract");
    }
    keywords(w, &m.keywords);
    w.x.close("article-meta");
}

fn article_id(w: &mut Writer<'_>, i: &Identifier) {
    let scheme = i.scheme.trim().to_ascii_lowercase();
    let ty = match scheme.as_str() {
        s if PUB_ID_TYPES.contains(&s) => s,
        // The journal's node number is the publisher's own id for the article.
        "node" => "publisher-id",
        _ => "custom",
    };
    let mut attrs = vec![("pub-id-type", ty)];
    if ty == "custom" {
        attrs.push(("custom-type", scheme.as_str()));
    }
    w.x.leaf_text("article-id", &attrs, &i.value);
}

fn title_group(w: &mut Writer<'_>, m: &Metadata) {
    w.x.open("title-group", &[]);
    match non_empty(&m.title) {
        Some(t) => w.x.leaf_text("article-title", &[], t),
        None => {
            // <article-title> is required: an empty one keeps the file valid.
            w.x.empty("article-title", &[]);
            w.warn("no title: wrote an empty <article-title/> (give --meta title=...)".into());
        }
    }
    if let Some(s) = non_empty(&m.subtitle) {
        w.x.leaf_text("subtitle", &[], s);
    }
    w.x.close("title-group");
}

fn is_blank(a: &Author) -> bool {
    a.name.trim().is_empty()
        && non_empty(&a.given).is_none()
        && non_empty(&a.surname).is_none()
        && non_empty(&a.bio).is_none()
        && non_empty(&a.affiliation).is_none()
}

fn contrib(w: &mut Writer<'_>, a: &Author) {
    w.x.open("contrib", &[("contrib-type", "author")]);
    match (non_empty(&a.surname), non_empty(&a.given)) {
        (Some(s), given) => {
            w.x.open("name", &[]);
            w.x.leaf_text("surname", &[], s);
            if let Some(g) = given {
                w.x.leaf_text("given-names", &[], g);
            }
            w.x.close("name");
        }
        (None, Some(g)) => {
            w.x.open("name", &[]);
            w.x.leaf_text("given-names", &[], g);
            w.x.close("name");
        }
        // Only the name as printed: <string-name> keeps it without guessing its parts.
        (None, None) if !a.name.trim().is_empty() => {
            w.x.leaf_text("string-name", &[], a.name.trim())
        }
        (None, None) => w.x.empty("anonymous", &[]),
    }
    if let Some(aff) = non_empty(&a.affiliation) {
        w.x.leaf_text("aff", &[], aff);
    }
    if let Some(bio) = non_empty(&a.bio) {
        w.x.open("bio", &[]);
        w.x.leaf_text("p", &[], bio);
        w.x.close("bio");
    }
    w.x.close("contrib");
}

/// Year, month and day of an ISO 8601 calendar date (`2020`, `2020-04`, `2020-04-10`).
pub(crate) fn parse_date(s: &str) -> Option<(u32, Option<u32>, Option<u32>)> {
    let mut parts = s.split('-');
    let num = |p: Option<&str>, len: usize| -> Option<u32> {
        p.filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))?
            .parse()
            .ok()
    };
    let year = num(parts.next(), 4)?;
    let month = match parts.next() {
        None => return Some((year, None, None)),
        p => num(p, 2).filter(|m| (1..=12).contains(m))?,
    };
    let day = match parts.next() {
        None => return Some((year, Some(month), None)),
        p => num(p, 2)?,
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if parts.next().is_some() || day == 0 || day > days {
        return None;
    }
    Some((year, Some(month), Some(day)))
}

fn pub_date(w: &mut Writer<'_>, date: &str) {
    match parse_date(date) {
        Some((y, m, d)) => {
            w.x.open(
                "pub-date",
                &[
                    ("publication-format", "electronic"),
                    ("date-type", "pub"),
                    ("iso-8601-date", date),
                ],
            );
            if let Some(d) = d {
                w.x.leaf_text("day", &[], &format!("{d:02}"));
            }
            if let Some(m) = m {
                w.x.leaf_text("month", &[], &format!("{m:02}"));
            }
            w.x.leaf_text("year", &[], &format!("{y:04}"));
            w.x.close("pub-date");
        }
        // <pub-date> holds only date parts in the Publishing DTD (no <string-date>).
        None => w.warn(format!(
            "date `{date}` is not ISO 8601 (YYYY[-MM[-DD]]); no <pub-date> written"
        )),
    }
}

fn keywords(w: &mut Writer<'_>, kws: &[Keyword]) {
    let kws: Vec<&Keyword> = kws.iter().filter(|k| !k.text.trim().is_empty()).collect();
    if kws.is_empty() {
        return;
    }
    w.x.open("kwd-group", &[]);
    for k in kws {
        match k.uri.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            // <kwd> holds no links; <named-content> carries the tag page's address.
            Some(uri) => {
                w.x.leaf_start("kwd", &[]);
                w.x.inline_start(
                    "named-content",
                    &[("content-type", "tag"), ("xlink:href", uri)],
                );
                w.x.text(k.text.trim());
                w.x.inline_end("named-content");
                w.x.leaf_end("kwd");
            }
            None => w.x.leaf_text("kwd", &[], k.text.trim()),
        }
    }
    w.x.close("kwd-group");
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2020-04-10"), Some((2020, Some(4), Some(10))));
        assert_eq!(parse_date("2020-04"), Some((2020, Some(4), None)));
        assert_eq!(parse_date("2020"), Some((2020, None, None)));
        assert_eq!(parse_date("2020-02-30"), None);
        assert_eq!(parse_date("2021-02-29"), None);
        assert_eq!(parse_date("2024-02-29"), Some((2024, Some(2), Some(29))));
        assert_eq!(parse_date("2020-13-01"), None);
        assert_eq!(parse_date("April 10, 2020"), None);
        assert_eq!(parse_date("2020-04-10-1"), None);
        assert_eq!(parse_date("+020-04-10"), None);
    }
}
