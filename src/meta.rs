//! Metadata the export lacks, supplied by the user: `--meta key=value` pairs and a sidecar
//! `ARTICLE.meta.json` (or `.meta.yaml`, flat `key: value` lines) next to the input.
//! Supplied values override what the passes found.

use crate::model::{Author, Identifier, Keyword, Metadata};
use crate::report::{Action, Report};
use std::path::{Path, PathBuf};

/// The keys `--meta` and sidecars accept.
pub const KEYS: &[&str] = &[
    "title",
    "subtitle",
    "author",
    "date",
    "journal",
    "volume",
    "issue",
    "series",
    "abstract",
    "keywords",
    "self_uri",
    "doi",
    "issn",
    "language",
    "bio",
    "affiliation",
];

/// Applies one `key=value` to the metadata. `author` adds an author (repeatable);
/// `keywords` takes a comma-separated list; `bio`/`affiliation` apply to the first author.
pub fn apply(meta: &mut Metadata, key: &str, value: &str) -> Result<(), String> {
    let v = value.trim().to_string();
    let some = || Some(v.clone());
    match key.trim().to_ascii_lowercase().replace('-', "_").as_str() {
        "title" => meta.title = some(),
        "subtitle" => meta.subtitle = some(),
        "date" => {
            if !is_iso_date(&v) {
                return Err(format!(
                    "date `{v}` is not a calendar date as YYYY, YYYY-MM or YYYY-MM-DD"
                ));
            }
            meta.date = some()
        }
        "journal" => meta.journal = some(),
        "volume" => meta.volume = some(),
        "issue" => meta.issue = some(),
        "series" => meta.series = some(),
        "abstract" => {
            meta.abstract_ =
                (!v.is_empty()).then(|| vec![crate::model::Inline::Text { text: v.clone() }])
        }
        "self_uri" | "uri" | "url" => meta.self_uri = some(),
        "language" | "lang" => meta.language = some(),
        "keywords" | "tags" => {
            meta.keywords = v
                .split(',')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(|k| Keyword {
                    text: k.to_string(),
                    uri: None,
                })
                .collect()
        }
        scheme @ ("doi" | "issn") => {
            if scheme == "issn" && !is_issn(&v) {
                return Err(format!(
                    "issn `{v}` is not NNNN-NNNC with a valid check digit"
                ));
            }
            meta.identifiers.retain(|i| i.scheme != scheme);
            meta.identifiers.push(Identifier {
                scheme: scheme.into(),
                value: v,
            })
        }
        "author" | "authors" => {
            // `--meta author=...` replaces authors found in the text on first use; several
            // authors in one value are separated by `;` (`Jane Doe; John Roe`).
            for name in v.split(';').map(str::trim).filter(|n| !n.is_empty()) {
                add_author(meta, name);
            }
        }
        "bio" => first_author(meta).bio = some(),
        "affiliation" => first_author(meta).affiliation = some(),
        other => {
            return Err(format!(
                "unknown metadata key `{other}` (known: {})",
                KEYS.join(", ")
            ))
        }
    }
    Ok(())
}

/// An ISSN: `NNNN-NNNC`, C the mod-11 check digit (`X` for 10).
pub fn is_issn(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 9 || b[4] != b'-' {
        return false;
    }
    let digits: Vec<u8> = b.iter().copied().filter(|&c| c != b'-').collect();
    if !digits[..7].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = digits[..7]
        .iter()
        .enumerate()
        .map(|(i, d)| (8 - i as u32) * u32::from(d - b'0'))
        .sum();
    let check = (11 - sum % 11) % 11;
    match digits[7] {
        b'X' | b'x' => check == 10,
        d @ b'0'..=b'9' => u32::from(d - b'0') == check,
        _ => false,
    }
}

/// Adds an author by name (given names and surname split from it), or refreshes the parts of
/// one already there.
pub(crate) fn add_author(meta: &mut Metadata, name: &str) {
    let (given, surname) = split_name(name);
    if let Some(existing) = meta.authors.iter_mut().find(|x| x.name == name) {
        existing.given = given;
        existing.surname = surname;
    } else {
        meta.authors.push(Author {
            name: name.to_string(),
            given,
            surname,
            ..Default::default()
        });
    }
}

/// Checks one `key=value` as [`apply`] would, without metadata to apply it to: the same
/// validation for `--meta`, sidecars and CSV columns.
pub fn validate(key: &str, value: &str) -> Result<(), String> {
    apply(&mut Metadata::default(), key, value)
}

fn first_author(meta: &mut Metadata) -> &mut Author {
    if meta.authors.is_empty() {
        meta.authors.push(Author::default());
    }
    &mut meta.authors[0]
}

