//! Fonts to Unicode and widths: ToUnicode first, then `/Encoding` + `/Differences` + the
//! glyph list; `/Widths`, CID `/W` + `/DW`, or the standard 14 fonts' AFM widths
//! (ISO 32000-1 §9.6–9.10). Type 3 glyph procedures are never run, only their encodings read.

mod afm;
mod agl;
pub mod cmap;
pub mod encoding;
mod standard;
mod tables;

use super::obj::{self, Budget, LimitHit};
use cmap::CMap;
use encoding::{glyph_to_unicode, Base};
use lopdf::{Dictionary, Document, Object};

/// One character code read from a string.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// The code's value.
    pub code: u32,
    /// Its length in bytes (a single-byte 32 gets word spacing).
    pub len: u8,
    /// Its Unicode text (empty when the font does not say).
    pub text: String,
    /// Horizontal advance in text space units per unit of font size.
    pub width: f32,
}

/// A font as the interpreter needs it.
#[derive(Debug, Clone)]
pub struct Font {
    /// `BaseFont` without a subset prefix (read by tests and debuggers; styles come from flags).
    #[allow(dead_code)]
    pub name: String,
    /// Bold by name, weight or flags.
    pub bold: bool,
    /// Italic by name, angle or flags.
    pub italic: bool,
    /// Width of a space, per unit of font size.
    pub space_width: f32,
    /// Type 3 glyph space scale (FontMatrix `d`), 0.001 for other fonts.
    pub size_scale: f32,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Simple(Box<Simple>),
    Composite(Box<Composite>),
}

#[derive(Debug, Clone)]
struct Simple {
    text: Vec<String>,
    widths: Vec<f32>,
}

#[derive(Debug, Clone)]
struct Composite {
    to_unicode: Option<CMap>,
    encoding: Option<CMap>,
    /// A predefined `Uni…-UCS2-`/`-UTF16-` CMap: the codes are Unicode already.
    unicode_codes: bool,
    widths: Vec<(u32, u32, f32)>,
    default_width: f32,
}

impl Font {
    /// Builds a font from its dictionary; damaged parts fall back to defaults.
    pub fn load(doc: &Document, dict: &Dictionary, budget: &mut Budget) -> Result<Font, LimitHit> {
        let subtype = obj::get_name(doc, dict, b"Subtype").unwrap_or(b"Type1");
        let base =
            obj::get_name(doc, dict, b"BaseFont").map(|n| String::from_utf8_lossy(n).into_owned());
        let name = base
            .as_deref()
            .map(strip_subset)
            .unwrap_or_default()
            .to_owned();
        let to_unicode = load_cmap(doc, dict, b"ToUnicode", budget)?;
        let (kind, descriptor_owner) = if subtype == b"Type0" {
            let descendant = obj::get_array(doc, dict, b"DescendantFonts")
                .and_then(|a| a.first())
                .and_then(|d| obj::as_dict(doc, d));
            let encoding = load_cmap(doc, dict, b"Encoding", budget)?;
            let (widths, default_width) = descendant
                .map(|d| cid_widths(doc, d))
                .unwrap_or((Vec::new(), 1.0));
            let enc_name = obj::get_name(doc, dict, b"Encoding").unwrap_or(b"");
            let unicode_codes = enc_name.starts_with(b"Uni")
                && enc_name.windows(4).any(|w| w == b"UCS2" || w == b"TF16");
            let comp = Composite {
                to_unicode,
                encoding,
                unicode_codes,
                widths,
                default_width,
            };
            (Kind::Composite(Box::new(comp)), descendant)
        } else {
            let builtin = builtin_encoding(doc, dict, budget)?;
            let mut simple = simple_font(doc, dict, &name, subtype, to_unicode, builtin);
            if subtype == b"Type3" {
                let k = type3_scale(doc, dict) / 0.001;
                simple.widths.iter_mut().for_each(|w| *w *= k);
            }
            (Kind::Simple(Box::new(simple)), Some(dict))
        };
        let descriptor = descriptor_owner.and_then(|d| obj::get_dict(doc, d, b"FontDescriptor"));
        let (bold, italic) = style(doc, &name, descriptor);
        let size_scale = if subtype == b"Type3" {
            type3_scale(doc, dict)
        } else {
            0.001
        };
        let mut font = Font {
            name,
            bold,
            italic,
            space_width: 0.25,
            size_scale,
            kind,
        };
        font.space_width = font.find_space_width().unwrap_or(0.25);
        Ok(font)
    }

