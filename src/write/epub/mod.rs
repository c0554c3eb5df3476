//! EPUB writer: one EPUB 3.3 book (<https://www.w3.org/TR/epub-33/>) holding one XHTML content
//! document per article, a navigation document, a package document with Dublin Core and
//! schema.org accessibility metadata, and a stylesheet. Output is byte-identical across runs.

mod book;
mod container;
mod nav;
mod package;
mod xhtml;
mod xml;

use crate::model::{Document, Metadata};
use crate::report::Report;
use crate::write::WriteOptions;

/// The stylesheet every content document links to.
const STYLE: &str = include_str!("style.css");

/// An entry of the table of contents inside one article.
pub(super) struct NavEntry {
    /// 1 = top-level section of the article.
    pub level: u8,
    /// Fragment id in the content document.
    pub id: String,
    /// The text shown.
    pub label: String,
}

/// What the navigation and package documents need to know about a written article.
pub(super) struct Outline {
    /// The content document's file name inside `OEBPS/`.
    pub file: String,
    /// The title shown.
    pub title: String,
    /// Sections, acknowledgement and notes, in reading order.
    pub sections: Vec<NavEntry>,
    /// Id of the notes section, if any.
    pub notes_id: Option<String>,
    /// Pull quotes written (they interrupt the reading order, so the claim depends on it).
    pub pull_quotes_kept: usize,
    /// Figures written (captions without images).
    pub figures: usize,
}

/// The book-level facts the package document states.
pub(super) struct BookFacts {
    pub meta: Metadata,
    pub title: String,
    pub lang: String,
    /// `dc:identifier` of the book (`urn:doi:...`, the self URI, or `urn:uuid:...`).
    pub identifier: String,
    /// `dcterms:modified`, `CCYY-MM-DDThh:mm:ssZ`.
    pub modified: String,
    /// The articles' own web addresses.
    pub sources: Vec<String>,
}

/// Writes one book holding `docs` in order; `book` is the book's own metadata (an issue's
/// title) when it holds several articles.
pub fn write_book(
    docs: &[Document],
    book: Option<&Metadata>,
    opts: &WriteOptions,
    report: &mut Report,
) -> crate::Result<Vec<u8>> {
    if docs.is_empty() {
        return Err(crate::Error::Write {
            file: "-".into(),
            reason: "EPUB: no article to write".into(),
        });
    }
    let several = docs.len() > 1;
    // Clean copies: what cannot be written is dropped (and reported as a warning, as the
    // JATS and Markdown writers do, so batch reports list it) before any decision.
    let mut cleaned = Vec::with_capacity(docs.len());
    let mut notes: Vec<Report> = Vec::with_capacity(docs.len());
    for d in docs {
        let mut d = d.clone();
        crate::uri::apply(&mut d, report);
        let mut r = Report::default();
        crate::chars::apply(&mut d, &mut r);
        cleaned.push(d);
        notes.push(r);
    }
    let book = book.map(|b| {
        let mut b = b.clone();
        crate::chars::apply_metadata(&mut b, report, "book metadata: ");
        b
    });
    let docs = cleaned.as_slice();
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let facts = book::book_facts(docs, book.as_ref(), epoch.as_deref(), report);

    let mut contents = Vec::new();
    let mut outlines = Vec::new();
    for ((i, doc), mut r) in docs.iter().enumerate().zip(notes) {
        let number = i + 1;
        let input = xhtml::ArticleInput {
            doc,
            number,
            title: book::article_title(doc, &mut r),
            lang: if doc.meta.language == facts.meta.language {
                // Already checked (and any problem reported) as the book's language.
                facts.lang.clone()
            } else {
                book::language(doc.meta.language.as_deref(), &facts.lang, &mut r)
            },
        };
        let file = format!("article-{number}.xhtml");
        let (bytes, outline) = xhtml::article(&input, &file, opts, &mut r)?;
        contents.push(bytes);
        outlines.push(outline);
        // In a book, say which article each change concerns.
        for mut c in r.changes {
            if several {
                c.detail = format!("article {number}: {}", c.detail);
            }
            report.changes.push(c);
        }
    }
    let nav = nav::document(&facts, &outlines)?;
    let opf = package::document(&facts, &outlines)?;

    let mut entries: Vec<(String, Vec<u8>)> = vec![
        (
            "META-INF/container.xml".into(),
            container::CONTAINER.as_bytes().to_vec(),
        ),
        ("OEBPS/package.opf".into(), opf),
        ("OEBPS/nav.xhtml".into(), nav),
        ("OEBPS/style.css".into(), STYLE.as_bytes().to_vec()),
    ];
    for (o, c) in outlines.iter().zip(contents) {
        entries.push((format!("OEBPS/{}", o.file), c));
    }
    container::zip_book(&entries, &facts.modified)
}

/// `April 10, 2020` for English text, else the ISO date as given.
pub(super) fn human_date(iso: &str, lang: &Option<String>) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let english = lang
        .as_deref()
        .is_none_or(|l| l.to_ascii_lowercase().starts_with("en"));
    let parts: Vec<&str> = iso.split('-').collect();
    let month = |m: &str| {
        m.parse::<usize>()
            .ok()
            .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
    };
    match (english, parts.as_slice()) {
        (true, [y, m, d]) => match (month(m), d.parse::<u8>()) {
            (Some(m), Ok(d)) => format!("{m} {d}, {y}"),
            _ => iso.to_string(),
        },
        (true, [y, m]) => month(m).map_or_else(|| iso.to_string(), |m| format!("{m} {y}")),
        _ => iso.to_string(),
    }
}

pub(super) fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// `Volume 13, Issue 22`, or either half.
pub(super) fn volume_issue(m: &Metadata) -> Option<String> {
    match (nonempty(&m.volume), nonempty(&m.issue)) {
        (Some(v), Some(i)) => Some(format!("Volume {v}, Issue {i}")),
        (Some(v), None) => Some(format!("Volume {v}")),
        (None, Some(i)) => Some(format!("Issue {i}")),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_printed() {
        assert_eq!(human_date("2020-04-10", &None), "April 10, 2020");
        assert_eq!(human_date("2020-04", &Some("en-GB".into())), "April 2020");
        assert_eq!(human_date("2020-04-10", &Some("de".into())), "2020-04-10");
        assert_eq!(human_date("2020-13-01", &None), "2020-13-01");
    }
}
