//! CMap parsing for ToUnicode maps and embedded CID encodings: `codespacerange`, `bfchar`,
//! `bfrange` (offset and array forms), `cidchar`, `cidrange` (Adobe Technical Note #5014,
//! #5411). Multi-byte codes are keyed by (length, value).

use std::collections::HashMap;

/// Most mappings kept from one CMap, against hostile files with huge ranges.
const MAX_ENTRIES: usize = 200_000;

/// A parsed CMap.
#[derive(Debug, Clone, Default)]
pub struct CMap {
    /// Code space ranges: (low bytes, high bytes), equal lengths.
    pub codespace: Vec<(Vec<u8>, Vec<u8>)>,
    chars: HashMap<(u8, u32), String>,
    ranges: Vec<BfRange>,
    cids: HashMap<(u8, u32), u32>,
    cid_ranges: Vec<(u8, u32, u32, u32)>,
}

#[derive(Debug, Clone)]
struct BfRange {
    len: u8,
    lo: u32,
    hi: u32,
    dst: RangeDst,
}

#[derive(Debug, Clone)]
enum RangeDst {
    /// UTF-16BE units of the first code's text; the last unit increments.
    Offset(Vec<u16>),
    /// One destination per code.
    Array(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    Int(i64),
    Name(Vec<u8>),
    Op(Vec<u8>),
    Open,
    Close,
}

impl CMap {
    /// Parses CMap text; unknown syntax is skipped.
    pub fn parse(data: &[u8]) -> CMap {
        let tokens = tokenize(data);
        let mut cmap = CMap::default();
        let mut i = 0;
        while i < tokens.len() {
            if let Token::Op(op) = &tokens[i] {
                i = match op.as_slice() {
                    b"begincodespacerange" => cmap.codespace_section(&tokens, i + 1),
                    b"beginbfchar" => cmap.bfchar_section(&tokens, i + 1),
                    b"beginbfrange" => cmap.bfrange_section(&tokens, i + 1),
                    b"begincidchar" => cmap.cidchar_section(&tokens, i + 1),
                    b"begincidrange" => cmap.cidrange_section(&tokens, i + 1),
                    _ => i + 1,
                };
            } else {
                i += 1;
            }
        }
        cmap
    }

    fn full(&self) -> bool {
        self.chars.len() + self.ranges.len() + self.cids.len() + self.cid_ranges.len()
            >= MAX_ENTRIES
    }

    fn codespace_section(&mut self, t: &[Token], mut i: usize) -> usize {
        while let (Some(Token::Hex(lo)), Some(Token::Hex(hi))) = (t.get(i), t.get(i + 1)) {
            if lo.len() == hi.len() && (1..=4).contains(&lo.len()) {
                self.codespace.push((lo.clone(), hi.clone()));
            }
            i += 2;
        }
        i
    }

    fn bfchar_section(&mut self, t: &[Token], mut i: usize) -> usize {
        while let (Some(Token::Hex(src)), Some(dst)) = (t.get(i), t.get(i + 1)) {
            if let (Some(key), Some(text)) = (code_key(src), dst_text(dst)) {
                if !self.full() {
                    self.chars.insert(key, text);
                }
            }
            i += 2;
        }
        i
    }

    fn bfrange_section(&mut self, t: &[Token], mut i: usize) -> usize {
        while let (Some(Token::Hex(lo)), Some(Token::Hex(hi))) = (t.get(i), t.get(i + 1)) {
            i += 2;
            let dst = match t.get(i) {
                Some(Token::Hex(d)) => {
                    i += 1;
                    Some(RangeDst::Offset(utf16_units(d)))
                }
                Some(Token::Open) => {
                    let mut items = Vec::new();
                    i += 1;
                    while let Some(tok) = t.get(i) {
                        i += 1;
                        match tok {
                            Token::Close => break,
                            other => items.push(dst_text(other).unwrap_or_default()),
                        }
                    }
                    Some(RangeDst::Array(items))
                }
                _ => None,
            };
            if let (Some((len, lo)), Some((_, hi)), Some(dst)) = (code_key(lo), code_key(hi), dst) {
                if lo <= hi && !self.full() {
                    self.ranges.push(BfRange { len, lo, hi, dst });
                }
            }
        }
        i
    }