    /// A font for text drawn before any `Tf` (or with a missing font resource).
    pub fn fallback() -> Font {
        let simple = Simple {
            text: (0..256u32)
                .map(|c| {
                    Base::Standard
                        .char(c as u8)
                        .map(String::from)
                        .unwrap_or_default()
                })
                .collect(),
            widths: vec![0.5; 256],
        };
        Font {
            name: String::new(),
            bold: false,
            italic: false,
            space_width: 0.25,
            size_scale: 0.001,
            kind: Kind::Simple(Box::new(simple)),
        }
    }

    /// Splits a string operand into codes with text and widths.
    pub fn decode(&self, bytes: &[u8]) -> Vec<Code> {
        match &self.kind {
            Kind::Simple(s) => bytes
                .iter()
                .map(|&b| Code {
                    code: u32::from(b),
                    len: 1,
                    text: s.text[usize::from(b)].clone(),
                    width: s.widths[usize::from(b)],
                })
                .collect(),
            Kind::Composite(c) => c.decode(bytes),
        }
    }

    fn find_space_width(&self) -> Option<f32> {
        match &self.kind {
            Kind::Simple(s) => {
                let i = s.text.iter().position(|t| t == " ")?;
                s.widths.get(i).copied().filter(|w| *w > 0.0)
            }
            Kind::Composite(c) => {
                let sample = c.decode(&[0, 3]);
                let code = sample.first().filter(|k| k.text == " ")?;
                Some(code.width).filter(|w| *w > 0.0)
            }
        }
    }
}

impl Composite {
    fn decode(&self, bytes: &[u8]) -> Vec<Code> {
        let mut out = Vec::with_capacity(bytes.len() / 2 + 1);
        let mut i = 0;
        while i < bytes.len() {
            let rest = &bytes[i..];
            let len = self
                .encoding
                .as_ref()
                .and_then(|c| c.code_len(rest))
                .or_else(|| self.to_unicode.as_ref().and_then(|c| c.code_len(rest)))
                .unwrap_or(2)
                .min(rest.len())
                .max(1);
            let Some((l, code)) = cmap::code_key(&rest[..len]) else {
                break;
            };
            let cid = self
                .encoding
                .as_ref()
                .and_then(|c| c.cid(l, code))
                .unwrap_or(code);
            let text = self
                .to_unicode
                .as_ref()
                .and_then(|c| c.lookup(l, code))
                .or_else(|| {
                    self.unicode_codes
                        .then(|| char::from_u32(code).map(String::from))
                        .flatten()
                })
                .unwrap_or_default();
            out.push(Code {
                code,
                len: l,
                text,
                width: self.width(cid),
            });
            i += len;
        }
        out
    }

    fn width(&self, cid: u32) -> f32 {
        self.widths
            .iter()
            .find(|(lo, hi, _)| (*lo..=*hi).contains(&cid))
            .map_or(self.default_width, |(_, _, w)| *w)
    }
}

fn strip_subset(name: &str) -> &str {
    match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => name,
    }
}

fn load_cmap(
    doc: &Document,
    dict: &Dictionary,
    key: &[u8],
    budget: &mut Budget,
) -> Result<Option<CMap>, LimitHit> {
    match obj::get(doc, dict, key) {
        Some(Object::Stream(s)) => {
            let data = budget.decode(s)?;
            let cmap = CMap::parse(&data);
            Ok(Some(cmap))
        }
        _ => Ok(None),
    }
}

