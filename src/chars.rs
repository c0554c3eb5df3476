//! One character policy for every output, applied to the model before any writer (with the
//! link policy, [`crate::uri`]):
//!
//! - characters no output format may carry are dropped and counted: C0 and C1 controls other
//!   than tab and line ends, and the noncharacters (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF) that XML
//!   1.0 forbids or HTML rejects — so Markdown and JSON carry exactly the text JATS and EPUB
//!   carry;
//! - bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) are balanced
//!   within each run of text: a closer with no opener is dropped, an opener left open is
//!   closed at the end of its run, so text can never reverse what follows it (a file name, a
//!   URL, the next paragraph).
//!
//! Every change is reported.

use crate::model::{walk_inlines_mut, BlockKind, Document, Inline, Metadata};
use crate::report::{Action, Report};
use std::collections::BTreeSet;

const PASS: &str = "characters";

/// Nesting beyond which inlines are left for the writers' own filters.
const MAX_DEPTH: usize = 64;

/// Whether any output may carry `c`: XML 1.0 `Char`, less C1 controls and noncharacters.
pub fn allowed(c: char) -> bool {
    let u = c as u32;
    match u {
        0x9 | 0xA | 0xD => true,
        0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFDCF | 0xFDF0..=0xFFFD => true,
        0x10000..=0x10FFFF => (u & 0xFFFE) != 0xFFFE,
        _ => false,
    }
}

/// Invisible direction controls: marks, embeddings, overrides and isolates. In text they can
/// make what follows display as something else (a URL, a file name).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Applies the policy to every string of the document, recording what it changed.
pub fn apply(doc: &mut Document, report: &mut Report) {
    let mut d = Dropped::default();
    d.document(doc);
    d.record(report, "");
}

/// Applies the policy to metadata alone (an EPUB book's own metadata).
pub fn apply_metadata(m: &mut Metadata, report: &mut Report, what: &str) {
    let mut d = Dropped::default();
    d.metadata(m);
    d.record(report, what);
}

/// What was dropped: how many characters, and which (a bounded sample); bidi controls added
/// or removed to balance.
#[derive(Default)]
struct Dropped {
    count: usize,
    chars: BTreeSet<char>,
    bidi: usize,
}

impl Dropped {
    fn string(&mut self, s: &mut String) {
        if !s.chars().all(allowed) {
            let mut out = String::with_capacity(s.len());
            for c in s.chars() {
                if allowed(c) {
                    out.push(c);
                } else {
                    self.count += 1;
                    if self.chars.len() < 16 {
                        self.chars.insert(c);
                    }
                }
            }
            *s = out;
        }
        self.bidi += balance_bidi(s);
    }

    fn option(&mut self, s: &mut Option<String>) {
        if let Some(s) = s {
            self.string(s);
        }
    }

    fn record(&self, report: &mut Report, what: &str) {
        if self.count > 0 {
            let list: Vec<String> = self
                .chars
                .iter()
                .map(|c| format!("U+{:04X}", *c as u32))
                .collect();
            let detail = format!(
                "{what}dropped {} character(s) no output format may carry ({})",
                self.count,
                list.join(", ")
            );
            report.record(PASS, Action::Warning, None, detail);
        }
        if self.bidi > 0 {
            let detail = format!(
                "{what}balanced the text's direction controls: {} unmatched U+202A-202E/U+2066-2069 closed or dropped",
                self.bidi
            );
            report.record(PASS, Action::Repaired, None, detail);
        }
    }

    fn inlines(&mut self, xs: &mut [Inline], depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for i in xs {
            match i {
                Inline::Text { text } => self.string(text),
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Superscript { content } => self.inlines(content, depth + 1),
                Inline::Link { target, content } => {
                    self.string(target);
                    self.inlines(content, depth + 1);
                }
                Inline::NoteRef { id, label } => {
                    self.string(id);
                    self.string(label);
                }
            }
        }
    }

