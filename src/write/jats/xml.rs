//! A small XML 1.0 emitter for the JATS writer: escapes every text and attribute value, drops
//! the characters XML 1.0 forbids (<https://www.w3.org/TR/xml/#charsets>) and counts them, and
//! lays out whitespace only between the children of element-only containers, never inside
//! mixed content (where it would change the text of a `<p>`).

/// Builds an XML document as a string. Containers (`open`/`close`) sit on their own lines,
/// indented; mixed-content elements (`leaf`) are written whole on one line.
#[derive(Debug, Default)]
pub struct Xml {
    out: String,
    depth: usize,
    /// Characters dropped because XML 1.0 cannot carry them (C0 controls, U+FFFE, U+FFFF).
    pub dropped: usize,
}

impl Xml {
    /// An empty document.
    pub fn new() -> Self {
        Xml::default()
    }

    /// Appends markup the caller wrote itself (XML declaration, DOCTYPE): never input text.
    pub fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// Opens an element-only container on its own line.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.indent();
        self.start_tag(name, attrs);
        self.out.push('\n');
        self.depth += 1;
    }

    /// Closes a container opened with [`Xml::open`].
    pub fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        self.end_tag(name);
        self.out.push('\n');
    }

    /// Starts a mixed-content element on its own line; its content follows with no layout.
    pub fn leaf_start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.indent();
        self.start_tag(name, attrs);
    }

    /// Ends an element started with [`Xml::leaf_start`].
    pub fn leaf_end(&mut self, name: &str) {
        self.end_tag(name);
        self.out.push('\n');
    }

    /// A whole mixed-content element holding only text.
    pub fn leaf_text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.leaf_start(name, attrs);
        self.text(text);
        self.leaf_end(name);
    }

    /// An empty element on its own line.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        self.attrs(attrs);
        self.out.push_str("/>\n");
    }

    /// Starts an element inside mixed content (no whitespace around it).
    pub fn inline_start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
    }

    /// Ends an element started with [`Xml::inline_start`].
    pub fn inline_end(&mut self, name: &str) {
        self.end_tag(name);
    }

    /// Character data, escaped.
    pub fn text(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                '&' => self.out.push_str("&amp;"),
                '<' => self.out.push_str("&lt;"),
                // Escaped so that `]]>` can never appear in character data.
                '>' => self.out.push_str("&gt;"),
                // A literal CR would be normalised to LF by every parser.
                '\r' => self.out.push_str("&#13;"),
                c if is_xml_char(c) => self.out.push(c),
                _ => self.dropped += 1,
            }
        }
    }

    /// The finished document.
    pub fn finish(self) -> String {
        self.out
    }

    fn indent(&mut self) {
        for _ in 0..self.depth.min(40) {
            self.out.push_str("  ");
        }
    }

    fn start_tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        self.attrs(attrs);
        self.out.push('>');
    }

    fn end_tag(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    fn attrs(&mut self, attrs: &[(&str, &str)]) {
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            self.attr_value(v);
            self.out.push('"');
        }
    }

    fn attr_value(&mut self, v: &str) {
        for c in v.chars() {
            match c {
                '&' => self.out.push_str("&amp;"),
                '<' => self.out.push_str("&lt;"),
                '>' => self.out.push_str("&gt;"),
                '"' => self.out.push_str("&quot;"),
                // Attribute-value normalisation would turn these into spaces.
                '\t' => self.out.push_str("&#9;"),
                '\n' => self.out.push_str("&#10;"),
                '\r' => self.out.push_str("&#13;"),
                c if is_xml_char(c) => self.out.push(c),
                _ => self.dropped += 1,
            }
        }
    }
}

/// Whether XML 1.0 allows the character (its `Char` production; Rust strings hold no
/// surrogates).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Whether `s` is an XML 1.0 `Name` without a colon (an NCName), usable as an `id`
/// (the `NameStartChar` and `NameChar` productions of XML 1.0, fifth edition).
pub fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) if is_name_start(first) => chars.all(is_name_char),
        _ => false,
    }
}

fn is_name_start(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

fn is_name_char(c: char) -> bool {
    is_name_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Whether `s` is an XML `Nmtoken` made of ASCII letters, digits and `-` (a BCP 47 tag).
pub fn is_language_tag(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !s.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_forbidden_characters_dropped() {
        let mut x = Xml::new();
        x.text("a<b>&c]]>\u{1}\u{FFFF}\r\u{A0}");
        assert_eq!(x.dropped, 2);
        assert_eq!(x.finish(), "a&lt;b&gt;&amp;c]]&gt;&#13;\u{A0}");
    }

    #[test]
    fn attributes_keep_quotes_and_whitespace() {
        let mut x = Xml::new();
        x.empty("a", &[("href", "x\"y\tz\n<&")]);
        assert_eq!(x.finish(), "<a href=\"x&quot;y&#9;z&#10;&lt;&amp;\"/>\n");
    }

    #[test]
    fn names() {
        assert!(is_ncname("fn1"));
        assert!(is_ncname("ack"));
        assert!(is_ncname("_x-1.2"));
        assert!(!is_ncname("1"));
        assert!(!is_ncname("a b"));
        assert!(!is_ncname("a:b"));
        assert!(!is_ncname(""));
        assert!(is_language_tag("en-GB"));
        assert!(!is_language_tag("en GB"));
    }
}