/// `/W` ranges (in thousandths) and `/DW`, as widths per unit of font size.
fn cid_widths(doc: &Document, cid_font: &Dictionary) -> (Vec<(u32, u32, f32)>, f32) {
    let dw = obj::get(doc, cid_font, b"DW")
        .and_then(|o| obj::num(doc, o))
        .unwrap_or(1000.0)
        / 1000.0;
    let mut ranges = Vec::new();
    let w = obj::get_array(doc, cid_font, b"W").unwrap_or(&[]);
    let mut i = 0;
    while i < w.len() && ranges.len() < 100_000 {
        let first = obj::num(doc, &w[i]).map(|f| f.max(0.0) as u32);
        match (
            first,
            w.get(i + 1).map(|o| obj::resolve(doc, o)),
            w.get(i + 2),
        ) {
            (Some(c), Some(Object::Array(list)), _) => {
                for (k, o) in list.iter().enumerate().take(65_536) {
                    if let Some(v) = obj::num(doc, o) {
                        let cid = c.saturating_add(k as u32);
                        ranges.push((cid, cid, v / 1000.0));
                    }
                }
                i += 2;
            }
            (Some(lo), Some(hi), Some(v)) => {
                if let (Some(hi), Some(v)) = (obj::num(doc, hi), obj::num(doc, v)) {
                    ranges.push((lo, hi.max(0.0) as u32, v / 1000.0));
                }
                i += 3;
            }
            _ => break,
        }
    }
    (ranges, dw)
}

/// Text and widths for the 256 codes of a simple font.
fn simple_font(
    doc: &Document,
    dict: &Dictionary,
    name: &str,
    subtype: &[u8],
    to_unicode: Option<CMap>,
    builtin: Option<Vec<(u8, String)>>,
) -> Simple {
    let names = code_names(doc, dict, name, subtype, builtin);
    let text = (0..256usize)
        .map(|c| {
            let from_cmap = to_unicode.as_ref().and_then(|m| m.lookup(1, c as u32));
            from_cmap
                .or_else(|| names[c].as_ref().and_then(|n| n.unicode.clone()))
                .unwrap_or_default()
        })
        .collect::<Vec<String>>();
    let widths = simple_widths(doc, dict, name, &names);
    Simple { text, widths }
}

/// What the encoding says about one code.
#[derive(Debug, Clone, Default)]
struct CodeName {
    glyph: Option<String>,
    unicode: Option<String>,
}

fn code_names(
    doc: &Document,
    dict: &Dictionary,
    name: &str,
    subtype: &[u8],
    builtin: Option<Vec<(u8, String)>>,
) -> Vec<Option<CodeName>> {
    let enc = obj::get(doc, dict, b"Encoding");
    let enc_dict = enc.and_then(|o| obj::as_dict(doc, o));
    let base_name = match enc {
        Some(Object::Name(n)) => Some(n.as_slice()),
        _ => enc_dict.and_then(|d| obj::get_name(doc, d, b"BaseEncoding")),
    };
    let symbolic = standard::is_symbolic(name);
    let base = base_name
        .and_then(Base::from_name)
        .or(match (symbolic, subtype) {
            (true, _) => None,
            (false, b"TrueType") => Some(Base::WinAnsi),
            _ => Some(Base::Standard),
        });
    let mut out: Vec<Option<CodeName>> = (0..256u32)
        .map(|c| {
            let ch = base.and_then(|b| b.char(c as u8)).or_else(|| {
                symbolic
                    .then(|| standard::symbol_char(name, c as u8))
                    .flatten()
            });
            ch.map(|ch| CodeName {
                glyph: None,
                unicode: Some(ch.to_string()),
            })
        })
        .collect();
    // An embedded Type 1 font's own encoding is the base when the dictionary names none.
    if let (None, Some(builtin)) = (base_name, builtin) {
        out.iter_mut().for_each(|slot| *slot = None);
        for (code, glyph) in builtin {
            let unicode = glyph_to_unicode(&glyph);
            out[usize::from(code)] = Some(CodeName {
                glyph: Some(glyph),
                unicode,
            });
        }
    }
    if let Some(diffs) = enc_dict.and_then(|d| obj::get_array(doc, d, b"Differences")) {
        apply_differences(doc, diffs, &mut out);
    }
    out
}

