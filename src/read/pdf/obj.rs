//! Object-layer helpers over lopdf: bounded dereferencing, typed lookups, and stream decoding
//! charged against the document's [`Budget`] (ISO 32000-1 §7.3, §7.4).

use lopdf::{Dictionary, Document, Object, ObjectId};
use std::time::{Duration, Instant};

/// Operators interpreted between two looks at the clock: often enough to stop within a
/// fraction of a second, rarely enough to cost nothing.
const OPS_PER_CLOCK_CHECK: u64 = 4096;

/// Longest chain of references followed before an object is treated as null (loops).
const MAX_HOPS: usize = 32;

/// Why reading stopped early: a configured limit was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitHit {
    /// Which limit (`operators`, `decompressed bytes`, ...).
    pub limit: &'static str,
    /// Its configured maximum.
    pub max: u64,
}

/// What is left of the document's allowances while it is read.
#[derive(Debug, Clone)]
pub struct Budget {
    stream_max: u64,
    doc_max: u64,
    doc_used: u64,
    ops_max: u64,
    ops_used: u64,
    /// Deepest nesting of form XObjects and graphics states.
    pub depth_max: u32,
    /// When reading must stop (`Limits::max_seconds` after the budget was made), if ever.
    deadline: Option<(Instant, u64)>,
}

impl Budget {
    /// A budget from the crate's limits.
    pub fn new(limits: &crate::Limits) -> Self {
        Budget {
            stream_max: limits.max_stream_bytes,
            doc_max: limits.max_document_bytes,
            doc_used: 0,
            ops_max: limits.max_operators,
            ops_used: 0,
            depth_max: limits.max_depth,
            deadline: (limits.max_seconds > 0).then(|| {
                (
                    Instant::now() + Duration::from_secs(limits.max_seconds),
                    limits.max_seconds,
                )
            }),
        }
    }

    /// Stops reading when the time budget is spent.
    pub fn clock(&self) -> Result<(), LimitHit> {
        match self.deadline {
            Some((at, secs)) if Instant::now() >= at => Err(LimitHit {
                limit: "time",
                max: secs,
            }),
            _ => Ok(()),
        }
    }

    /// Counts one content-stream operator.
    pub fn operator(&mut self) -> Result<(), LimitHit> {
        self.ops_used += 1;
        if self.ops_used > self.ops_max {
            return Err(LimitHit {
                limit: "operators",
                max: self.ops_max,
            });
        }
        if self.ops_used % OPS_PER_CLOCK_CHECK == 0 {
            self.clock()?;
        }
        Ok(())
    }

    /// A depth-limit error.
    pub fn depth_hit(&self) -> LimitHit {
        LimitHit {
            limit: "nesting depth",
            max: u64::from(self.depth_max),
        }
    }

    /// Decodes a stream, charging its size; undecodable streams read as empty (damaged
    /// files are common), but a stream over the limits stops the document.
    pub fn decode(&mut self, stream: &lopdf::Stream) -> Result<Vec<u8>, LimitHit> {
        let left = self.doc_max.saturating_sub(self.doc_used);
        let cap = self.stream_max.min(left);
        let cap_usize = usize::try_from(cap).unwrap_or(usize::MAX);
        let bytes = match stream.get_plain_content_with_limit(cap_usize) {
            Ok(b) => b,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                return Err(if cap == self.stream_max {
                    LimitHit {
                        limit: "stream bytes",
                        max: self.stream_max,
                    }
                } else {
                    LimitHit {
                        limit: "document bytes",
                        max: self.doc_max,
                    }
                });
            }
            Err(_) => Vec::new(),
        };
        self.doc_used += bytes.len() as u64;
        Ok(bytes)
    }
}

/// Follows references (at most `MAX_HOPS`); a dangling or looping reference is null.
pub fn resolve<'a>(doc: &'a Document, mut obj: &'a Object) -> &'a Object {
    for _ in 0..MAX_HOPS {
        match obj {
            Object::Reference(id) => match doc.objects.get(id) {
                Some(o) => obj = o,
                None => return &Object::Null,
            },
            _ => return obj,
        }
    }
    &Object::Null
}

/// The reference an object is, if it is one.
pub fn ref_id(obj: &Object) -> Option<ObjectId> {
    match obj {
        Object::Reference(id) => Some(*id),
        _ => None,
    }
}

/// A dictionary, or a stream's dictionary.
pub fn as_dict<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match resolve(doc, obj) {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// A value in a dictionary, dereferenced.
pub fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key)
        .ok()
        .map(|o| resolve(doc, o))
        .filter(|o| !matches!(o, Object::Null))
}

/// A dictionary value that is itself a dictionary (or stream).
pub fn get_dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    dict.get(key).ok().and_then(|o| as_dict(doc, o))
}

/// A dictionary value that is a name.
pub fn get_name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n.as_slice()),
        _ => None,
    }
}

