//! `--meta-csv FILE`: per-article metadata from a spreadsheet. An RFC 4180 reader (commas,
//! `"`-quoted fields with `""` escapes and line breaks, CRLF or LF) and the join on the
//! `path` column; the other columns are the keys of [`crate::meta::apply`].

use crate::meta;
use std::collections::HashMap;
use std::path::Path;

/// Largest CSV accepted (it is held in memory, one entry per row).
const MAX_BYTES: u64 = 1 << 30;

/// Metadata rows keyed by article key (`2020/v13/i22/2960`: the `path` column with `./` and
/// an export extension dropped, so a row may name either export).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct MetaTable {
    rows: HashMap<String, Vec<(String, String)>>,
}

impl MetaTable {
    /// The `key=value` pairs for one article (empty cells left out).
    pub fn pairs(&self, key: &str) -> &[(String, String)] {
        self.rows.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Reads and checks the whole file: an unknown column, a malformed value (a date not
    /// `YYYY-MM-DD`) or a duplicate path is an error naming the line.
    pub fn read(path: &Path) -> crate::Result<MetaTable> {
        let bytes = crate::read_input(path, MAX_BYTES)?;
        let text = String::from_utf8(bytes).map_err(|_| bad(path, "not UTF-8".into()))?;
        MetaTable::parse(&text).map_err(|reason| bad(path, reason))
    }

    /// Parses CSV text (see [`MetaTable::read`]).
    pub fn parse(text: &str) -> Result<MetaTable, String> {
        let mut records = Records::new(text.strip_prefix('\u{feff}').unwrap_or(text));
        let (_, header) = records
            .next()
            .ok_or("empty file: expected a header row `path,title,...`")??;
        let header: Vec<String> = header
            .iter()
            .map(|h| h.trim().to_ascii_lowercase().replace('-', "_"))
            .collect();
        let path_col = header
            .iter()
            .position(|h| h == "path")
            .ok_or("the header has no `path` column")?;
        for h in header.iter().filter(|h| *h != "path") {
            if !meta::KEYS.contains(&h.as_str()) {
                return Err(format!(
                    "line 1: unknown column `{h}` (known: path, {})",
                    meta::KEYS.join(", ")
                ));
            }
        }
        let mut table = MetaTable::default();
        for record in records {
            let (line, fields) = record?;
            if fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            if fields.len() != header.len() {
                return Err(format!(
                    "line {line}: {} fields, the header has {}",
                    fields.len(),
                    header.len()
                ));
            }
            let key = article_key(&fields[path_col])
                .ok_or(format!("line {line}: empty or unsafe `path`"))?;
            let pairs =
                row_pairs(&header, &fields, path_col).map_err(|e| format!("line {line}: {e}"))?;
            if table.rows.insert(key.clone(), pairs).is_some() {
                return Err(format!("line {line}: `{key}` has a row already"));
            }
        }
        Ok(table)
    }
}

fn bad(path: &Path, reason: String) -> crate::Error {
    crate::Error::Meta {
        file: path.to_path_buf(),
        reason,
    }
}

/// The pairs of one row, each checked by applying it to scratch metadata. An `author` cell
/// may hold several authors separated by `;`.
fn row_pairs(
    header: &[String],
    fields: &[String],
    path_col: usize,
) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    let mut scratch = crate::model::Metadata::default();
    for (i, (k, v)) in header.iter().zip(fields).enumerate() {
        if i == path_col || v.trim().is_empty() {
            continue;
        }
        let values: Vec<&str> = if k == "author" {
            v.split(';').collect()
        } else {
            vec![v.as_str()]
        };
        for v in values.into_iter().map(str::trim).filter(|v| !v.is_empty()) {
            meta::apply(&mut scratch, k, v)?;
            pairs.push((k.clone(), v.to_string()));
        }
    }
    Ok(pairs)
}

/// `./2020/v13/i22/2960.pdf` → `2020/v13/i22/2960`; `None` for an empty path or one with `..`.
pub fn article_key(path: &str) -> Option<String> {
    let rel = super::walk::safe_relative(Path::new(path.trim()))?;
    let name = rel.file_name()?;
    let stem = match Path::new(name).extension().and_then(|e| e.to_str()) {
        Some(e) if super::walk::EXPORTS.contains(&e.to_ascii_lowercase().as_str()) => {
            Path::new(name).file_stem()?
        }
        _ => name,
    };
    Some(super::walk::key_of(
        rel.parent().unwrap_or(Path::new("")),
        stem,
    ))
}

/// RFC 4180 records with the 1-based line each starts on.
struct Records<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: usize,
}

