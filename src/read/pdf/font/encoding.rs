//! Simple-font encodings: base encodings (Standard, WinAnsi, MacRoman), `/Differences`
//! glyph names to Unicode through the Adobe Glyph List rules (`uniXXXX`, `uXXXX[XX]`,
//! suffixes, `_` ligatures), and ligatures expanded (AGL specification, ISO 32000-1 §9.6.6).

use super::agl::GLYPHS;
use super::tables::{MAC_ROMAN_HIGH, STANDARD_HIGH, WIN_ANSI_HIGH};

/// A simple font's base encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// StandardEncoding (Type 1 default).
    Standard,
    /// WinAnsiEncoding.
    WinAnsi,
    /// MacRomanEncoding.
    MacRoman,
}

impl Base {
    /// From an `/Encoding` or `/BaseEncoding` name.
    pub fn from_name(name: &[u8]) -> Option<Base> {
        match name {
            b"StandardEncoding" => Some(Base::Standard),
            b"WinAnsiEncoding" => Some(Base::WinAnsi),
            b"MacRomanEncoding" => Some(Base::MacRoman),
            _ => None,
        }
    }

    /// The character a code stands for.
    pub fn char(self, code: u8) -> Option<char> {
        let c = match (self, code) {
            (Base::Standard, 0x27) => '\u{2019}',
            (Base::Standard, 0x60) => '\u{2018}',
            (_, 0x20..=0x7E) => char::from(code),
            (Base::WinAnsi, 0x7F) => '\u{2022}',
            (_, 0..=0x7F) => return None,
            (Base::Standard, _) => STANDARD_HIGH[usize::from(code - 0x80)],
            (Base::WinAnsi, _) => WIN_ANSI_HIGH[usize::from(code - 0x80)],
            (Base::MacRoman, _) => MAC_ROMAN_HIGH[usize::from(code - 0x80)],
        };
        (c != '\0').then_some(c)
    }
}

/// The Unicode text of a glyph name, by the AGL rules; `None` for unknown names.
pub fn glyph_to_unicode(name: &str) -> Option<String> {
    if let Ok(i) = GLYPHS.binary_search_by(|(n, _)| (*n).cmp(name)) {
        return Some(GLYPHS[i].1.to_owned());
    }
    // "a.sc", "one.oldstyle": the part before the first period names the character.
    if let Some((stem, _)) = name.split_once('.') {
        return if stem.is_empty() {
            None
        } else {
            glyph_to_unicode(stem)
        };
    }
    if name.contains('_') {
        let parts: Option<String> = name.split('_').map(glyph_to_unicode).collect();
        return parts.filter(|s| !s.is_empty());
    }
    if let Some(hex) = name.strip_prefix("uni") {
        return uni_sequence(hex);
    }
    if let Some(hex) = name.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) {
            return hex_char(hex).map(String::from);
        }
    }
    if name.chars().count() == 1 && !name.starts_with('.') {
        return Some(name.to_owned());
    }
    numeric_name(name)
}

/// `uniXXXXYYYY...`: groups of four upper-case hex digits.
fn uni_sequence(hex: &str) -> Option<String> {
    if hex.is_empty() || hex.len() % 4 != 0 || !hex.is_ascii() {
        return None;
    }
    let units: Option<Vec<u16>> = (0..hex.len())
        .step_by(4)
        .map(|i| u16::from_str_radix(&hex[i..i + 4], 16).ok())
        .collect();
    let s: String = char::decode_utf16(units?)
        .map(|r| r.unwrap_or('\u{FFFD}'))
        .collect();
    Some(s)
}

fn hex_char(hex: &str) -> Option<char> {
    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
}

/// Names some producers use for unnamed glyphs: `g123`, `cid123`, `Gxx` — no text, but
/// `cXX`/`CXX` hold a code in some subset fonts; those are too ambiguous to use.
fn numeric_name(_name: &str) -> Option<String> {
    None
}

/// The glyph names of a character in the standard Latin set (for AFM widths).
pub fn glyph_names(c: char) -> impl Iterator<Item = &'static str> {
    let mut buf = [0u8; 4];
    let s: String = c.encode_utf8(&mut buf).to_owned();
    GLYPHS.iter().filter(move |(_, u)| *u == s).map(|(n, _)| *n)
}

/// Expands the Unicode ligatures U+FB00–FB06 (explicitly, not NFKC, which would also
/// rewrite superscripts and other compatibility characters), and makes drawn tabs and line
/// breaks spaces.
pub fn expand_ligatures(s: &str) -> std::borrow::Cow<'_, str> {
    let special = |c: char| ('\u{FB00}'..='\u{FB06}').contains(&c) || matches!(c, '\t'..='\r');
    if !s.chars().any(special) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            // Qt maps its space glyph to a tab: white space drawn is a space.
            '\t'..='\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawn_tabs_are_spaces_and_ligatures_letters() {
        assert_eq!(expand_ligatures("a\tb"), "a b");
        assert_eq!(expand_ligatures("\u{FB01}ne"), "fine");
        assert!(matches!(
            expand_ligatures("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn glyph_names_follow_agl_rules() {
        assert_eq!(glyph_to_unicode("eacute").as_deref(), Some("é"));
        assert_eq!(glyph_to_unicode("quoteright").as_deref(), Some("\u{2019}"));
        assert_eq!(glyph_to_unicode("uni00E9").as_deref(), Some("é"));
        assert_eq!(glyph_to_unicode("uni00660069").as_deref(), Some("fi"));
        assert_eq!(glyph_to_unicode("u1D49C").as_deref(), Some("\u{1D49C}"));
        assert_eq!(glyph_to_unicode("a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_to_unicode("f_f_i").as_deref(), Some("ffi"));
        assert_eq!(glyph_to_unicode("fi").as_deref(), Some("fi"));
        assert_eq!(glyph_to_unicode(".notdef"), None);
        assert_eq!(glyph_to_unicode("g123"), None);
        assert_eq!(glyph_to_unicode("uniZZZZ"), None);
    }

    #[test]
    fn base_encodings() {
        assert_eq!(Base::WinAnsi.char(0x93), Some('\u{201C}'));
        assert_eq!(Base::WinAnsi.char(0xE9), Some('é'));
        assert_eq!(Base::MacRoman.char(0x8E), Some('é'));
        assert_eq!(Base::Standard.char(0x27), Some('\u{2019}'));
        assert_eq!(Base::Standard.char(0xAE), Some('\u{FB01}'));
        assert_eq!(Base::WinAnsi.char(0x81), None);
        assert_eq!(Base::WinAnsi.char(0x05), None);
    }

    #[test]
    fn ligatures_expand() {
        assert_eq!(expand_ligatures("\u{FB01}nd \u{FB03}"), "find ffi");
        assert_eq!(expand_ligatures("x²"), "x²");
    }

    #[test]
    fn reverse_lookup_for_widths() {
        assert_eq!(glyph_names('é').collect::<Vec<_>>(), ["eacute"]);
        assert!(glyph_names('\u{B7}').any(|n| n == "periodcentered"));
    }
}