    fn cidchar_section(&mut self, t: &[Token], mut i: usize) -> usize {
        while let (Some(Token::Hex(src)), Some(Token::Int(cid))) = (t.get(i), t.get(i + 1)) {
            if let (Some(key), Ok(cid)) = (code_key(src), u32::try_from(*cid)) {
                if !self.full() {
                    self.cids.insert(key, cid);
                }
            }
            i += 2;
        }
        i
    }

    fn cidrange_section(&mut self, t: &[Token], mut i: usize) -> usize {
        while let (Some(Token::Hex(lo)), Some(Token::Hex(hi)), Some(Token::Int(cid))) =
            (t.get(i), t.get(i + 1), t.get(i + 2))
        {
            if let (Some((len, lo)), Some((_, hi)), Ok(cid)) =
                (code_key(lo), code_key(hi), u32::try_from(*cid))
            {
                if lo <= hi && !self.full() {
                    self.cid_ranges.push((len, lo, hi, cid));
                }
            }
            i += 3;
        }
        i
    }

    /// The Unicode text of a code of `len` bytes.
    pub fn lookup(&self, len: u8, code: u32) -> Option<String> {
        if let Some(s) = self.chars.get(&(len, code)) {
            return Some(s.clone());
        }
        // Later ranges override earlier ones, as later definitions do in PostScript.
        self.ranges
            .iter()
            .rev()
            .find(|r| r.len == len && (r.lo..=r.hi).contains(&code))
            .map(|r| {
                let k = (code - r.lo) as usize;
                match &r.dst {
                    RangeDst::Array(items) => items.get(k).cloned().unwrap_or_default(),
                    RangeDst::Offset(units) => offset_text(units, k),
                }
            })
    }

    /// The CID of a code (embedded CID CMaps).
    pub fn cid(&self, len: u8, code: u32) -> Option<u32> {
        if let Some(c) = self.cids.get(&(len, code)) {
            return Some(*c);
        }
        self.cid_ranges
            .iter()
            .rev()
            .find(|(l, lo, hi, _)| *l == len && (*lo..=*hi).contains(&code))
            .map(|(_, lo, _, cid)| cid + (code - lo))
    }

    /// Length of the code at the start of `bytes` under the code space, if one matches.
    pub fn code_len(&self, bytes: &[u8]) -> Option<usize> {
        self.codespace
            .iter()
            .filter(|(lo, hi)| {
                bytes.len() >= lo.len()
                    && lo
                        .iter()
                        .zip(hi)
                        .zip(bytes)
                        .all(|((l, h), b)| (*l..=*h).contains(b))
            })
            .map(|(lo, _)| lo.len())
            .min()
    }
}

/// Big-endian code value with its byte length.
pub fn code_key(bytes: &[u8]) -> Option<(u8, u32)> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    Some((
        bytes.len() as u8,
        bytes.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b)),
    ))
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
        .collect()
}

fn utf16_text(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .map(|r| r.unwrap_or('\u{FFFD}'))
        .collect()
}

fn dst_text(tok: &Token) -> Option<String> {
    match tok {
        Token::Hex(b) => Some(utf16_text(&utf16_units(b))),
        // Some producers write glyph names instead of hex strings.
        Token::Name(n) => super::encoding::glyph_to_unicode(&String::from_utf8_lossy(n)),
        _ => None,
    }
}

fn offset_text(units: &[u16], k: usize) -> String {
    let mut u = units.to_vec();
    if let Some(last) = u.last_mut() {
        *last = last.wrapping_add(k as u16);
    }
    utf16_text(&u)
}