/// A dictionary value that is an array.
pub fn get_array<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [Object]> {
    match get(doc, dict, key)? {
        Object::Array(a) => Some(a.as_slice()),
        _ => None,
    }
}

/// A number (integer or real), dereferenced.
pub fn num(doc: &Document, obj: &Object) -> Option<f32> {
    match resolve(doc, obj) {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

/// A number operand (content streams hold no references).
pub fn operand_num(obj: &Object) -> Option<f32> {
    match obj {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

/// An array of numbers, e.g. a rectangle or matrix; non-numbers make it `None`.
pub fn nums(doc: &Document, obj: &Object) -> Option<Vec<f32>> {
    match resolve(doc, obj) {
        Object::Array(a) => a.iter().map(|o| num(doc, o)).collect(),
        _ => None,
    }
}

/// A text string (PDFDocEncoding or UTF-16BE with BOM) as Rust text.
pub fn text_string(doc: &Document, obj: &Object) -> Option<String> {
    match resolve(doc, obj) {
        Object::String(bytes, _) => Some(decode_text_string(bytes)),
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    }
}

/// Decodes a PDF text string: UTF-16BE (BOM), UTF-8 (BOM), else PDFDocEncoding.
pub fn decode_text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]));
        return char::decode_utf16(units)
            .map(|r| r.unwrap_or('\u{FFFD}'))
            .collect();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| pdf_doc_char(b)).collect()
}

/// PDFDocEncoding: Latin-1 except 0x18–0x1F and 0x80–0x9F (ISO 32000-1 Annex D.3).
fn pdf_doc_char(b: u8) -> char {
    const HIGH: [char; 32] = [
        '•', '†', '‡', '…', '—', '–', 'ƒ', '⁄', '‹', '›', '−', '‰', '„', '“', '”', '‘', '’', '‚',
        '™', 'ﬁ', 'ﬂ', 'Ł', 'Œ', 'Š', 'Ÿ', 'Ž', 'ı', 'ł', 'œ', 'š', 'ž', '\u{FFFD}',
    ];
    const LOW: [char; 8] = ['˘', 'ˇ', 'ˆ', '˙', '˝', '˛', '˚', '˜'];
    match b {
        0x18..=0x1F => LOW[usize::from(b - 0x18)],
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        0xA0 => '€',
        _ => char::from(b),
    }
}

/// A 2-D affine matrix `[a b c d e f]` (ISO 32000-1 §8.3.3).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matrix(pub [f32; 6]);

impl Matrix {
    /// The identity.
    pub const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// From six numbers, if they are finite.
    pub fn from_slice(v: &[f32]) -> Option<Matrix> {
        let m: [f32; 6] = v.get(..6)?.try_into().ok()?;
        m.iter().all(|x| x.is_finite()).then_some(Matrix(m))
    }

    /// `self × other`: apply `self` first, then `other`.
    pub fn then(&self, o: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = o.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    /// A translation.
    pub fn translate(x: f32, y: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// Maps a point.
    pub fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// Length of the image of a vertical unit vector (text size scale).
    pub fn vscale(&self) -> f32 {
        self.0[2].hypot(self.0[3])
    }

    /// Length of the image of a horizontal unit vector.
    pub fn hscale(&self) -> f32 {
        self.0[0].hypot(self.0[1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spent_time_budget_stops_at_the_next_clock_check() {
        let mut b = Budget::new(&crate::Limits::default());
        assert_eq!(b.clock(), Ok(()));
        b.deadline = Some((Instant::now(), 7));
        let hit = LimitHit {
            limit: "time",
            max: 7,
        };
        assert_eq!(b.clock(), Err(hit));
        let first = (1..=OPS_PER_CLOCK_CHECK)
            .map(|_| b.operator())
            .find(|r| r.is_err());
        assert_eq!(first, Some(Err(hit)));
        let none = Budget::new(&crate::Limits {
            max_seconds: 0,
            ..crate::Limits::default()
        });
        assert!(none.deadline.is_none());
    }

    #[test]
    fn decodes_text_strings() {
        assert_eq!(decode_text_string(b"\xFE\xFF\x00A\x20\x19"), "A\u{2019}");
        assert_eq!(decode_text_string(b"caf\xE9 \x8Dx\x8E"), "café “x”");
        assert_eq!(decode_text_string(b"\xFE\xFF\x00"), "\u{0}");
    }

    #[test]
    fn matrix_concatenation_applies_left_first() {
        let m = Matrix::translate(10.0, 0.0).then(&Matrix([2.0, 0.0, 0.0, 2.0, 0.0, 0.0]));
        assert_eq!(m.apply(1.0, 1.0), (22.0, 2.0));
    }

    #[test]
    fn reference_loops_resolve_to_null() {
        let mut doc = Document::new();
        doc.objects.insert((1, 0), Object::Reference((2, 0)));
        doc.objects.insert((2, 0), Object::Reference((1, 0)));
        assert!(matches!(
            resolve(&doc, &Object::Reference((1, 0))),
            Object::Null
        ));
    }
}
