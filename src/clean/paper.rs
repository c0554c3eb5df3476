//! A paper's title and byline when no earlier pass found them: the title the PDF reader read
//! from the first page (the largest type near the top) and the byline printed right below it
//! (names parted by commas and `and`, affiliation marks stripped). They go to the metadata,
//! and leave the body when the body repeats them at its top.

use super::frontmatter::{is_name_line, names};
use crate::model::{plain_text, Block, BlockKind, Document, Inline};
use crate::read::ExportInfo;
use crate::report::{Action, Report};

const PASS: &str = "frontmatter";

/// Body blocks at the top of page 1 searched for the title and byline.
const SEARCH_BLOCKS: usize = 8;

/// Most names a byline is taken to hold.
const MAX_AUTHORS: usize = 40;

/// Fills `doc.meta.title` and `doc.meta.authors` from the first page when they are unknown.
pub(crate) fn front_matter(doc: &mut Document, info: &ExportInfo, report: &mut Report) {
    let Some(title) = info
        .block_title
        .as_deref()
        .map(squash)
        .filter(|t| !t.is_empty())
    else {
        return;
    };
    let known = doc.meta.title.as_deref().map(squash);
    // The title's heading at the top of the body, if the body still has it.
    let at = doc
        .body
        .iter()
        .take(SEARCH_BLOCKS)
        .position(|b| on_first_page(b) && squash(&plain_text(text_of(b))) == title);
    let heading_at = at.filter(|&k| matches!(doc.body[k].kind, BlockKind::Heading { .. }));
    let first_heading = doc
        .body
        .iter()
        .position(|b| matches!(b.kind, BlockKind::Heading { .. }));
    let byline_after = heading_at
        .and_then(|k| doc.body.get(k + 1))
        .is_some_and(|b| byline(&squash(&without_marks(text_of(b)))).is_some());
    // The reader's guess is only trusted when the body agrees: the title is its first
    // heading, or a heading with a byline below it. Else a page without a title (a chapter's
    // page, a handbook's) would be titled after its first paragraph.
    let trusted = heading_at.is_some() && (heading_at == first_heading || byline_after);
    if known.is_none() && !trusted {
        return;
    }
    if known.is_none() {
        report.record(
            PASS,
            Action::Recognised,
            None,
            format!("title {title:?}: the largest type at the top of page 1"),
        );
        doc.meta.title = Some(title.clone());
    }
    let at = if known.as_ref().is_none_or(|k| *k == title) {
        at
    } else {
        None
    };
    let title = known.unwrap_or(title);
    if let Some(k) = at {
        let b = doc.body.remove(k);
        record_removed(report, &b, "title, now in the metadata");
    }
    if doc.meta.authors.is_empty() {
        byline_into_meta(doc, info, &title, at, report);
    }
}

/// The byline into the metadata: the block where the title was, or the title block's lines
/// after the title; a block it came from leaves the body.
fn byline_into_meta(
    doc: &mut Document,
    info: &ExportInfo,
    title: &str,
    at: Option<usize>,
    report: &mut Report,
) {
    let from_body = at.and_then(|k| {
        let b = doc.body.get(k).filter(|b| on_first_page(b))?;
        let text = squash(&without_marks(text_of(b)));
        byline(&text).map(|n| (n, true))
    });
    let found = from_body
        .or_else(|| byline(&squash(&title_block_byline(info, title)?)).map(|n| (n, false)));
    let Some((names, in_body)) = found else {
        return;
    };
    if in_body {
        if let Some(k) = at {
            let b = doc.body.remove(k);
            record_removed(report, &b, "byline, now in the metadata");
        }
    }
    report.record(
        PASS,
        Action::Recognised,
        None,
        format!("authors {names:?}: the byline below the title"),
    );
    for name in &names {
        crate::meta::add_author(&mut doc.meta, name);
    }
}

fn record_removed(report: &mut Report, b: &Block, why: &str) {
    report.record(
        PASS,
        Action::Removed,
        b.source.map(|s| (s.first_line, s.last_line)),
        format!("{:?}: {why}", plain_text(text_of(b))),
    );
}

fn on_first_page(b: &Block) -> bool {
    b.source.is_none_or(|s| s.page <= 1)
}

fn text_of(b: &Block) -> &[Inline] {
    match &b.kind {
        BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => content,
        _ => &[],
    }
}

/// Whitespace collapsed to single spaces.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Visible text without superscripts and note marks (affiliation numbers, `*`).
fn without_marks(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text { text } => out.push_str(text),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Link { content, .. } => out.push_str(&without_marks(content)),
            Inline::Superscript { .. } | Inline::NoteRef { .. } => out.push(' '),
        }
    }
    out
}

