//! A bounded pre-scan of the object layer, before lopdf parses it: lopdf parses every object
//! eagerly and keeps each array element, name and number as its own value (tens of bytes
//! each), so a 20 KB file whose object stream inflates to a 10^7-element array would make it
//! allocate gigabytes. This pass counts the syntactic tokens of every object — in the file and
//! inside Flate object streams (inflated within the stream limit) — in one linear pass and
//! refuses the file when they exceed [`Limits::max_object_tokens`]. Content streams are skipped
//! (they are interpreted later, under the operator limit).

use crate::{Error, Limits};
use std::io::Read;
use std::path::Path;

/// Counts tokens and refuses a file with more than the limit allows.
pub fn check(bytes: &[u8], file: &Path, limits: &Limits) -> crate::Result<()> {
    let over = || Error::Limit {
        file: file.to_path_buf(),
        limit: "object tokens",
        max: limits.max_object_tokens,
    };
    let mut budget = Budget {
        left: limits.max_object_tokens,
    };
    scan(bytes, true, limits, &mut budget).map_err(|_| over())
}

struct Budget {
    left: u64,
}

impl Budget {
    fn take(&mut self) -> Result<(), ()> {
        self.left = self.left.checked_sub(1).ok_or(())?;
        Ok(())
    }
}

/// Walks `bytes` token by token. With `streams`, a `stream` keyword's data is skipped to its
/// `endstream`; an object stream's data is inflated and scanned in turn.
fn scan(bytes: &[u8], streams: bool, limits: &Limits, budget: &mut Budget) -> Result<(), ()> {
    let mut i = 0;
    let mut objstm = false;
    let mut flate = false;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0' => i += 1,
            b'%' => i = skip_line(bytes, i),
            b'(' => {
                budget.take()?;
                i = skip_string(bytes, i);
            }
            b'[' | b']' | b'{' | b'}' => {
                budget.take()?;
                i += 1;
            }
            b'<' | b'>' => {
                budget.take()?;
                if bytes.get(i + 1) == Some(&c) {
                    i += 2;
                } else if c == b'<' {
                    i = find(bytes, i, b">").map_or(bytes.len(), |e| e + 1);
                } else {
                    i += 1;
                }
            }
            _ => {
                budget.take()?;
                let end = token_end(bytes, i + 1);
                let tok = &bytes[i..end];
                match tok {
                    b"/ObjStm" => objstm = true,
                    b"/FlateDecode" | b"/Fl" => flate = true,
                    b"obj" | b"endobj" => (objstm, flate) = (false, false),
                    b"stream" if streams => {
                        let start = data_start(bytes, end);
                        let stop = find(bytes, start, b"endstream").unwrap_or(bytes.len());
                        if objstm && flate {
                            let inflated = inflate(&bytes[start..stop], limits.max_stream_bytes);
                            scan(&inflated, false, limits, budget)?;
                        }
                        (objstm, flate) = (false, false);
                        i = stop + b"endstream".len();
                        continue;
                    }
                    _ => {}
                }
                i = end;
            }
        }
    }
    Ok(())
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t'
            | b'\r'
            | b'\n'
            | b'\x0c'
            | b'\0'
            | b'('
            | b')'
            | b'<'
            | b'>'
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'/'
            | b'%'
    )
}

fn token_end(bytes: &[u8], from: usize) -> usize {
    bytes[from.min(bytes.len())..]
        .iter()
        .position(|&b| is_delim(b))
        .map_or(bytes.len(), |p| from + p)
}

fn skip_line(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(bytes.len(), |p| from + p + 1)
}

/// Past a literal string: balanced parentheses, backslash escapes.
fn skip_string(bytes: &[u8], from: usize) -> usize {
    let mut depth = 0usize;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// The first byte of stream data: after `stream` and its end of line.
fn data_start(bytes: &[u8], after_keyword: usize) -> usize {
    let mut i = after_keyword;
    if bytes.get(i) == Some(&b'\r') {
        i += 1;
    }
    if bytes.get(i) == Some(&b'\n') {
        i += 1;
    }
    i.min(bytes.len())
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// Inflates zlib data, at most `max` bytes; damaged data gives what inflated before the damage.
fn inflate(data: &[u8], max: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = flate2::read::ZlibDecoder::new(data)
        .take(max)
        .read_to_end(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn limits(max: u64) -> Limits {
        Limits {
            max_object_tokens: max,
            ..Limits::default()
        }
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn counts_object_tokens_not_stream_data() {
        let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
            2 0 obj << /Length 9 >> stream\n0 0 0 0 0\nendstream endobj\n";
        // `1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj` = 12; `2 0 obj << /Length 9 >>
        // stream` = 8 (the data skipped); `endobj` = 1; the header is a comment.
        assert!(check(pdf, Path::new("a.pdf"), &limits(21)).is_ok());
        assert!(check(pdf, Path::new("a.pdf"), &limits(20)).is_err());
    }

    #[test]
    fn a_huge_array_inside_an_object_stream_is_refused() {
        let mut arr = b"5 0 [".to_vec();
        arr.extend(b"0 ".repeat(100_000));
        arr.push(b']');
        let data = zlib(&arr);
        let mut pdf = format!(
            "%PDF-1.5\n6 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {} >> stream\n",
            data.len()
        )
        .into_bytes();
        pdf.extend(&data);
        pdf.extend(b"\nendstream endobj\n");
        assert!(pdf.len() < 2_000, "{}", pdf.len());
        let e = check(&pdf, Path::new("bomb.pdf"), &limits(50_000)).unwrap_err();
        assert!(e.to_string().contains("object tokens"), "{e}");
        assert!(e.to_string().contains("bomb.pdf"), "{e}");
        assert!(check(&pdf, Path::new("bomb.pdf"), &limits(200_000)).is_ok());
    }

    #[test]
    fn strings_and_comments_are_single_tokens() {
        let pdf = b"(a (nested) \\) string) % comment 1 2 3\n<414243> /Name";
        assert!(check(pdf, Path::new("a"), &limits(3)).is_ok());
        assert!(check(pdf, Path::new("a"), &limits(2)).is_err());
    }

    #[test]
    fn unterminated_input_ends_cleanly() {
        for pdf in [
            &b"(((("[..],
            b"<",
            b"<<",
            b"1 0 obj << /Type /ObjStm /Filter /FlateDecode >> stream\n\x78\x9c",
        ] {
            let _ = check(pdf, Path::new("a"), &Limits::default());
        }
    }
}
