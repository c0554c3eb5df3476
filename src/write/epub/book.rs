//! The book's metadata, resolved from the articles and the book's own metadata: title (with a
//! reported stand-in when missing), language (BCP 47), a stable unique identifier, and
//! `dcterms:modified` from `SOURCE_DATE_EPOCH` or the publication date, never the clock.

use super::{nonempty, volume_issue, BookFacts};
use crate::model::{Author, Document, Keyword, Metadata};
use crate::report::{Action, Report};
use sha2::{Digest, Sha256};

/// Resolves the book's metadata: `book` first, then what every article agrees on.
pub(super) fn book_facts(
    docs: &[Document],
    book: Option<&Metadata>,
    epoch: Option<&str>,
    report: &mut Report,
) -> BookFacts {
    let single = docs.len() == 1;
    let first = docs.first().map(|d| &d.meta);
    let mut meta = match (book, first) {
        (Some(b), Some(f)) if single => overlay(b, f),
        (Some(b), _) => b.clone(),
        (None, Some(f)) if single => f.clone(),
        _ => Metadata::default(),
    };
    if !single {
        fill_from_articles(&mut meta, docs);
    }
    let title = match nonempty(&meta.title) {
        Some(t) => t.to_string(),
        None => {
            let t = if single {
                docs.first().map(fallback_title).unwrap_or_default()
            } else {
                issue_title(&meta).unwrap_or_else(|| "Untitled collection".to_string())
            };
            // A single article's missing title is reported with the article.
            if !single {
                report.record(
                    "epub",
                    Action::Warning,
                    None,
                    format!("book title missing: used “{t}”"),
                );
            }
            t
        }
    };
    let lang = language(meta.language.as_deref(), "en", report);
    let identifier = identifier(&meta, single, docs, book);
    let modified = modified(epoch, meta.date.as_deref(), report);
    let sources = docs
        .iter()
        .filter_map(|d| nonempty(&d.meta.self_uri).map(str::to_string))
        .filter(|s| *s != identifier)
        .collect();
    BookFacts {
        meta,
        title,
        lang,
        identifier,
        modified,
        sources,
    }
}

/// `top` with the gaps filled from `under`.
fn overlay(top: &Metadata, under: &Metadata) -> Metadata {
    let pick = |a: &Option<String>, b: &Option<String>| a.clone().or_else(|| b.clone());
    Metadata {
        title: pick(&top.title, &under.title),
        subtitle: pick(&top.subtitle, &under.subtitle),
        authors: if top.authors.is_empty() {
            under.authors.clone()
        } else {
            top.authors.clone()
        },
        date: pick(&top.date, &under.date),
        journal: pick(&top.journal, &under.journal),
        volume: pick(&top.volume, &under.volume),
        issue: pick(&top.issue, &under.issue),
        series: pick(&top.series, &under.series),
        abstract_: top.abstract_.clone().or_else(|| under.abstract_.clone()),
        keywords: if top.keywords.is_empty() {
            under.keywords.clone()
        } else {
            top.keywords.clone()
        },
        self_uri: pick(&top.self_uri, &under.self_uri),
        identifiers: if top.identifiers.is_empty() {
            under.identifiers.clone()
        } else {
            top.identifiers.clone()
        },
        language: pick(&top.language, &under.language),
    }
}

/// For an issue: the journal, volume, issue, series and language all its articles share, the
/// latest date, every author and keyword once.
fn fill_from_articles(meta: &mut Metadata, docs: &[Document]) {
    fn common(docs: &[Document], f: impl Fn(&Metadata) -> &Option<String>) -> Option<String> {
        let first = docs.first().and_then(|d| nonempty(f(&d.meta)))?;
        docs.iter()
            .all(|d| nonempty(f(&d.meta)) == Some(first))
            .then(|| first.to_string())
    }
    let fill = |slot: &mut Option<String>, v: Option<String>| {
        if nonempty(slot).is_none() {
            *slot = v;
        }
    };
    fill(&mut meta.journal, common(docs, |m| &m.journal));
    fill(&mut meta.volume, common(docs, |m| &m.volume));
    fill(&mut meta.issue, common(docs, |m| &m.issue));
    fill(&mut meta.series, common(docs, |m| &m.series));
    fill(&mut meta.language, common(docs, |m| &m.language));
    let latest = docs
        .iter()
        .filter_map(|d| d.meta.date.as_deref())
        .filter(|d| crate::meta::is_iso_date(d))
        .max()
        .map(str::to_string);
    fill(&mut meta.date, latest);
    if meta.authors.is_empty() {
        let mut seen: Vec<Author> = Vec::new();
        for a in docs.iter().flat_map(|d| &d.meta.authors) {
            if !a.name.trim().is_empty() && !seen.iter().any(|s| s.name == a.name) {
                seen.push(a.clone());
            }
        }
        meta.authors = seen;
    }
    if meta.keywords.is_empty() {
        let mut seen: Vec<Keyword> = Vec::new();
        for k in docs.iter().flat_map(|d| &d.meta.keywords) {
            if !k.text.trim().is_empty() && !seen.iter().any(|s| s.text == k.text) {
                seen.push(k.clone());
            }
        }
        meta.keywords = seen;
    }
}

/// `Global-e, Volume 13, Issue 22` when the journal is known.
fn issue_title(m: &Metadata) -> Option<String> {
    let journal = nonempty(&m.journal)?;
    Some(match volume_issue(m) {
        Some(vi) => format!("{journal}, {vi}"),
        None => journal.to_string(),
    })
}

