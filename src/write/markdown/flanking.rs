//! Where the Markdown writer may put emphasis delimiters: CommonMark's flanking rules
//! (<https://spec.commonmark.org/0.31.2/#emphasis-and-strong-emphasis>), applied strictly so
//! that a delimiter the writer emits can never pair with one it did not mean.

use super::escape::{escaped, Stats};
use crate::model::Inline;

/// The characters a reader sees just before and after a run of inlines.
pub(crate) type Around = (Option<char>, Option<char>);

/// The first character the writer will write for `inlines`, if known.
pub(crate) fn first_char(inlines: &[Inline]) -> Option<char> {
    match inlines.first()? {
        Inline::Text { text } => {
            // How a character is escaped depends only on its neighbours; dropped control
            // characters are skipped.
            let head: String = text
                .chars()
                .filter(|&c| c >= ' ' || matches!(c, '\t' | '\n' | '\r'))
                .take(3)
                .collect();
            match escaped(&head, &mut Stats::default()).chars().next() {
                Some(c) => Some(c),
                // All of it dropped: what follows comes next.
                None => first_char(inlines.get(1..).unwrap_or(&[])),
            }
        }
        Inline::Emphasis { .. } | Inline::Strong { .. } => Some('*'),
        Inline::Superscript { .. } => Some('<'),
        Inline::Link { .. } | Inline::NoteRef { .. } => Some('['),
    }
}

/// How CommonMark's flanking rules see a character (`None`: the block's edge, as a space).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Punct,
    Other,
}

/// The class of `c`. Unicode punctuation means categories P and S, which std cannot tell
/// apart from, say, unassigned code points: outside the ranges known here, `unsure` is used.
fn class(c: Option<char>, unsure: Class) -> Class {
    match c {
        None => Class::Space,
        Some(c) if c.is_whitespace() => Class::Space,
        Some(c) if c.is_ascii_punctuation() => Class::Punct,
        Some(c) if c.is_ascii() || c.is_alphanumeric() => Class::Other,
        // Latin-1 punctuation and symbols (not the soft hyphen), general punctuation.
        Some(
            '\u{A1}'..='\u{AC}'
            | '\u{AE}'..='\u{BF}'
            | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{205E}',
        ) => Class::Punct,
        Some(_) => unsure,
    }
}

/// Whether `*core*` (or `**core**`) is emphasis between `prev` and `next` (`None`: the
/// block's edge), whichever way the reader classes a character this writer is unsure of.
pub(crate) fn can_delimit(prev: Option<char>, core: &str, next: Option<char>) -> bool {
    can_delimit_as(prev, core, next, Class::Punct) && can_delimit_as(prev, core, next, Class::Other)
}

/// Each delimiter must be able to do only its own job: the opener left-flanking and not
/// right-flanking, the closer the reverse, so neither can pair with another `*` nearby; and
/// none may touch another `*`. Intraword emphasis (`a*b*c`) is therefore refused.
/// https://spec.commonmark.org/0.31.2/#left-flanking-delimiter-run
fn can_delimit_as(prev: Option<char>, core: &str, next: Option<char>, unsure: Class) -> bool {
    let (Some(first), Some(last)) = (core.chars().next(), core.chars().last()) else {
        return false;
    };
    let left = |before: Option<char>, after: Option<char>| {
        let (b, a) = (class(before, unsure), class(after, unsure));
        a != Class::Space && (a != Class::Punct || b != Class::Other)
    };
    let right = |before: Option<char>, after: Option<char>| {
        let (b, a) = (class(before, unsure), class(after, unsure));
        b != Class::Space && (b != Class::Punct || a != Class::Other)
    };
    let (first, last) = (Some(first), Some(last));
    let opens = left(prev, first) && !right(prev, first);
    let closes = right(last, next) && !left(last, next);
    let star = Some('*');
    opens && closes && prev != star && next != star && first != star && last != star
}

#[cfg(test)]
mod tests {
    use super::can_delimit;

    #[test]
    fn emphasis_only_where_it_counts() {
        assert!(can_delimit(Some(' '), "word", Some(' ')));
        assert!(can_delimit(None, "word", None));
        assert!(can_delimit(Some('('), "word", Some(')')));
        assert!(can_delimit(Some(' '), "“quoted”", Some(' ')));
        // Punctuation on both sides of the closer: it could also open, so it is refused.
        assert!(!can_delimit(Some(' '), "“quoted”", Some('.')));
        // Intraword, or punctuation against a letter: the delimiter could do either job.
        assert!(!can_delimit(Some('a'), "b", Some('c')));
        assert!(!can_delimit(Some('k'), "-", None));
        assert!(!can_delimit(Some(')'), "<x", Some(' ')));
        // Next to another `*`.
        assert!(!can_delimit(Some('*'), "a", None));
        assert!(!can_delimit(None, "*a*", None));
        // A character whose class is unknown (U+FFFF) is taken both ways.
        assert!(!can_delimit(Some('\u{FFFF}'), "a", None));
        assert!(!can_delimit(None, "", None));
    }
}
