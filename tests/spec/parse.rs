//! Reading `spec/*.md`: the rules (`## ` headings) and the examples of each file, in the
//! format `spec/README.md` describes. A file that does not read or parse is not an example
//! fewer: it becomes a [`Broken`] file, whose trial fails naming the file and line.

use crate::notation::{section_of, unescape};
use std::path::{Path, PathBuf};

/// One example of a spec file.
pub struct Example {
    /// `spec/headings.md`.
    pub file: String,
    pub name: String,
    pub counter: bool,
    /// Why the example is pending (its rule is known to be wrong today).
    pub pending: Option<String>,
    /// The `## ` heading it stands under.
    pub rule: String,
    /// The line of its fence, from 1.
    pub line: usize,
    pub input: String,
    pub expected: String,
}

/// One spec file that parsed.
pub struct SpecFile {
    /// `spec/back-matter.md`.
    pub shown: String,
    /// `back_matter`: the first part of its trials' names.
    pub module: String,
    /// Its `## ` headings.
    pub rules: Vec<String>,
    pub examples: Vec<Example>,
}

/// A spec file (or the folder) that could not be read or parsed.
pub struct Broken {
    /// The name of the trial that reports it: `headings::parse_error`.
    pub trial: String,
    /// `spec/headings.md:12: the example's fence is never closed`.
    pub error: String,
}

/// Every spec file of `dir` (all `*.md` but the README), in file-name order.
pub fn load(dir: &Path) -> (Vec<SpecFile>, Vec<Broken>) {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
            .collect(),
        Err(e) => {
            let error = format!("{}: the spec folder does not read: {e}", dir.display());
            let trial = "spec_folder_reads".to_string();
            return (Vec::new(), vec![Broken { trial, error }]);
        }
    };
    files.sort();
    let mut good = Vec::new();
    let mut broken = Vec::new();
    for path in files {
        let shown = format!(
            "spec/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        let Some(module) = module_name(&stem) else {
            broken.push(Broken {
                trial: format!("{stem}::parse_error"),
                error: format!(
                    "{shown}: the file name must make a Rust module name (letters, digits, `-`)"
                ),
            });
            continue;
        };
        let parsed = std::fs::read_to_string(&path)
            .map_err(|e| format!("{shown}: {e}"))
            .and_then(|text| {
                parse(&text, &shown).map_err(|(line, e)| format!("{shown}:{line}: {e}"))
            });
        match parsed {
            Ok((rules, examples)) => good.push(SpecFile {
                shown,
                module,
                rules,
                examples,
            }),
            Err(error) => broken.push(Broken {
                trial: format!("{module}::parse_error"),
                error,
            }),
        }
    }
    (good, broken)
}

/// `back-matter` → `back_matter`.
fn module_name(stem: &str) -> Option<String> {
    let name = stem.replace('-', "_");
    is_ident(&name).then_some(name)
}

fn is_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The `## ` headings (rules) and the examples of one spec file, or (line, error).
fn parse(text: &str, shown: &str) -> Result<(Vec<String>, Vec<Example>), (usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut headings = Vec::new();
    let mut examples: Vec<Example> = Vec::new();
    let mut rule = String::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(h) = line.strip_prefix("## ") {
            rule = h.trim().to_string();
            headings.push(rule.clone());
            i += 1;
            continue;
        }
        let fence_len = line.len() - line.trim_start_matches('`').len();
        let info = line[fence_len..].trim();
        let kind = info.split_whitespace().next().unwrap_or("");
        if fence_len < 3 || !(kind == "example" || kind == "counterexample") {
            // Other fenced blocks (prose examples) are skipped whole.
            if fence_len >= 3 {
                let fence = &line[..fence_len];
                i += 1;
                while i < lines.len() && !lines[i].trim_end().starts_with(fence) {
                    i += 1;
                }
            }
            i += 1;
            continue;
        }
        let at = i + 1;
        let rest = info[kind.len()..].trim();
        let (name, rest) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        if !is_ident(name) {
            return Err((
                at,
                format!("example name {name:?} must be lower_snake_case"),
            ));
        }
        if examples.iter().any(|e| e.name == name) {
            return Err((at, format!("two examples are named {name:?}")));
        }
        let rest = rest.trim();
        let pending = match rest.strip_prefix("pending") {
            Some(why) => {
                let why = why.trim_start_matches(':').trim();
                if why.is_empty() {
                    return Err((at, "a pending example says why: `pending: REASON`".into()));
                }
                Some(why.to_string())
            }
            None if rest.is_empty() => None,
            None => {
                return Err((
                    at,
                    format!("unknown words after the example name: {rest:?}"),
                ))
            }
        };
        if rule.is_empty() {
            return Err((
                at,
                "an example must stand under a `## ` rule heading".into(),
            ));
        }
        let fence = &line[..fence_len];
        let mut body = Vec::new();
        i += 1;
        while i < lines.len() && lines[i].trim_end() != fence {
            body.push(lines[i]);
            i += 1;
        }
        if i == lines.len() {
            return Err((at, "the example's fence is never closed".into()));
        }
        let Some(sep) = body.iter().position(|l| l.trim_end() == "=>") else {
            return Err((
                at,
                "an example needs a `=>` line between input and expected model".into(),
            ));
        };
        let mut input = body[..sep].join("\n");
        input.push('\n');
        let expected = body[sep + 1..].join("\n");
        if expected.trim().is_empty() {
            return Err((
                at,
                "the expected model is empty (write `body (none)` to expect nothing)".into(),
            ));
        }
        // A line of the expected model in no known notation is the file's error, not the
        // example's failure (which a pending example would take for "still fails").
        for (k, l) in body[sep + 1..].iter().enumerate() {
            let l = l.trim_end();
            if !l.is_empty() {
                section_of(&unescape(l)).map_err(|e| (at + sep + 2 + k, e))?;
            }
        }
        examples.push(Example {
            file: shown.to_string(),
            name: name.to_string(),
            counter: kind == "counterexample",
            pending,
            rule: rule.clone(),
            line: at,
            input,
            expected,
        });
        i += 1;
    }
    Ok((headings, examples))
}