/// Splits CMap text into the tokens the sections need; strings in parentheses and
/// dictionaries are skipped.
fn tokenize(data: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        match c {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if data.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let end = data[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(data.len(), |p| i + p);
                out.push(Token::Hex(hex_bytes(&data[i + 1..end])));
                i = end + 1;
            }
            b'[' => {
                out.push(Token::Open);
                i += 1;
            }
            b']' => {
                out.push(Token::Close);
                i += 1;
            }
            b'(' => i = skip_string(data, i),
            b'/' => {
                let end = word_end(data, i + 1);
                out.push(Token::Name(data[i + 1..end].to_vec()));
                i = end;
            }
            _ if c.is_ascii_whitespace() || c == b'{' || c == b'}' || c == b'>' || c == b')' => {
                i += 1
            }
            _ => {
                let end = word_end(data, i).max(i + 1);
                let w = &data[i..end];
                match std::str::from_utf8(w)
                    .ok()
                    .and_then(|s| s.parse::<i64>().ok())
                {
                    Some(n) => out.push(Token::Int(n)),
                    None => out.push(Token::Op(w.to_vec())),
                }
                i = end;
            }
        }
    }
    out
}

fn word_end(data: &[u8], mut i: usize) -> usize {
    while i < data.len() && !data[i].is_ascii_whitespace() && !b"<>[]()/{}%".contains(&data[i]) {
        i += 1;
    }
    i
}

fn skip_string(data: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < data.len() {
        match data[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

fn hex_bytes(s: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = s
        .iter()
        .filter_map(|&c| match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        })
        .collect();
    digits
        .chunks(2)
        .map(|p| (p[0] << 4) | p.get(1).copied().unwrap_or(0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
        /CMapName /Adobe-Identity-UCS def
        1 begincodespacerange <0000> <FFFF> endcodespacerange
        3 beginbfchar <0003> <0020> <0011> <00AD2010> <00b7> <D835DC9C> endbfchar
        2 beginbfrange <0024> <0026> <0041> <0050> <0052> [<0066006C> <0078> <03B1>] endbfrange
        endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn bfchar_and_bfrange_forms() {
        let c = CMap::parse(SAMPLE);
        assert_eq!(c.lookup(2, 3).as_deref(), Some(" "));
        assert_eq!(c.lookup(2, 0x11).as_deref(), Some("\u{AD}\u{2010}"));
        assert_eq!(c.lookup(2, 0xb7).as_deref(), Some("\u{1D49C}"));
        assert_eq!(c.lookup(2, 0x25).as_deref(), Some("B"));
        assert_eq!(c.lookup(2, 0x50).as_deref(), Some("fl"));
        assert_eq!(c.lookup(2, 0x52).as_deref(), Some("\u{3B1}"));
        assert_eq!(c.lookup(1, 0x25), None);
        assert_eq!(c.lookup(2, 0x27), None);
    }

    #[test]
    fn codespace_decides_code_length() {
        let c = CMap::parse(b"2 begincodespacerange <00> <80> <8140> <9FFC> endcodespacerange");
        assert_eq!(c.code_len(b"\x41\x81"), Some(1));
        assert_eq!(c.code_len(b"\x81\x41"), Some(2));
        assert_eq!(c.code_len(b"\xFF"), None);
    }

    #[test]
    fn cid_ranges() {
        let c = CMap::parse(
            b"1 begincidrange <0020> <007e> 1 endcidrange 1 begincidchar <3000> 633 endcidchar",
        );
        assert_eq!(c.cid(2, 0x21), Some(2));
        assert_eq!(c.cid(2, 0x3000), Some(633));
        assert_eq!(c.cid(2, 0x10), None);
    }

    #[test]
    fn garbage_does_not_panic() {
        let _ =
            CMap::parse(b"beginbfrange <FF> <00> <41> <zz endbfrange begincodespacerange < ( [");
        let _ = CMap::parse(b"beginbfrange <00> <FFFFFFFF> <0041> endbfrange");
    }
}