/// The `dup CODE /name put` entries of an embedded Type 1 program's clear-text part
/// (Adobe Type 1 Font Format §2.3), or `None` when it uses StandardEncoding or has none.
fn builtin_encoding(
    doc: &Document,
    dict: &Dictionary,
    budget: &mut Budget,
) -> Result<Option<Vec<(u8, String)>>, LimitHit> {
    let Some(descriptor) = obj::get_dict(doc, dict, b"FontDescriptor") else {
        return Ok(None);
    };
    let Some(Object::Stream(file)) = obj::get(doc, descriptor, b"FontFile") else {
        return Ok(None);
    };
    let data = budget.decode(file)?;
    let clear = match data.windows(5).position(|w| w == b"eexec") {
        Some(p) => &data[..p],
        None => &data[..data.len().min(65_536)],
    };
    let Some(start) = clear.windows(9).position(|w| w == b"/Encoding") else {
        return Ok(None);
    };
    let text = String::from_utf8_lossy(&clear[start..]);
    let words: Vec<&str> = text.split_ascii_whitespace().collect();
    let mut out = Vec::new();
    for w in words.windows(4) {
        if w[0] == "dup" && w[3] == "put" {
            if let (Ok(code), Some(name)) = (w[1].parse::<u8>(), w[2].strip_prefix('/')) {
                out.push((code, name.to_owned()));
            }
        }
        if w[0] == "readonly" || w[0] == "def" && !out.is_empty() {
            break;
        }
    }
    Ok((!out.is_empty()).then_some(out))
}

fn apply_differences(doc: &Document, diffs: &[Object], out: &mut [Option<CodeName>]) {
    let mut code: usize = 0;
    for item in diffs {
        match obj::resolve(doc, item) {
            Object::Integer(n) => code = usize::try_from(*n).unwrap_or(usize::MAX),
            Object::Name(n) => {
                if let Some(slot) = out.get_mut(code) {
                    let glyph = String::from_utf8_lossy(n).into_owned();
                    let unicode = glyph_to_unicode(&glyph);
                    *slot = Some(CodeName {
                        glyph: Some(glyph),
                        unicode,
                    });
                }
                code = code.saturating_add(1);
            }
            _ => {}
        }
    }
}

fn simple_widths(
    doc: &Document,
    dict: &Dictionary,
    name: &str,
    names: &[Option<CodeName>],
) -> Vec<f32> {
    let descriptor = obj::get_dict(doc, dict, b"FontDescriptor");
    let missing = descriptor
        .and_then(|d| obj::get(doc, d, b"MissingWidth"))
        .and_then(|o| obj::num(doc, o))
        .map(|w| w / 1000.0);
    let mut widths: Vec<f32> = (0..256usize)
        .map(|c| {
            let n = names[c].as_ref();
            standard::width(
                name,
                n.and_then(|n| n.glyph.as_deref()),
                n.and_then(|n| n.unicode.as_deref()),
            )
            .or(missing)
            .unwrap_or(0.5)
        })
        .collect();
    let first = obj::get(doc, dict, b"FirstChar")
        .and_then(|o| obj::num(doc, o))
        .unwrap_or(0.0)
        .max(0.0) as usize;
    if let Some(list) = obj::get_array(doc, dict, b"Widths") {
        for (k, o) in list.iter().enumerate() {
            if let (Some(slot), Some(w)) =
                (widths.get_mut(first.saturating_add(k)), obj::num(doc, o))
            {
                *slot = w / 1000.0;
            }
        }
    }
    widths
}

/// Type 3 widths are in glyph space: `FontMatrix` maps them to text space.
fn type3_scale(doc: &Document, dict: &Dictionary) -> f32 {
    obj::get(doc, dict, b"FontMatrix")
        .and_then(|o| obj::nums(doc, o))
        .and_then(|m| m.first().copied())
        .filter(|a| a.is_finite() && *a != 0.0)
        .map_or(0.001, f32::abs)
}

