//! A small XML emitter over quick-xml for the EPUB writer: every text and attribute value is
//! escaped by quick-xml, and characters XML 1.0 forbids (§2.2 `Char`) are dropped and counted
//! so the writer can report them. Whitespace is added only between element-only children.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::borrow::Cow;
use std::collections::BTreeSet;

/// An XML document being written into memory.
pub(super) struct Xml {
    w: Writer<Vec<u8>>,
    /// Characters dropped because XML cannot carry them.
    pub dropped: BTreeSet<char>,
    /// How many characters were dropped.
    pub dropped_count: usize,
    failed: Option<std::io::Error>,
}

impl Xml {
    /// A document starting with the XML declaration.
    pub fn new() -> Self {
        let mut x = Xml {
            w: Writer::new(Vec::new()),
            dropped: BTreeSet::new(),
            dropped_count: 0,
            failed: None,
        };
        x.emit(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        x.raw("\n");
        x
    }

    /// A fragment (no declaration), to be spliced into a document with [`Xml::splice`].
    pub fn fragment() -> Self {
        Xml {
            w: Writer::new(Vec::new()),
            dropped: BTreeSet::new(),
            dropped_count: 0,
            failed: None,
        }
    }

    fn emit(&mut self, ev: Event<'_>) {
        if self.failed.is_none() {
            if let Err(e) = self.w.write_event(ev) {
                self.failed = Some(e);
            }
        }
    }

    /// Writes markup that contains no input text (a newline, the doctype).
    pub fn raw(&mut self, s: &'static str) {
        use std::io::Write;
        if self.failed.is_none() {
            if let Err(e) = self.w.get_mut().write_all(s.as_bytes()) {
                self.failed = Some(e);
            }
        }
    }

    /// `<!DOCTYPE html>`.
    pub fn doctype_html(&mut self) {
        self.emit(Event::DocType(BytesText::from_escaped("html")));
        self.raw("\n");
    }

    fn clean<'a>(&mut self, s: &'a str) -> Cow<'a, str> {
        if s.chars().all(is_xml_char) {
            return Cow::Borrowed(s);
        }
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if is_xml_char(c) {
                out.push(c);
            } else {
                self.dropped_count += 1;
                // A bounded sample is enough for the report.
                if self.dropped.len() < 16 {
                    self.dropped.insert(c);
                }
            }
        }
        Cow::Owned(out)
    }

    fn start_tag(&mut self, name: &str, attrs: &[(&str, &str)]) -> BytesStart<'static> {
        let mut tag = BytesStart::new(name.to_string());
        for (k, v) in attrs {
            let v = self.clean(v);
            tag.push_attribute((*k, v.as_ref()));
        }
        tag
    }

    /// `<name attrs...>`.
    pub fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let tag = self.start_tag(name, attrs);
        self.emit(Event::Start(tag));
    }

    /// `</name>`.
    pub fn end(&mut self, name: &str) {
        self.emit(Event::End(BytesEnd::new(name.to_string())));
    }

    /// `<name attrs.../>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let tag = self.start_tag(name, attrs);
        self.emit(Event::Empty(tag));
    }

    /// Escaped text.
    pub fn text(&mut self, s: &str) {
        let s = self.clean(s);
        if !s.is_empty() {
            self.emit(Event::Text(BytesText::new(&s)));
        }
    }

    /// `<name attrs...>text</name>`.
    pub fn element(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start(name, attrs);
        self.text(text);
        self.end(name);
    }

    /// Appends a fragment written separately, merging its record of dropped characters.
    pub fn splice(&mut self, frag: Xml) {
        use std::io::Write;
        self.dropped_count += frag.dropped_count;
        for c in frag.dropped {
            if self.dropped.len() < 16 {
                self.dropped.insert(c);
            }
        }
        if let Some(e) = frag.failed {
            self.failed.get_or_insert(e);
            return;
        }
        let bytes = frag.w.into_inner();
        if self.failed.is_none() {
            if let Err(e) = self.w.get_mut().write_all(&bytes) {
                self.failed = Some(e);
            }
        }
    }

    /// The bytes written, or the writer's error (writing into memory does not fail, but the
    /// error is carried rather than assumed away).
    pub fn finish(self) -> crate::Result<Vec<u8>> {
        match self.failed {
            None => Ok(self.w.into_inner()),
            Some(e) => Err(crate::Error::Write {
                file: "-".into(),
                reason: format!("EPUB: {e}"),
            }),
        }
    }

    /// A short description of what was dropped, for the report (`2 × U+0001, U+FFFE`).
    pub fn dropped_summary(&self) -> Option<String> {
        if self.dropped_count == 0 {
            return None;
        }
        let list: Vec<String> = self
            .dropped
            .iter()
            .map(|c| format!("U+{:04X}", *c as u32))
            .collect();
        Some(format!(
            "dropped {} character(s) XML cannot carry ({})",
            self.dropped_count,
            list.join(", ")
        ))
    }
}

/// What XML and XHTML may carry: the one character policy's test ([`crate::chars::allowed`]).
pub(super) use crate::chars::allowed as is_xml_char;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_forbidden_characters_dropped() {
        let mut x = Xml::fragment();
        x.element(
            "p",
            &[("title", "a\"b<\u{1}")],
            "<script>&]]>\u{0}\u{7}\u{202E}x\u{FFFE}",
        );
        assert_eq!(x.dropped_count, 4);
        assert_eq!(
            x.dropped_summary().unwrap(),
            "dropped 4 character(s) XML cannot carry (U+0000, U+0001, U+0007, U+FFFE)"
        );
        let out = String::from_utf8(x.finish().unwrap()).unwrap();
        assert_eq!(
            out,
            "<p title=\"a&quot;b&lt;\">&lt;script&gt;&amp;]]&gt;\u{202E}x</p>"
        );
    }

    #[test]
    fn xml_chars() {
        assert!(
            is_xml_char('\t') && is_xml_char('é') && is_xml_char('\u{A0}') && is_xml_char('😀')
        );
        assert!(!is_xml_char('\u{1B}') && !is_xml_char('\u{85}') && !is_xml_char('\u{FFFF}'));
        assert!(!is_xml_char('\u{FDD0}') && !is_xml_char('\u{1FFFF}'));
    }
}
