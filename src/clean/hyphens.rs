//! Line-end hyphens: keep (`re-` / `globalization` → `re-globalization`) or join
//! (`inter-` / `national` → `international`), decided from evidence the article carries — its own
//! vocabulary, its link targets, capitals and digits. No evidence means keep, with the reason.

use super::{Dumped, LineKind, SrcLine};
use crate::read::Export;
use std::collections::BTreeMap;

/// The words of the article (lower case, counted), leaving out the halves of line-end
/// hyphenations, and its link targets.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    words: BTreeMap<String, usize>,
    targets: Vec<String>,
    /// The producer marks its own hyphenation breaks (U+00AD), so a plain line-end hyphen
    /// is printed text.
    marked_breaks: Option<String>,
    /// How many line-end hyphens the vocabulary proves to be breaks, when that is the rule.
    breaks_words: Option<usize>,
}

/// The decision on one line-end hyphen, with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Hyphen {
    Keep(String),
    Join(String),
}

fn is_url(token: &str) -> bool {
    token.contains("://") || token.to_lowercase().starts_with("www.")
}

/// Word tokens of a line: split at spaces, dashes and slashes, edge punctuation trimmed.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split_whitespace()
        .filter(|t| !is_url(t))
        .flat_map(|t| t.split(['—', '–', '/']))
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
}

impl Vocabulary {
    /// Counts the words of the text lines; dumped URIs are kept as link evidence.
    /// The vocabulary of the running text and the footnotes (they count, as a text export's
    /// endnotes do).
    pub fn of_article(lines: &[SrcLine], footnotes: &[super::RawBlock], dumps: &[Dumped]) -> Self {
        let all: Vec<SrcLine> = lines
            .iter()
            .chain(footnotes.iter().flat_map(|b| &b.lines))
            .cloned()
            .collect();
        Vocabulary::new(&all, dumps)
    }

    pub fn new(lines: &[SrcLine], dumps: &[Dumped]) -> Self {
        let mut v = Vocabulary {
            targets: dumps.iter().map(|d| d.uri.to_lowercase()).collect(),
            ..Default::default()
        };
        let mut after_hyphen = false;
        for line in lines.iter().filter(|l| l.kind == LineKind::Text) {
            let text = line.text.trim_end();
            let broken = ends_in_hyphen(text);
            let mut tokens: Vec<&str> = text.split_whitespace().collect();
            if broken {
                tokens.pop();
            }
            if after_hyphen && !tokens.is_empty() {
                tokens.remove(0);
            }
            for w in tokens.iter().flat_map(|t| words(t)) {
                *v.words.entry(w).or_insert(0) += 1;
            }
            after_hyphen = broken;
        }
        v.breaks_words = v.proven_breaks(lines);
        v
    }

    /// Line-end hyphens the vocabulary proves to be word breaks, when they outnumber those
    /// it proves real: then this typesetter breaks words with plain hyphens.
    fn proven_breaks(&self, lines: &[SrcLine]) -> Option<usize> {
        let text: Vec<&str> = lines
            .iter()
            .filter(|l| l.kind == LineKind::Text)
            .map(|l| l.text.trim_end())
            .collect();
        let (mut breaks, mut real) = (0, 0);
        for pair in text.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if !ends_in_hyphen(a) {
                continue;
            }
            let head = a
                .split_whitespace()
                .last()
                .unwrap_or("")
                .trim_end_matches('-');
            if is_url(head) {
                continue;
            }
            let tail = b.split_whitespace().next().unwrap_or("");
            match decide(head, tail, self) {
                Hyphen::Join(_) => breaks += 1,
                Hyphen::Keep(why) if why.contains("x elsewhere in the article") => real += 1,
                Hyphen::Keep(_) => {}
            }
        }
        (breaks >= 2 && breaks > real).then_some(breaks)
    }

    /// Records that the producer marks its hyphenation breaks, and how that is known.
    pub fn with_marked_breaks(mut self, why: Option<String>) -> Self {
        self.marked_breaks = why;
        self
    }

    /// How often the word occurs outside line-end hyphenations.
    pub fn count(&self, word: &str) -> usize {
        self.words.get(&word.to_lowercase()).copied().unwrap_or(0)
    }

    /// True if some word of the article is a compound opening with `head-` (`self-interest`).
    pub fn opens_compounds(&self, head: &str) -> bool {
        let prefix = format!("{}-", head.to_lowercase());
        self.words
            .range(prefix.clone()..)
            .next()
            .is_some_and(|(w, _)| w.starts_with(&prefix))
    }

    /// The link targets (lower case).
    pub fn targets(&self) -> &[String] {
        &self.targets
    }
}

