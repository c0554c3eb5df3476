//! Escaping for the Markdown writer: text that can never become markup, neither in CommonMark
//! (<https://spec.commonmark.org/0.31.2/#backslash-escapes>) nor in pandoc's Markdown, whose
//! extensions (smart quotes, `~sub~`, `^sup^`, `$math$`, `@cite`, fancy lists) go further.

/// What escaping had to change, for the report.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Line breaks inside inline text turned into spaces (a break there would end a block).
    pub line_breaks: usize,
    /// Control characters dropped (U+0000–U+001F except tab).
    pub controls: usize,
}

/// ASCII punctuation escaped wherever it occurs: CommonMark's inline markup and raw HTML
/// (`` \ ` * _ [ ] < > & ``), pandoc's extensions (`~ ^ $ @ { } |`, `#` for headings), and
/// straight quotes, which pandoc's `smart` extension would curl.
const ALWAYS: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '&', '#', '|', '~', '^', '$', '@', '{', '}', '"', '\'',
];

/// Appends `s` escaped so that every character reads back as itself.
pub fn escape_text(s: &str, out: &mut String, stats: &mut Stats) {
    let chars = visible_chars(s, stats);
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i > 0 {
            chars.get(i - 1).copied()
        } else {
            None
        };
        let next = chars.get(i + 1).copied();
        match c {
            c if ALWAYS.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            // pandoc's `smart` turns `--` into a dash and `...` into an ellipsis.
            '-' if prev == Some('-') || next == Some('-') => out.push_str("\\-"),
            '.' if prev == Some('.') || next == Some('.') => out.push_str("\\."),
            // pandoc's `smart` reads a literal ‘ as an opening quote and, left unmatched, turns
            // it into ’; an entity reads back as ‘ in CommonMark and pandoc alike.
            '\u{2018}' => out.push_str("&#8216;"),
            c => out.push(c),
        }
    }
}

/// The characters as written, before escaping: line breaks (which would end the block) as
/// spaces, control characters dropped. Escaping looks at neighbours in this sequence.
fn visible_chars(s: &str, stats: &mut Stats) -> Vec<char> {
    let mut out = Vec::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // CR LF is one break.
            '\r' if chars.peek() == Some(&'\n') => {}
            // NEL and the Unicode line and paragraph separators are line breaks too.
            '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                out.push(' ');
                stats.line_breaks += 1;
            }
            c if c < ' ' && c != '\t' => stats.controls += 1,
            c => out.push(c),
        }
    }
    out
}

/// `s` escaped, as a new string.
pub fn escaped(s: &str, stats: &mut Stats) -> String {
    let mut out = String::with_capacity(s.len());
    escape_text(s, &mut out, stats);
    out
}

/// Guards the start of a block's text (already escaped) against block syntax that only
/// counts at a line start: list markers (`-`, `+`, `1.`, `1)`, pandoc's `a.`, `(i)`), `:`
/// definitions, `%` title lines, `=` underlines.
pub fn guard_block_start(s: String) -> String {
    match s.chars().next() {
        Some('-' | '+' | '=' | ':' | '%' | '(') => format!("\\{s}"),
        Some(c) if c.is_ascii_alphanumeric() => {
            // ASCII alphanumerics are one byte each, so `word` ends on a char boundary.
            let word = s.bytes().take_while(u8::is_ascii_alphanumeric).count();
            let rest = s.get(word..).unwrap_or("");
            let mut after = rest.chars();
            let marker = after.next();
            let then = after.next();
            if word <= 10
                && matches!(marker, Some('.' | ')'))
                && matches!(then, None | Some(' ' | '\t'))
            {
                format!("{}\\{}", s.get(..word).unwrap_or(""), rest)
            } else {
                s
            }
        }
        _ => s,
    }
}

/// A link destination in pointy brackets, which allow any URL: `<`, `>`, `&` and `\` are
/// backslash-escaped, line breaks and control characters percent-encoded (a destination cannot
/// hold a line break; encoded, the URI means the same).
pub fn destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 2);
    out.push('<');
    for c in url.chars() {
        match c {
            // `&` too: a destination's entity references are decoded.
            '<' | '>' | '\\' | '&' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => percent_encode(c, &mut out),
            c => out.push(c),
        }
    }
    out.push('>');
    out
}

