//! Cleaning: the passes that turn an [`Export`] (pages of lines, as laid out) into a
//! [`Document`], removing what the page added and recording every change in the [`Report`].
//!
//! The order of passes lives here, in [`clean`], and nowhere else.

use crate::model::{Block, BlockKind, Document, Inline, SourceSpan};
use crate::read::Export;
use crate::report::Report;

/// Runs every pass, in order, over one article's export.
pub fn clean(export: Export, report: &mut Report) -> Document {
    // Placeholder until the passes land: one paragraph per blank-separated run of lines.
    let mut doc = Document::default();
    for page in &export.pages {
        let mut run: Vec<&crate::read::Line> = Vec::new();
        for line in page
            .lines
            .iter()
            .chain(std::iter::once(&crate::read::Line::default()))
        {
            if line.is_blank() {
                if let (Some(first), Some(last)) = (run.first(), run.last()) {
                    let text = run
                        .iter()
                        .map(|l| l.text.trim())
                        .collect::<Vec<_>>()
                        .join(" ");
                    doc.body.push(Block::at(
                        BlockKind::Paragraph {
                            content: vec![Inline::text(text)],
                        },
                        SourceSpan {
                            page: page.number,
                            first_line: first.no,
                            last_line: last.no,
                        },
                    ));
                }
                run.clear();
            } else {
                run.push(line);
            }
        }
    }
    let _ = report;
    doc
}
