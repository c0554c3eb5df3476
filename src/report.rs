//! The report: what each reader, pass and writer removed, joined, kept, attached or could not
//! express, with the source lines, so a user can see why a line vanished
//! (`offprint convert --report`).

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a pass did to a piece of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Removed (page furniture, URI dumps...).
    Removed,
    /// Joined (wrapped lines, hyphenated words, split paragraphs, broken URLs).
    Joined,
    /// Kept on purpose where removal was considered (a real line-end hyphen).
    Kept,
    /// A link target attached to words.
    Attached,
    /// Text repaired (a truncated URL completed from its target).
    Repaired,
    /// Recognised as a structure (heading, list, note, figure caption, metadata).
    Recognised,
    /// A link target that could not be attached to any words.
    Unattached,
    /// Something the user should know (missing title, a construct a writer cannot express).
    Warning,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Action::Removed => "removed",
            Action::Joined => "joined",
            Action::Kept => "kept",
            Action::Attached => "attached",
            Action::Repaired => "repaired",
            Action::Recognised => "recognised",
            Action::Unattached => "unattached",
            Action::Warning => "warning",
        };
        f.write_str(s)
    }
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The pass, reader or writer that made it (`furniture`, `hyphens`, `jats`...).
    pub pass: String,
    /// What it did.
    pub action: Action,
    /// Input lines concerned (first, last), 1-based, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<(u32, u32)>,
    /// What, in a few words, with the text concerned.
    pub detail: String,
}

/// Text made safe for a terminal: control characters (escape sequences, bell, newlines) and
/// bidi controls shown escaped (`\u{1b}`), so input can neither drive the terminal nor break
/// a one-line message.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() || crate::chars::is_bidi_control(c);
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// All changes recorded while converting one article, in the order they were made.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The changes.
    pub changes: Vec<Change>,
}

impl Report {
    /// Records a change.
    pub fn record(
        &mut self,
        pass: &str,
        action: Action,
        lines: Option<(u32, u32)>,
        detail: impl Into<String>,
    ) {
        self.changes.push(Change {
            pass: pass.to_string(),
            action,
            lines,
            detail: detail.into(),
        });
    }

    /// The changes of one kind.
    pub fn of(&self, action: Action) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.action == action)
    }

    /// Warnings and unattached links: what a batch report lists per article.
    pub fn warnings(&self) -> Vec<String> {
        self.changes
            .iter()
            .filter(|c| matches!(c.action, Action::Warning | Action::Unattached))
            .map(|c| format!("{}: {}", c.pass, c.detail))
            .collect()
    }
}

impl fmt::Display for Report {
    /// One line per change: `pass  action  lines  detail`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in &self.changes {
            let lines = match c.lines {
                Some((a, b)) if a == b => format!("line {a}"),
                Some((a, b)) => format!("lines {a}-{b}"),
                None => String::new(),
            };
            writeln!(
                f,
                "{:<12} {:<10} {:<14} {}",
                c.pass,
                c.action,
                lines,
                printable(&c.detail)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_escapes_terminal_controls_only() {
        assert_eq!(printable("café – “x”"), "café – “x”");
        assert_eq!(
            printable("a\u{1b}]0;PWNED\u{7}b\u{1b}[2J\nc\u{202E}"),
            "a\\u{1b}]0;PWNED\\u{7}b\\u{1b}[2J\\u{a}c\\u{202e}"
        );
        let mut r = Report::default();
        r.record("links", Action::Warning, None, "x\u{1b}[2Jy");
        assert_eq!(
            r.to_string().trim_end(),
            "links        warning                x\\u{1b}[2Jy"
        );
    }
}