/// The article's title, or a stand-in (recorded): `Untitled article`.
pub(super) fn article_title(doc: &Document, report: &mut Report) -> String {
    if let Some(t) = nonempty(&doc.meta.title) {
        return t.to_string();
    }
    let t = fallback_title(doc);
    report.record(
        "epub",
        Action::Warning,
        None,
        format!("no title: used “{t}”"),
    );
    t
}

/// The stand-in for a missing title. Never a section heading: a heading names a part of the
/// article, and a reading system would show it as the whole book's name.
fn fallback_title(_doc: &Document) -> String {
    "Untitled article".to_string()
}

/// A well-formed BCP 47 tag (RFC 5646 §2.1 shape), else `fallback` (recorded when a tag was
/// given but malformed).
pub(super) fn language(tag: Option<&str>, fallback: &str, report: &mut Report) -> String {
    let Some(t) = tag.map(str::trim).filter(|t| !t.is_empty()) else {
        return fallback.to_string();
    };
    let mut parts = t.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    if primary_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return t.to_string();
    }
    report.record(
        "epub",
        Action::Warning,
        None,
        format!("language `{t}` is not a BCP 47 tag: used `{fallback}`"),
    );
    fallback.to_string()
}

/// The book's unique identifier: the DOI, else the article's own address, else a UUID derived
/// from the content (so the same input always gets the same identifier). A book of several
/// articles uses only identifiers given for the book itself.
fn identifier(meta: &Metadata, single: bool, docs: &[Document], book: Option<&Metadata>) -> String {
    let own = if single { Some(meta) } else { book };
    if let Some(m) = own {
        if let Some(doi) = m
            .identifiers
            .iter()
            .find(|i| i.scheme.eq_ignore_ascii_case("doi"))
        {
            let v = doi.value.trim();
            if !v.is_empty() {
                return format!("urn:doi:{v}");
            }
        }
        if let Some(u) = nonempty(&m.self_uri) {
            return u.to_string();
        }
    }
    format!("urn:uuid:{}", content_uuid(docs, book))
}

/// An RFC 9562 version-8 (name-based, SHA-256) UUID of the serialised model.
fn content_uuid(docs: &[Document], book: Option<&Metadata>) -> String {
    let mut h = Sha256::new();
    // The JSON form of the model is stable; serialising plain data into memory cannot fail,
    // and if it ever did the hash would still be deterministic.
    h.update(serde_json::to_vec(&(docs, book)).unwrap_or_default());
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0F) | 0x80;
    b[8] = (b[8] & 0x3F) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// `dcterms:modified`: from `SOURCE_DATE_EPOCH` (reproducible-builds.org), else the
/// publication date, else a fixed time — never the clock.
fn modified(epoch: Option<&str>, date: Option<&str>, report: &mut Report) -> String {
    if let Some(e) = epoch.map(str::trim).filter(|e| !e.is_empty()) {
        match e.parse::<i64>() {
            Ok(secs) if (0..=253_402_300_799).contains(&secs) => return from_epoch(secs),
            _ => report.record(
                "epub",
                Action::Warning,
                None,
                format!("SOURCE_DATE_EPOCH `{e}` is not a number of seconds: ignored"),
            ),
        }
    }
    if let Some(d) = date.map(str::trim).filter(|d| crate::meta::is_iso_date(d)) {
        let full = match d.len() {
            4 => format!("{d}-01-01"),
            7 => format!("{d}-01"),
            _ => d.to_string(),
        };
        return format!("{full}T00:00:00Z");
    }
    report.record(
        "epub",
        Action::Warning,
        None,
        "no date and no SOURCE_DATE_EPOCH: dcterms:modified set to the fixed 1980-01-01T00:00:00Z",
    );
    "1980-01-01T00:00:00Z".to_string()
}

/// Seconds since 1970 as `CCYY-MM-DDThh:mm:ssZ` (civil-from-days, H. Hinnant's algorithm).
fn from_epoch(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_to_civil_time() {
        assert_eq!(from_epoch(0), "1970-01-01T00:00:00Z");
        assert_eq!(from_epoch(1_586_476_800), "2020-04-10T00:00:00Z");
        assert_eq!(from_epoch(951_782_400 + 3_661), "2000-02-29T01:01:01Z");
        assert_eq!(from_epoch(253_402_300_799), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn modified_never_reads_the_clock() {
        let mut r = Report::default();
        assert_eq!(
            modified(Some("1586476800"), Some("2019"), &mut r),
            "2020-04-10T00:00:00Z"
        );
        assert_eq!(
            modified(None, Some("2020-04"), &mut r),
            "2020-04-01T00:00:00Z"
        );
        assert_eq!(
            modified(Some("soon"), Some("2020-04-10"), &mut r),
            "2020-04-10T00:00:00Z"
        );
        assert_eq!(
            modified(None, Some("April 2020"), &mut r),
            "1980-01-01T00:00:00Z"
        );
        assert_eq!(r.of(Action::Warning).count(), 2);
    }

    #[test]
    fn uuid_is_stable_and_well_formed() {
        let doc = Document::default();
        let a = content_uuid(std::slice::from_ref(&doc), None);
        assert_eq!(a, content_uuid(std::slice::from_ref(&doc), None));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
        let mut other = doc.clone();
        other.meta.title = Some("x".into());
        assert_ne!(a, content_uuid(&[other], None));
    }

    #[test]
    fn language_tags_checked() {
        let mut r = Report::default();
        assert_eq!(language(Some("en-US"), "en", &mut r), "en-US");
        assert_eq!(language(Some("\"><x"), "en", &mut r), "en");
        assert_eq!(language(None, "de", &mut r), "de");
        assert_eq!(r.changes.len(), 1);
    }
}