/// The title block's lines after the title's, up to the first that is not part of a byline
/// (a byline may wrap: a line ending with a comma or `and` goes on).
fn title_block_byline(info: &ExportInfo, title: &str) -> Option<String> {
    let lines = &info.title_block;
    // The title's last line: where the lines read so far end with the whole title.
    let mut acc = String::new();
    let mut end = None;
    for (k, l) in lines.iter().enumerate().take(40) {
        acc.push(' ');
        acc.push_str(&squash(l));
        if acc.ends_with(title) {
            end = Some(k);
            break;
        }
    }
    let mut out = String::new();
    for l in lines.iter().skip(end? + 1).take(4) {
        let l = squash(l);
        out = if out.is_empty() {
            l
        } else {
            format!("{out} {l}")
        };
        if !(out.ends_with(',') || out.ends_with(" and")) {
            break;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The names of a byline, affiliation marks (`1`, `2,3`, `*`, `†`) stripped; `None` unless
/// every part reads as a name.
fn byline(text: &str) -> Option<Vec<String>> {
    let bare: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_digit() || "*†‡§¶#".contains(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    let bare = squash(&bare.replace(" ,", ","));
    let names: Vec<String> = names(&bare)
        .into_iter()
        .map(|n| squash(n.trim_matches([',', ';', ' '])))
        .filter(|n| !n.is_empty())
        .collect();
    (!names.is_empty() && names.len() <= MAX_AUTHORS && is_name_line(&names.join(", ")))
        .then_some(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceSpan;

    fn block(kind: fn(Vec<Inline>) -> BlockKind, inlines: Vec<Inline>) -> Block {
        Block::at(
            kind(inlines),
            SourceSpan {
                page: 1,
                first_line: 1,
                last_line: 1,
            },
        )
    }

    fn heading(c: Vec<Inline>) -> BlockKind {
        BlockKind::Heading {
            level: 1,
            content: c,
        }
    }

    fn para(c: Vec<Inline>) -> BlockKind {
        BlockKind::Paragraph { content: c }
    }

    fn sup(s: &str) -> Inline {
        Inline::Superscript {
            content: vec![Inline::text(s)],
        }
    }

    #[test]
    fn title_and_byline_leave_the_body_for_the_metadata() {
        let mut doc = Document {
            body: vec![
                block(
                    heading,
                    vec![Inline::text("Deep  Venous Thrombosis in Trauma")],
                ),
                block(
                    heading,
                    vec![
                        Inline::text("Indraneel Datta"),
                        sup("1"),
                        Inline::text(", Chad G Ball"),
                        sup("1*"),
                        Inline::text(" and S Morad Hameed"),
                        sup("2"),
                    ],
                ),
                block(para, vec![Inline::text("Background text of the paper.")]),
            ],
            ..Default::default()
        };
        let info = ExportInfo {
            block_title: Some("Deep Venous Thrombosis in Trauma".into()),
            ..Default::default()
        };
        front_matter(&mut doc, &info, &mut Report::default());
        assert_eq!(
            doc.meta.title.as_deref(),
            Some("Deep Venous Thrombosis in Trauma")
        );
        let names: Vec<&str> = doc.meta.authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Indraneel Datta", "Chad G Ball", "S Morad Hameed"]);
        assert_eq!(doc.meta.authors[1].surname.as_deref(), Some("Ball"));
        assert_eq!(doc.body.len(), 1);
    }

    #[test]
    fn a_byline_from_the_title_block_lines() {
        let mut doc = Document::default();
        doc.meta.title = Some("Phytochemical investigations of Phoenix".into());
        let info = ExportInfo {
            block_title: Some("Phytochemical investigations of Phoenix".into()),
            title_block: vec![
                "Phytochemical investigations".into(),
                "of Phoenix".into(),
                "Farzana Alam1, Mohammad S. Rahman2,".into(),
                "Md. Khalid Hossain2 and Mohammad A. Rashid2,3".into(),
                "Department of Pharmacy, University of Dhaka".into(),
            ],
            ..Default::default()
        };
        front_matter(&mut doc, &info, &mut Report::default());
        let names: Vec<&str> = doc.meta.authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Farzana Alam",
                "Mohammad S. Rahman",
                "Md. Khalid Hossain",
                "Mohammad A. Rashid"
            ]
        );
    }

    #[test]
    fn an_untrusted_title_guess_is_left_alone() {
        // The reader's guess is a paragraph (a page with no title): no title, body unchanged.
        let mut doc = Document {
            body: vec![
                block(para, vec![Inline::text("order to compute the score.")]),
                block(
                    heading,
                    vec![Inline::text("5.1 Hyper Parameter Optimization")],
                ),
            ],
            ..Default::default()
        };
        let info = ExportInfo {
            block_title: Some("order to compute the score.".into()),
            ..Default::default()
        };
        front_matter(&mut doc, &info, &mut Report::default());
        assert_eq!(doc.meta.title, None);
        assert_eq!(doc.body.len(), 2);
    }

    #[test]
    fn a_sentence_below_the_title_is_no_byline() {
        let mut doc = Document {
            body: vec![
                block(heading, vec![Inline::text("A Title")]),
                block(
                    para,
                    vec![Inline::text("This paper studies the effect of X on Y.")],
                ),
            ],
            ..Default::default()
        };
        let info = ExportInfo {
            block_title: Some("A Title".into()),
            ..Default::default()
        };
        front_matter(&mut doc, &info, &mut Report::default());
        assert!(doc.meta.authors.is_empty());
        assert_eq!(doc.body.len(), 1);
        assert_eq!(byline("Results and Discussion"), None);
        assert_eq!(byline("In 2019, we"), None);
    }
}