/// The line ends in a hyphen that follows a letter or digit (`re-`, not ` -` or `--`).
pub(crate) fn ends_in_hyphen(text: &str) -> bool {
    // Glued to what precedes it: a word, a digit, a prime (`5′-`), a bracket; a spaced
    // hyphen is a dash.
    let mut rev = text.chars().rev();
    rev.next() == Some('-')
        && rev
            .next()
            .is_some_and(|c| !c.is_whitespace() && !matches!(c, '-' | '—' | '–'))
}

/// Decides a line-end hyphen between `head` (the word before it, without the hyphen) and
/// `tail` (the first word of the next line).
pub(crate) fn decide(head: &str, tail: &str, vocab: &Vocabulary) -> Hyphen {
    // The word broken is the last one before the hyphen (`—reflect-`), and the next line's
    // first word without what follows it (`ization.3` → `ization`).
    let head = head.rsplit(['—', '–', '/']).next().unwrap_or(head);
    let head = head.trim_start_matches(|c: char| !c.is_alphanumeric());
    let tail = tail.trim_start_matches(|c: char| !c.is_alphanumeric());
    let word_end = tail
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '’' | '\'')))
        .unwrap_or(tail.len());
    let tail = tail[..word_end].trim_end_matches(['-', '’', '\'']);
    let Some(first) = tail.chars().next() else {
        return Hyphen::Keep("nothing word-like follows".into());
    };
    if first.is_numeric() {
        return Hyphen::Keep(format!("next part `{tail}` starts with a digit"));
    }
    if first.is_uppercase() {
        return Hyphen::Keep(format!("next part `{tail}` starts with a capital"));
    }
    if head.is_empty() || head.ends_with(|c: char| c.is_numeric()) {
        return Hyphen::Keep(format!("`{head}-` ends with a digit"));
    }
    if head.ends_with(|c: char| !c.is_alphanumeric()) {
        return Hyphen::Keep(format!("`{head}-` ends with a mark, not a syllable"));
    }
    if let Some(why) = &vocab.marked_breaks {
        return Hyphen::Keep(format!("{why}: a plain line-end hyphen is printed text"));
    }
    let hyphenated = format!("{head}-{tail}").to_lowercase();
    let joined = format!("{head}{tail}").to_lowercase();
    let (nh, nj) = (vocab.count(&hyphenated), vocab.count(&joined));
    if nh > 0 && nh >= nj {
        return Hyphen::Keep(format!(
            "`{hyphenated}` occurs {nh}x elsewhere in the article"
        ));
    }
    if nj > 0 {
        return Hyphen::Join(format!("`{joined}` occurs {nj}x elsewhere in the article"));
    }
    let slug = |w: &str| vocab.targets().iter().any(|t| t.contains(w));
    if slug(&hyphenated) {
        return Hyphen::Keep(format!("a link target contains `{hyphenated}`"));
    }
    if slug(&joined) {
        return Hyphen::Join(format!("a link target contains `{joined}`"));
    }
    if head.contains('-') {
        return Hyphen::Keep(format!("`{head}-` is already a hyphenated compound"));
    }
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    if let Some(n) = vocab.breaks_words {
        // A compound joins words, so its second part is a word of the article (`high-` /
        // `tech`) or its first part opens other compounds (`self-` / `esteem` beside
        // `self-interest`); a syllable break's tail is no word (`it-` / `self`, `bal-` / `ance`).
        let (h, t) = (bare(head), bare(tail));
        if vocab.count(&t) == 0 && !vocab.opens_compounds(&h) {
            return Hyphen::Join(format!(
                "this typesetter breaks words ({n} line-end hyphens proved breaks), `{hyphenated}` occurs nowhere else and `{t}` is no word of the article"
            ));
        }
    }
    Hyphen::Keep(format!(
        "ambiguous: neither `{hyphenated}` nor `{joined}` occurs elsewhere; kept as printed"
    ))
}