    /// Cleans every string of the metadata.
    fn metadata(&mut self, m: &mut Metadata) {
        for s in [
            &mut m.title,
            &mut m.subtitle,
            &mut m.date,
            &mut m.journal,
            &mut m.volume,
            &mut m.issue,
            &mut m.series,
            &mut m.self_uri,
            &mut m.language,
        ] {
            self.option(s);
        }
        for a in &mut m.authors {
            self.string(&mut a.name);
            for s in [&mut a.given, &mut a.surname, &mut a.bio, &mut a.affiliation] {
                self.option(s);
            }
        }
        for k in &mut m.keywords {
            self.string(&mut k.text);
            self.option(&mut k.uri);
        }
        for i in &mut m.identifiers {
            self.string(&mut i.scheme);
            self.string(&mut i.value);
        }
        if let Some(a) = &mut m.abstract_ {
            self.inlines(a, 0);
        }
    }

    /// Cleans every string of the document.
    fn document(&mut self, doc: &mut Document) {
        self.metadata(&mut doc.meta);
        walk_inlines_mut(doc, &mut |xs| self.inlines(xs, 0));
        for b in &mut doc.body {
            if let BlockKind::Figure { credit, image, .. } = &mut b.kind {
                self.option(credit);
                self.option(image);
            }
        }
        for n in &mut doc.notes {
            self.string(&mut n.id);
            self.string(&mut n.label);
        }
        if let Some(a) = &mut doc.acknowledgement {
            self.string(&mut a.id);
            self.option(&mut a.label);
        }
    }
}

/// Balances bidi controls in one run of text; returns how many were dropped or added.
fn balance_bidi(s: &mut String) -> usize {
    if !s.chars().any(is_bidi_control) {
        return 0;
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut open: Vec<char> = Vec::new();
    let mut changed = 0;
    for c in s.chars() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => open.push('\u{202C}'),
            '\u{2066}'..='\u{2068}' => open.push('\u{2069}'),
            '\u{202C}' | '\u{2069}' => {
                // A closer closes the innermost opener of its kind (and any embeddings inside
                // an isolate, as UAX #9 does); with none open it is dropped.
                let Some(at) = open.iter().rposition(|&o| o == c) else {
                    changed += 1;
                    continue;
                };
                for inner in open.drain(at + 1..).rev() {
                    out.push(inner);
                    changed += 1;
                }
                open.pop();
            }
            _ => {}
        }
        out.push(c);
    }
    changed += open.len();
    out.extend(open.into_iter().rev());
    *s = out;
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Author;

    #[test]
    fn names_made_only_of_controls_become_empty() {
        let mut m = Metadata {
            authors: vec![Author {
                name: "\u{1}\u{85}".into(),
                ..Default::default()
            }],
            title: Some("a\u{FFFE}b".into()),
            ..Default::default()
        };
        let mut r = Report::default();
        apply_metadata(&mut m, &mut r, "");
        assert_eq!(m.authors[0].name, "");
        assert_eq!(m.title.as_deref(), Some("ab"));
        assert_eq!(
            r.changes[0].detail,
            "dropped 3 character(s) no output format may carry (U+0001, U+0085, U+FFFE)"
        );
    }

    #[test]
    fn bidi_controls_are_balanced_within_a_run() {
        let cases = [
            ("plain", "plain", 0),
            ("a\u{202E}gpj.exe", "a\u{202E}gpj.exe\u{202C}", 1),
            ("a\u{202C}b", "ab", 1),
            ("\u{2067}x\u{2069}", "\u{2067}x\u{2069}", 0),
            (
                "\u{2067}\u{202B}x\u{2069}",
                "\u{2067}\u{202B}x\u{202C}\u{2069}",
                1,
            ),
            ("\u{202D}\u{2066}x", "\u{202D}\u{2066}x\u{2069}\u{202C}", 2),
        ];
        for (input, want, n) in cases {
            let mut s = input.to_string();
            assert_eq!((balance_bidi(&mut s), s.as_str()), (n, want), "{input:?}");
        }
    }
}
