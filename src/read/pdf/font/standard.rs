//! The standard 14 fonts (ISO 32000-1 §9.6.2.2): which AFM metrics a font name uses (with
//! the usual aliases, e.g. Arial for Helvetica) and the Symbol font's common characters.

use super::afm;
use super::encoding::glyph_names;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Metrics {
    Table(&'static [(&'static str, u16)]),
    Fixed(u16),
}

fn metrics(font: &str) -> Option<Metrics> {
    let lower = font.to_ascii_lowercase().replace([' ', '-', ','], "");
    let bold = lower.contains("bold");
    let italic = lower.contains("italic") || lower.contains("oblique");
    let family = if lower.starts_with("courier") {
        return Some(Metrics::Fixed(600));
    } else if lower.starts_with("helvetica") || lower.starts_with("arial") {
        "h"
    } else if lower.starts_with("times") {
        "t"
    } else {
        return None;
    };
    Some(Metrics::Table(match (family, bold, italic) {
        ("h", false, _) => afm::HELVETICA,
        ("h", true, _) => afm::HELVETICA_BOLD,
        (_, false, false) => afm::TIMES_ROMAN,
        (_, true, false) => afm::TIMES_BOLD,
        (_, false, true) => afm::TIMES_ITALIC,
        (_, true, true) => afm::TIMES_BOLD_ITALIC,
    }))
}

/// The AFM width (per unit of font size) of a glyph, by name or else by its character.
pub fn width(font: &str, glyph: Option<&str>, unicode: Option<&str>) -> Option<f32> {
    let table = match metrics(font)? {
        Metrics::Fixed(w) => return Some(f32::from(w) / 1000.0),
        Metrics::Table(t) => t,
    };
    let find = |n: &str| {
        table
            .binary_search_by(|(k, _)| (*k).cmp(n))
            .ok()
            .map(|i| f32::from(table[i].1) / 1000.0)
    };
    if let Some(w) = glyph.and_then(find) {
        return Some(w);
    }
    let mut chars = unicode?.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    let c = if c == '\u{A0}' { ' ' } else { c };
    glyph_names(c).find_map(find)
}

/// Symbol and ZapfDingbats have their own built-in encodings.
pub fn is_symbolic(font: &str) -> bool {
    let lower = font.to_ascii_lowercase();
    lower.starts_with("symbol") || lower.starts_with("zapfdingbats") || lower.contains("dingbat")
}

/// The Symbol font's characters that matter for text: bullets, Greek letters, math signs.
pub fn symbol_char(font: &str, code: u8) -> Option<char> {
    if !font.to_ascii_lowercase().starts_with("symbol") {
        // ZapfDingbats: its bullets (l, m, n, u) are the only characters text needs.
        return matches!(code, 0x6C | 0x6D | 0x6E | 0x75).then_some('\u{25CF}');
    }
    const GREEK: &str = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ";
    const GREEK_LOWER: &str = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ";
    match code {
        0x20 => Some(' '),
        0x28..=0x3F if code != 0x2D && code != 0x2A => Some(char::from(code)),
        0x2D => Some('\u{2212}'),
        0x41..=0x5A => GREEK.chars().nth(usize::from(code - 0x41)),
        0x61..=0x7A => GREEK_LOWER.chars().nth(usize::from(code - 0x61)),
        0xB7 => Some('\u{2022}'),
        0xB1 => Some('±'),
        0xB4 => Some('×'),
        0xB8 => Some('÷'),
        0xA3 => Some('≤'),
        0xB3 => Some('≥'),
        0xB9 => Some('≠'),
        0xBB => Some('≈'),
        0xA5 => Some('∞'),
        0xAE => Some('→'),
        0xD7 => Some('⋅'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn afm_widths_by_name_and_char() {
        assert_eq!(width("Times-Roman", Some("space"), None), Some(0.25));
        assert_eq!(width("Times-Italic", None, Some("é")), Some(0.444));
        assert_eq!(
            width("Helvetica-Oblique", None, Some("\u{2019}")),
            Some(0.222)
        );
        assert_eq!(width("Courier-Bold", None, Some("x")), Some(0.6));
        assert_eq!(width("Minion", None, Some("x")), None);
        assert_eq!(width("Arial,Bold", None, Some("A")), Some(0.722));
    }

    #[test]
    fn symbol_font() {
        assert_eq!(symbol_char("Symbol", 0xB7), Some('\u{2022}'));
        assert_eq!(symbol_char("Symbol", 0x61), Some('α'));
        assert_eq!(symbol_char("ZapfDingbats", 0x6C), Some('\u{25CF}'));
    }
}
