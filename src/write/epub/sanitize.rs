//! Drops from a copy of the model every character an XHTML/XML document cannot carry (XML 1.0
//! §2.2, HTML's ban on C1 controls and noncharacters) before anything is written, so that
//! emptiness checks (`a title`, `an author name`) see the text that will really be written.

use super::xml::is_xml_char;
use crate::model::{walk_inlines_mut, BlockKind, Document, Inline, Metadata};
use std::collections::BTreeSet;

/// Nesting beyond which inlines are left for the XML emitter's own filter.
const MAX_DEPTH: usize = 64;

/// What was dropped: how many characters, and which (a bounded sample).
#[derive(Default)]
pub(super) struct Dropped {
    pub count: usize,
    pub chars: BTreeSet<char>,
}

impl Dropped {
    fn string(&mut self, s: &mut String) {
        if s.chars().all(is_xml_char) {
            return;
        }
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if is_xml_char(c) {
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

    fn option(&mut self, s: &mut Option<String>) {
        if let Some(s) = s {
            self.string(s);
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
    pub fn metadata(&mut self, m: &mut Metadata) {
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
    }

    /// Cleans every string of the document.
    pub fn document(&mut self, doc: &mut Document) {
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

    /// `dropped 3 character(s) XML cannot carry (U+0001, U+FFFE)`, if any were.
    pub fn summary(&self) -> Option<String> {
        (self.count > 0).then(|| {
            let list: Vec<String> = self
                .chars
                .iter()
                .map(|c| format!("U+{:04X}", *c as u32))
                .collect();
            format!(
                "dropped {} character(s) XML cannot carry ({})",
                self.count,
                list.join(", ")
            )
        })
    }
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
        let mut d = Dropped::default();
        d.metadata(&mut m);
        assert_eq!(m.authors[0].name, "");
        assert_eq!(m.title.as_deref(), Some("ab"));
        assert_eq!(
            d.summary().unwrap(),
            "dropped 3 character(s) XML cannot carry (U+0001, U+0085, U+FFFE)"
        );
    }
}
