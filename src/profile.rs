//! The journal profile: what is the journal's convention rather than evidence in the
//! document — its web furniture words, back-matter headings, acknowledgement mark and rule,
//! issue-line words, `Published on` line, self-URI pattern, bio cue, credit words, language.
//! The cleaning passes read these from here and decide everything else from evidence.
//! Global-e is the default; another journal with the same kind of exports is a TOML file
//! (`offprint convert --profile journal.toml`), every field optional:
//!
//! ```toml
//! journal = "Journal of Examples"
//! language = "en"
//! notes_headings = ["endnotes"]
//! tags_headings = ["subjects"]
//! web_furniture = ["download article"]
//! ```

use serde::{Deserialize, Serialize};
use std::path::Path;

/// Month names in English, lower case (issue lines and printed dates).
pub const ENGLISH_MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A journal's conventions. Word lists are compared in lower case, after trimming.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Profile {
    /// The journal's name (used in the report; the metadata comes from the document).
    pub journal: String,
    /// The language of its articles (BCP 47), when the document does not say.
    pub language: String,
    /// Lines that are web-page buttons, not text (`View PDF`); their link may be the self URI.
    pub web_furniture: Vec<String>,
    /// Headings that open the notes (`Notes`).
    pub notes_headings: Vec<String>,
    /// Headings that open the keywords (`Tags`), also as an inline label (`Tags: a, b`).
    pub tags_headings: Vec<String>,
    /// Marks that open the acknowledgement and point to it from the text (`*`).
    pub ack_marks: String,
    /// Characters a rule line (`________`) before the acknowledgement is made of.
    pub rule_chars: String,
    /// Fewest characters of such a rule.
    pub rule_min: usize,
    /// Verbs after the author's name that make a line the bio (` is `, ` was `).
    pub bio_verbs: Vec<String>,
    /// The line naming the journal above the title (`Published on ` JOURNAL (URL)).
    pub published_on: String,
    /// Words of the issue line before the volume number (`Volume`, `Vol.`).
    pub volume_words: Vec<String>,
    /// Words of the issue line before the issue number (`Issue`, `No.`).
    pub issue_words: Vec<String>,
    /// Separators between the fields of the issue line (`|`).
    pub issue_separators: String,
    /// Month names of dates, January first (the date line and the issue line).
    pub months: Vec<String>,
    /// Words that open a photo credit (`Photo:`, `Image:`, `©`).
    pub credit_words: Vec<String>,
    /// The path segment of an article's page in its URL (`/node/`, followed by its number).
    pub node_segment: String,
    /// What the print view's URL adds before that segment (`/print/pdf`).
    pub print_prefixes: Vec<String>,
    /// PDF producers of the journal's print view that mark every hyphenation break with a
    /// soft hyphen (Chromium's `Skia/PDF`), so a plain line-end hyphen there is printed text.
    pub soft_hyphen_producers: Vec<String>,
}

fn strings(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

impl Default for Profile {
    /// Global-e (globalejournal.org): its print view and text export.
    fn default() -> Self {
        Profile {
            journal: "Global-e".into(),
            language: "en".into(),
            web_furniture: strings(&[
                "view pdf",
                "download pdf",
                "pdf version",
                "print",
                "print this page",
                "printer-friendly version",
                "share",
                "share this",
                "tweet",
                "email",
                "back to top",
                "read more",
            ]),
            notes_headings: strings(&[
                "notes",
                "notes:",
                "endnotes",
                "endnotes:",
                "footnotes",
                "footnotes:",
                "references and notes",
            ]),
            tags_headings: strings(&["tags", "keywords", "key words", "tags:", "keywords:"]),
            ack_marks: "*†‡".into(),
            rule_chars: "_—─=".into(),
            rule_min: 4,
            bio_verbs: strings(&[
                " is ",
                " was ",
                " holds ",
                " teaches ",
                " works ",
                " received ",
                " has ",
            ]),
            published_on: "Published on ".into(),
            volume_words: strings(&["volume", "vol."]),
            issue_words: strings(&["issue", "no."]),
            issue_separators: "|·•".into(),
            months: strings(ENGLISH_MONTHS),
            credit_words: strings(&[
                "photo:",
                "photo credit:",
                "photograph:",
                "photo by",
                "image:",
                "image credit:",
                "image by",
                "credit:",
                "credits:",
                "source:",
                "picture:",
                "illustration:",
                "foto:",
                "©",
            ]),
            node_segment: "/node/".into(),
            print_prefixes: strings(&["/print/pdf", "/print"]),
            soft_hyphen_producers: strings(&["Skia/PDF"]),
        }
    }
}

impl Profile {
    /// Reads a profile from TOML; fields left out keep the Global-e defaults.
    pub fn from_toml(text: &str) -> Result<Profile, String> {
        toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            match line {
                Some(n) => format!("line {n}: {}", e.message()),
                None => e.message().to_string(),
            }
        })
    }

    /// Reads a profile file.
    pub fn load(path: &Path) -> crate::Result<Profile> {
        let text = std::fs::read_to_string(path).map_err(|e| crate::Error::Io {
            file: path.to_path_buf(),
            source: e,
        })?;
        Profile::from_toml(&text).map_err(|reason| crate::Error::Profile {
            file: path.to_path_buf(),
            reason,
        })
    }

    /// `line` (trimmed, any case) is one of `words`.
    pub(crate) fn is_one_of(words: &[String], line: &str) -> bool {
        let l = line.trim().to_lowercase();
        words.iter().any(|w| w.trim().to_lowercase() == l)
    }

    /// The line is a rule (`________`).
    pub(crate) fn is_rule(&self, line: &str) -> bool {
        let t = line.trim();
        t.chars().count() >= self.rule_min.max(1) && t.chars().all(|c| self.rule_chars.contains(c))
    }

    /// The character is an acknowledgement mark.
    pub(crate) fn is_ack_mark(&self, c: char) -> bool {
        self.ack_marks.contains(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_file_keeps_the_defaults() {
        let p = Profile::from_toml("journal = \"X\"\nnotes_headings = [\"endnotes\"]\n").unwrap();
        assert_eq!(p.journal, "X");
        assert_eq!(p.notes_headings, ["endnotes"]);
        assert_eq!(p.tags_headings, Profile::default().tags_headings);
        assert!(Profile::from_toml("jounral = \"typo\"").is_err());
        assert!(p.is_rule("________"));
        assert!(!p.is_rule("__"));
        assert!(Profile::is_one_of(&p.notes_headings, " EndNotes "));
    }
}