/// Splits `Given Names Surname` at the last space (`Pavel Raus` → `Pavel`, `Raus`); a
/// `Surname, Given` form is understood too.
pub fn split_name(name: &str) -> (Option<String>, Option<String>) {
    let name = name.trim();
    if let Some((sur, given)) = name.split_once(',') {
        return (Some(given.trim().to_string()), Some(sur.trim().to_string()));
    }
    match name.rsplit_once(' ') {
        Some((given, sur)) => (Some(given.trim().to_string()), Some(sur.to_string())),
        None if !name.is_empty() => (None, Some(name.to_string())),
        None => (None, None),
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with plausible numbers.
pub fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let val = |p: &str| p.parse::<u32>().unwrap_or(0);
    match parts.as_slice() {
        [y] => num(y, 4),
        [y, m] => num(y, 4) && num(m, 2) && (1..=12).contains(&val(m)),
        [y, m, d] => {
            num(y, 4)
                && num(m, 2)
                && num(d, 2)
                && (1..=12).contains(&val(m))
                && (1..=days_in_month(val(y), val(m))).contains(&val(d))
        }
        _ => false,
    }
}

/// Days in a month of the proleptic Gregorian calendar.
fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The sidecar files looked for next to `input` (`x.txt` → `x.meta.json`, `x.meta.yaml`).
pub fn sidecar_paths(input: &Path) -> Vec<PathBuf> {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = input.parent().unwrap_or(Path::new(""));
    ["json", "yaml", "yml"]
        .iter()
        .map(|ext| dir.join(format!("{stem}.meta.{ext}")))
        .collect()
}

/// Reads a sidecar into `key=value` pairs. JSON: an object of strings, numbers or arrays of
/// strings (an array gives one pair per element). YAML: flat `key: value` lines.
pub fn read_sidecar(path: &Path) -> crate::Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::Error::Io {
        file: path.to_path_buf(),
        source: e,
    })?;
    let bad = |reason: String| crate::Error::Meta {
        file: path.to_path_buf(),
        reason,
    };
    let mut pairs = Vec::new();
    if path.extension().is_some_and(|e| e == "json") {
        let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
        let obj = v
            .as_object()
            .ok_or_else(|| bad("expected a JSON object".into()))?;
        for (k, v) in obj {
            match v {
                serde_json::Value::String(s) => pairs.push((k.clone(), s.clone())),
                serde_json::Value::Number(n) => pairs.push((k.clone(), n.to_string())),
                serde_json::Value::Array(a) if k == "keywords" || k == "tags" => {
                    let words: Vec<&str> = a.iter().filter_map(|x| x.as_str()).collect();
                    pairs.push((k.clone(), words.join(",")))
                }
                serde_json::Value::Array(a) => {
                    for x in a {
                        let s = x
                            .as_str()
                            .ok_or_else(|| bad(format!("`{k}`: expected strings")))?;
                        pairs.push((k.clone(), s.to_string()));
                    }
                }
                serde_json::Value::Null => {}
                _ => return Err(bad(format!("`{k}`: expected a string, number or array"))),
            }
        }
    } else {
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line == "---" {
                continue;
            }
            let (k, v) = line
                .split_once(':')
                .ok_or_else(|| bad(format!("line {}: expected `key: value`", i + 1)))?;
            let v = v.trim().trim_matches('"').trim_matches('\'');
            pairs.push((k.trim().to_string(), v.to_string()));
        }
    }
    Ok(pairs)
}

/// Applies pairs in order, recording each in the report.
pub fn apply_all(
    meta: &mut Metadata,
    pairs: &[(String, String)],
    origin: &Path,
    report: &mut Report,
) -> crate::Result<()> {
    let mut authors_reset = false;
    for (k, v) in pairs {
        if matches!(k.as_str(), "author" | "authors") && !authors_reset {
            // Supplied authors replace those found in the text, but keep a matching bio.
            let old = std::mem::take(&mut meta.authors);
            meta.authors = old
                .into_iter()
                .filter(|a| pairs.iter().any(|(_, v)| v == &a.name))
                .collect();
            authors_reset = true;
        }
        apply(meta, k, v).map_err(|reason| crate::Error::Meta {
            file: origin.to_path_buf(),
            reason,
        })?;
        report.record(
            "meta",
            Action::Recognised,
            None,
            format!("{k} = {v} (from {})", origin.display()),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_keys_and_rejects_unknown() {
        let mut m = Metadata::default();
        apply(&mut m, "title", "Multipolar Maneuvers").unwrap();
        apply(&mut m, "date", "2020-04-10").unwrap();
        apply(&mut m, "keywords", "Russia, China,").unwrap();
        apply(&mut m, "author", "Pavel Raus").unwrap();
        assert_eq!(m.title.as_deref(), Some("Multipolar Maneuvers"));
        assert_eq!(m.keywords.len(), 2);
        assert_eq!(m.authors[0].surname.as_deref(), Some("Raus"));
        assert!(apply(&mut m, "date", "10.04.2020").is_err());
        assert!(apply(&mut m, "colour", "x").is_err());
    }

    #[test]
    fn dates_are_calendar_dates_and_authors_split_on_semicolons() {
        for ok in ["2020", "2020-02", "2020-02-29", "2019-12-31"] {
            assert!(validate("date", ok).is_ok(), "{ok}");
        }
        for bad in [
            "2020-02-30",
            "2019-02-29",
            "2020-04-31",
            "2020-13",
            "yesterday",
            "1900-02-29",
        ] {
            assert!(validate("date", bad).is_err(), "{bad}");
        }
        let mut m = Metadata::default();
        apply(&mut m, "author", "Pavel Raus; Jane Doe;").unwrap();
        let names: Vec<_> = m.authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Pavel Raus", "Jane Doe"]);
        assert_eq!(m.authors[1].surname.as_deref(), Some("Doe"));
    }

    #[test]
    fn issn_check_digit() {
        assert!(is_issn("0317-8471"));
        assert!(is_issn("2434-561X"));
        assert!(!is_issn("0317-8472"));
        assert!(!is_issn("03178471"));
        let mut m = Metadata::default();
        apply(&mut m, "issn", "2049-3630").unwrap();
        apply(&mut m, "issn", "0317-8471").unwrap();
        assert_eq!(m.identifiers.len(), 1);
        assert!(apply(&mut m, "issn", "1234-5678").is_err());
    }

    #[test]
    fn splits_names_both_ways() {
        assert_eq!(
            split_name("Pavel Raus"),
            (Some("Pavel".into()), Some("Raus".into()))
        );
        assert_eq!(
            split_name("Raus, Pavel"),
            (Some("Pavel".into()), Some("Raus".into()))
        );
        assert_eq!(split_name("Plato"), (None, Some("Plato".into())));
    }
}