fn style(doc: &Document, name: &str, descriptor: Option<&Dictionary>) -> (bool, bool) {
    let lower = name.to_ascii_lowercase();
    let mut bold = ["bold", "black", "heavy", "semibold", "demi"]
        .iter()
        .any(|w| lower.contains(w));
    let mut italic = lower.contains("italic") || lower.contains("oblique");
    if let Some(d) = descriptor {
        let flags = obj::get(doc, d, b"Flags")
            .and_then(|o| obj::num(doc, o))
            .unwrap_or(0.0) as u32;
        let weight = obj::get(doc, d, b"FontWeight")
            .and_then(|o| obj::num(doc, o))
            .unwrap_or(0.0);
        let angle = obj::get(doc, d, b"ItalicAngle")
            .and_then(|o| obj::num(doc, o))
            .unwrap_or(0.0);
        bold |= weight >= 600.0 || flags & (1 << 18) != 0;
        italic |= angle.abs() > 1.0 || flags & (1 << 6) != 0;
    }
    (bold, italic)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn load(doc: &Document, d: &Dictionary) -> Font {
        Font::load(doc, d, &mut Budget::new(&crate::Limits::default())).unwrap()
    }

    #[test]
    fn standard_font_without_widths_uses_afm() {
        let doc = Document::new();
        let d =
            dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica-Bold" };
        let f = load(&doc, &d);
        let codes = f.decode(b"Ab ");
        assert_eq!(
            codes.iter().map(|c| c.text.as_str()).collect::<String>(),
            "Ab "
        );
        assert_eq!(codes[0].width, 0.722);
        assert!(f.bold && !f.italic);
        assert_eq!(f.space_width, 0.278);
    }

    #[test]
    fn differences_override_base_encoding() {
        let doc = Document::new();
        let enc = dictionary! {
            "BaseEncoding" => "WinAnsiEncoding",
            "Differences" => vec![Object::Integer(65), "eacute".into(), "uni2019".into(), ".notdef".into(), "a.sc".into()],
        };
        let d = dictionary! { "Subtype" => "Type1", "BaseFont" => "ABCDEF+Minion-Italic", "Encoding" => enc };
        let f = load(&doc, &d);
        let t: Vec<String> = f.decode(b"ABCDE\x93").into_iter().map(|c| c.text).collect();
        assert_eq!(t, ["é", "\u{2019}", "", "a", "E", "\u{201C}"]);
        assert_eq!(f.name, "Minion-Italic");
        assert!(f.italic);
    }

    #[test]
    fn identity_h_with_w_array() {
        let mut doc = Document::new();
        let tu = lopdf::Stream::new(
            dictionary! {},
            b"begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfchar <0003> <0020> endbfchar".to_vec(),
        );
        let tu_id = doc.add_object(tu);
        let cid = dictionary! {
            "Subtype" => "CIDFontType2", "DW" => 1000,
            "W" => vec![Object::Integer(3), Object::Array(vec![Object::Integer(250)]), Object::Integer(10), Object::Integer(20), Object::Integer(600)],
        };
        let d = dictionary! {
            "Subtype" => "Type0", "Encoding" => "Identity-H", "ToUnicode" => tu_id,
            "DescendantFonts" => vec![Object::Dictionary(cid)],
        };
        let f = load(&doc, &d);
        let codes = f.decode(&[0, 3, 0, 12, 0, 99, 7]);
        assert_eq!(codes.len(), 4);
        assert_eq!((codes[0].text.as_str(), codes[0].width), (" ", 0.25));
        assert_eq!(codes[1].width, 0.6);
        assert_eq!(codes[2].width, 1.0);
        assert_eq!(codes[3].len, 1);
        assert_eq!(f.space_width, 0.25);
    }

    #[test]
    fn ucs2_cmaps_are_unicode() {
        let doc = Document::new();
        let cid = dictionary! { "Subtype" => "CIDFontType0", "DW" => 1000 };
        let d = dictionary! {
            "Subtype" => "Type0", "Encoding" => "UniGB-UCS2-H", "BaseFont" => "STSong-Light",
            "DescendantFonts" => vec![Object::Dictionary(cid)],
        };
        let f = load(&doc, &d);
        let t: String = f
            .decode(&[0x4E, 0x2D, 0x65, 0x87])
            .into_iter()
            .map(|c| c.text)
            .collect();
        assert_eq!(t, "中文");
    }
}