impl<'a> Records<'a> {
    fn new(text: &'a str) -> Self {
        Records {
            chars: text.chars().peekable(),
            line: 1,
        }
    }
}

impl Iterator for Records<'_> {
    type Item = Result<(usize, Vec<String>), String>;

    fn next(&mut self) -> Option<Self::Item> {
        self.chars.peek()?;
        let start = self.line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut was_quoted = false;
        loop {
            let Some(c) = self.chars.next() else {
                if quoted {
                    return Some(Err(format!("line {start}: a quoted field is not closed")));
                }
                break;
            };
            match (quoted, c) {
                (true, '"') if self.chars.peek() == Some(&'"') => {
                    self.chars.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => {
                    if c == '\n' {
                        self.line += 1;
                    }
                    field.push(c)
                }
                (false, '"') if field.is_empty() && !was_quoted => {
                    quoted = true;
                    was_quoted = true;
                }
                (false, '"') => {
                    return Some(Err(format!(
                        "line {}: a quote inside an unquoted field",
                        self.line
                    )))
                }
                (false, ',') => {
                    fields.push(std::mem::take(&mut field));
                    was_quoted = false;
                }
                (false, '\r') if self.chars.peek() == Some(&'\n') => {}
                (false, '\n') => {
                    self.line += 1;
                    break;
                }
                (false, c) => {
                    if was_quoted {
                        return Some(Err(format!(
                            "line {}: text after a closing quote",
                            self.line
                        )));
                    }
                    field.push(c)
                }
            }
        }
        fields.push(field);
        Some(Ok((start, fields)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rfc4180_quoting() {
        let t = MetaTable::parse(
            "\u{feff}path,title,date,author\r\n\
             2020/v13/i22/2960.pdf,\"Multipolar Maneuvers: \"\"Sino-Russian\"\", a\nstudy\",2020-04-10,Pavel Raus; Ann Other\r\n\
             ./2021/1.txt,Plain,,\n",
        )
        .unwrap();
        assert_eq!(t.len(), 2);
        let p = t.pairs("2020/v13/i22/2960");
        assert_eq!(
            p[0],
            (
                "title".into(),
                "Multipolar Maneuvers: \"Sino-Russian\", a\nstudy".into()
            )
        );
        assert_eq!(p[1], ("date".into(), "2020-04-10".into()));
        assert_eq!(p[2], ("author".into(), "Pavel Raus".into()));
        assert_eq!(p[3], ("author".into(), "Ann Other".into()));
        assert_eq!(
            t.pairs("2021/1"),
            [("title".to_string(), "Plain".to_string())]
        );
    }

    #[test]
    fn rejects_what_it_cannot_trust() {
        for (csv, why) in [
            ("title\nx\n", "no `path`"),
            ("path,colour\na,b\n", "unknown column"),
            ("path,date\na,10.04.2020\n", "date"),
            ("path,title\na,\"open\n", "not closed"),
            ("path,title\na,b,c\n", "fields"),
            ("path,title\n../a,b\n", "unsafe"),
            ("path,title\na.pdf,b\na.txt,c\n", "has a row"),
            ("path,title\na,x\"y\n", "quote inside"),
        ] {
            let e = MetaTable::parse(csv).unwrap_err();
            assert!(e.contains(why), "{csv:?}: {e}");
        }
    }
}