/// Evidence that hyphenation breaks are marked with U+00AD (any line ending in one shows it,
/// and the profile names the producers of the journal's print view that always do), so plain
/// line-end hyphens are real.
pub(crate) fn marked_breaks(export: &Export, profile: &crate::profile::Profile) -> Option<String> {
    let producer = export.info.producer.as_deref().unwrap_or("");
    if let Some(p) = profile
        .soft_hyphen_producers
        .iter()
        .find(|p| !p.is_empty() && producer.contains(p.as_str()))
    {
        return Some(format!(
            "the journal's PDF producer {p:?} marks its hyphenation breaks with U+00AD"
        ));
    }
    let soft = export.pages.iter().flat_map(|p| &p.lines).find(|l| {
        l.text.trim_end().ends_with(['\u{ad}']) || l.text.trim_end().ends_with("\u{ad}\u{2010}")
    })?;
    Some(format!(
        "line {} ends in a soft hyphen, so breaks are marked",
        soft.no
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(text: &str, uris: &[&str]) -> Vocabulary {
        let lines: Vec<SrcLine> = text
            .lines()
            .enumerate()
            .map(|(i, t)| SrcLine::text(1, i as u32 + 1, t))
            .collect();
        let dumps: Vec<Dumped> = uris
            .iter()
            .map(|u| Dumped {
                uri: u.to_string(),
                page: 1,
                line: 0,
                used: false,
            })
            .collect();
        Vocabulary::new(&lines, &dumps)
    }

    #[test]
    fn own_vocabulary_keeps_real_hyphens() {
        let v = vocab(
            "driver of re-globalization, this\nfocuses on two aspects of re-\nglobalization: Sino",
            &[],
        );
        assert!(
            matches!(decide("re", "globalization:", &v), Hyphen::Keep(r) if r.contains("re-globalization"))
        );
        // The broken halves themselves are not evidence.
        assert_eq!(v.count("re"), 0);
        assert_eq!(v.count("globalization"), 0);
    }

    #[test]
    fn own_vocabulary_joins_broken_words() {
        let v = vocab("the international order and the inter-\nnational one", &[]);
        assert!(
            matches!(decide("inter", "national", &v), Hyphen::Join(r) if r.contains("international"))
        );
    }

    #[test]
    fn capitals_digits_links_and_ambiguity() {
        let v = vocab("nothing relevant", &["https://x.org/the-well-known-case"]);
        assert!(matches!(decide("Sino", "Russian", &v), Hyphen::Keep(_)));
        assert!(matches!(decide("COVID", "19", &v), Hyphen::Keep(_)));
        assert!(
            matches!(decide("well", "known", &v), Hyphen::Keep(r) if r.contains("link target"))
        );
        assert!(matches!(decide("exam", "ple", &v), Hyphen::Keep(r) if r.starts_with("ambiguous")));
        let v = vocab("", &["https://x.org/internationalism"]);
        assert!(matches!(
            decide("inter", "nationalism", &v),
            Hyphen::Join(_)
        ));
    }

    #[test]
    fn producers_that_mark_their_breaks() {
        let v =
            vocab("reframing", &[]).with_marked_breaks(Some("Skia/PDF marks soft hyphens".into()));
        assert!(matches!(decide("re", "framing", &v), Hyphen::Keep(r) if r.contains("Skia")));
    }

    #[test]
    fn a_typesetter_that_breaks_words() {
        // Two breaks proven by whole words elsewhere: fragments that are no words join.
        let text = "globalization arrangement it\nthe global-\nization of the arrange-\nment and the bal-\nance it-\nself";
        let v = vocab(text, &[]);
        assert!(v.breaks_words.is_some());
        assert!(matches!(decide("bal", "ance", &v), Hyphen::Join(r) if r.contains("breaks words")));
        // `it` is a word but `self` is none, and `it-self` occurs nowhere: a break.
        assert!(
            matches!(decide("it", "self", &v), Hyphen::Join(r) if r.contains("`self` is no word"))
        );
        // Compounds: the second part is a word, or the first opens other compounds.
        let v = vocab(&format!("{text}\ntech self-interest"), &[]);
        assert!(matches!(decide("high", "tech", &v), Hyphen::Keep(_)));
        assert!(matches!(decide("self", "esteem", &v), Hyphen::Keep(_)));
        // The hyphenated form elsewhere always keeps it.
        let v = vocab(&format!("{text}\nre-globalization"), &[]);
        assert!(matches!(decide("re", "globalization", &v), Hyphen::Keep(_)));
        // One proven break is not yet a habit.
        let v = vocab("international\nthe inter-\nnational self-\nmade", &[]);
        assert!(v.breaks_words.is_none());
    }

    #[test]
    fn more_frequent_form_wins() {
        let v = vocab("email email e-mail", &[]);
        assert!(matches!(decide("e", "mail", &v), Hyphen::Join(_)));
        let v = vocab("globalization", &[]);
        assert!(matches!(decide("global", "ization.3", &v), Hyphen::Join(_)));
        let v = vocab("reflecting", &[]);
        assert!(matches!(
            decide("re-globalization—reflect", "ing", &v),
            Hyphen::Join(_)
        ));
    }

    #[test]
    fn line_end_detection() {
        assert!(ends_in_hyphen("aspects of re-"));
        assert!(!ends_in_hyphen("a dash -"));
        assert!(!ends_in_hyphen("-"));
        assert!(!ends_in_hyphen(""));
    }
}