/// The URL a reader gets back from [`destination`].
pub fn destination_read_back(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_control() {
            percent_encode(c, &mut out);
        } else {
            out.push(c);
        }
    }
    out
}

fn percent_encode(c: char, out: &mut String) {
    let mut buf = [0u8; 4];
    for b in c.encode_utf8(&mut buf).bytes() {
        out.push_str(&format!("%{b:02X}"));
    }
}

/// A YAML 1.2 double-quoted scalar; everything outside YAML's printable set, and the
/// characters YAML reads as line breaks, is written as an escape.
pub fn yaml_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if c < ' ' || ('\u{7F}'..='\u{9F}').contains(&c) => {
                out.push_str(&format!("\\x{:02X}", c as u32))
            }
            '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Reads back a double-quoted scalar written by [`yaml_quoted`] (and the common YAML escapes);
/// `None` if `s` is not one.
pub fn yaml_unquote(s: &str) -> Option<String> {
    let inner = s.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next()?;
        let hex = |n: usize, chars: &mut std::str::Chars<'_>| -> Option<char> {
            let h: String = chars.by_ref().take(n).collect();
            char::from_u32(u32::from_str_radix(&h, 16).ok()?)
        };
        out.push(match e {
            '\\' => '\\',
            '"' => '"',
            '/' => '/',
            ' ' => ' ',
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            '0' => '\0',
            'N' => '\u{85}',
            '_' => '\u{A0}',
            'L' => '\u{2028}',
            'P' => '\u{2029}',
            'x' => hex(2, &mut chars)?,
            'u' => hex(4, &mut chars)?,
            'U' => hex(8, &mut chars)?,
            _ => return None,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(s: &str) -> String {
        escaped(s, &mut Stats::default())
    }

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            esc("*a* _b_ [c](d) <e> &amp; `f`"),
            r"\*a\* \_b\_ \[c\](d) \<e\> \&amp; \`f\`"
        );
        assert_eq!(esc(r"a\b"), r"a\\b");
        assert_eq!(esc("x -- y ... z - w."), r"x \-\- y \.\.\. z - w.");
        assert_eq!(
            esc("EU's \"x\" @k ~s~ ^p^ $m$"),
            r#"EU\'s \"x\" \@k \~s\~ \^p\^ \$m\$"#
        );
        assert_eq!(esc("“curly” – ’s\u{a0}"), "“curly” – ’s\u{a0}");
        assert_eq!(esc("‘x’"), "&#8216;x’");
    }

    #[test]
    fn breaks_and_controls() {
        let mut st = Stats::default();
        assert_eq!(escaped("a\r\nb\nc\u{1}d\te", &mut st), "a b cd\te");
        assert_eq!(
            st,
            Stats {
                line_breaks: 2,
                controls: 1
            }
        );
        // Neighbours are judged after controls are dropped: `-\u{1}-` is written `--`.
        assert_eq!(esc("-\u{1}-"), r"\-\-");
    }

    #[test]
    fn block_starts() {
        assert_eq!(guard_block_start("- a".into()), r"\- a");
        assert_eq!(guard_block_start("+ a".into()), r"\+ a");
        assert_eq!(guard_block_start("1. a".into()), r"1\. a");
        assert_eq!(guard_block_start("2020) a".into()), r"2020\) a");
        assert_eq!(guard_block_start("iv. a".into()), r"iv\. a");
        assert_eq!(guard_block_start("(a) b".into()), r"\(a) b");
        assert_eq!(guard_block_start("2020-04".into()), "2020-04");
        assert_eq!(guard_block_start("U.S. policy".into()), "U.S. policy");
        assert_eq!(guard_block_start("Über".into()), "Über");
        assert_eq!(guard_block_start(String::new()), "");
    }

    #[test]
    fn destinations() {
        assert_eq!(
            destination("http://x/a b>c<d\\e\n"),
            r"<http://x/a b\>c\<d\\e%0A>"
        );
    }

    #[test]
    fn yaml_round_trip() {
        for s in [
            "plain",
            "a \"q\" \\ b",
            "tab\tnl\nx",
            "\u{85}\u{2028}\u{1}\u{7F}\u{9F}\u{FEFF}",
            "é “x” \u{a0}",
        ] {
            assert_eq!(yaml_unquote(&yaml_quoted(s)).as_deref(), Some(s), "{s:?}");
        }
    }
}
