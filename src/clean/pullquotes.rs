//! Pull quotes: a block that repeats a passage of the body (whole, or cut short with `...`)
//! is display text, not a paragraph. Decided by text similarity (shared word 4-grams against
//! the other blocks), never by position.

use super::{Shape, Unit};
use crate::report::{Action, Report};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{DefaultHasher, Hash, Hasher};

/// Fewest words a pull quote has (shorter repeats are ordinary phrases).
const MIN_WORDS: usize = 8;
/// A 4-gram found in more blocks than this is a stock phrase, not evidence of a repeat (and
/// skipping it keeps the comparison linear on texts that repeat themselves).
const MAX_POSTINGS: usize = 16;
/// Share of the block's word 4-grams that must occur in one other block.
const MIN_SHARE: f64 = 0.8;

/// Letter-only, lower-case words (digits dropped, so glued note numbers do not interfere).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The word 4-grams, hashed (a fixed-key hasher: the same on every run).
fn grams(words: &[String]) -> BTreeSet<u64> {
    words
        .windows(4)
        .map(|w| {
            let mut h = DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

fn texts(shape: &Shape) -> Vec<&Unit> {
    match shape {
        Shape::Paragraph(u) => vec![u],
        Shape::List { items, .. } => items.iter().collect(),
        _ => Vec::new(),
    }
}

/// The blocks of a text indexed by their word 4-grams, to ask whether one repeats another.
pub(crate) struct Repeats {
    words: Vec<Vec<String>>,
    index: BTreeMap<u64, Vec<usize>>,
}

impl Repeats {
    pub fn new(texts: &[String]) -> Self {
        let words: Vec<Vec<String>> = texts.iter().map(|t| words(t)).collect();
        let mut index: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
        for (j, w) in words.iter().enumerate() {
            for g in grams(w) {
                index.entry(g).or_default().push(j);
            }
        }
        Repeats { words, index }
    }

    /// True if block `i` is short and repeats (by word 4-grams) a longer block.
    pub fn repeats(&self, i: usize) -> bool {
        let Some(mine) = self.words.get(i) else {
            return false;
        };
        if mine.len() < MIN_WORDS || mine.len() > MAX_WORDS {
            return false;
        }
        let g = grams(mine);
        let mut shared: BTreeMap<usize, usize> = BTreeMap::new();
        for x in &g {
            let posting = self.index.get(x).map_or(&[][..], |v| v.as_slice());
            if posting.len() > MAX_POSTINGS {
                continue;
            }
            for &j in posting {
                if j != i && self.words[j].len() > mine.len() {
                    *shared.entry(j).or_insert(0) += 1;
                }
            }
        }
        shared
            .values()
            .any(|&n| n as f64 >= MIN_SHARE * g.len() as f64)
    }
}

/// Longest block considered as a pull quote (display text is short).
const MAX_WORDS: usize = 80;

/// Turns paragraphs that repeat another block into pull quotes.
pub(crate) fn mark(shapes: &mut [Shape], report: &mut Report) {
    let words_of: Vec<Vec<Vec<String>>> = shapes
        .iter()
        .map(|s| texts(s).iter().map(|u| words(&u.text)).collect())
        .collect();
    // Which blocks hold each 4-gram, so each candidate is compared only where it shares words.
    let mut index: BTreeMap<u64, BTreeSet<(usize, usize)>> = BTreeMap::new();
    for (j, ws) in words_of.iter().enumerate() {
        for (k, w) in ws.iter().enumerate() {
            for g in grams(w) {
                index.entry(g).or_default().insert((j, k));
            }
        }
    }
    let mut quotes: Vec<usize> = Vec::new();
    for (i, shape) in shapes.iter().enumerate() {
        let Shape::Paragraph(u) = shape else { continue };
        let Some(mine) = words_of[i].first() else {
            continue;
        };
        if mine.len() < MIN_WORDS || mine.len() > MAX_WORDS {
            continue;
        }
        let my_grams = grams(mine);
        let mut shared: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for g in &my_grams {
            let Some(posting) = index.get(g).filter(|p| p.len() <= MAX_POSTINGS) else {
                continue;
            };
            for &(j, k) in posting {
                *shared.entry((j, k)).or_insert(0) += 1;
            }
        }
        let source = shared.into_iter().find(|&((j, k), n)| {
            let theirs = words_of[j][k].len();
            let longer = theirs > mine.len() || (theirs == mine.len() && j < i);
            j != i
                && !quotes.contains(&j)
                && longer
                && n as f64 >= MIN_SHARE * my_grams.len() as f64
        });
        if let Some(((j, k), n)) = source {
            let from = texts(&shapes[j]).get(k).map(|s| s.span).unwrap_or_default();
            report.record(
                "pullquotes",
                Action::Recognised,
                Some((u.span.first_line, u.span.last_line)),
                format!(
                    "pull quote: {n}/{} word 4-grams repeat lines {}-{}",
                    my_grams.len(),
                    from.first_line,
                    from.last_line
                ),
            );
            quotes.push(i);
        }
    }
    for i in quotes {
        if let Some(s) = shapes.get_mut(i) {
            if let Shape::Paragraph(u) = std::mem::replace(s, Shape::Paragraph(Unit::default())) {
                *s = Shape::PullQuote(u);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(t: &str, line: u32) -> Shape {
        let mut u = Unit {
            text: t.into(),
            ..Default::default()
        };
        u.span.first_line = line;
        Shape::Paragraph(u)
    }

    #[test]
    fn repeated_and_truncated_passages_are_pull_quotes_wherever_they_stand() {
        let mut s = vec![
            p("China and Russia see opportunities for both their own development and a collective challenge to the US global tech dominance...", 1),
            p("As scientific knowledge matters, China and Russia see opportunities for both their own development and a collective challenge to the US global tech dominance in these agreements.4 More.", 2),
            p("Russia sees in OBOR a new form of re-globalization that opposes the system.", 3),
            p("Another paragraph saying that Russia sees in OBOR a new form of re-globalization that opposes the system.", 4),
        ];
        let mut r = Report::default();
        mark(&mut s, &mut r);
        assert!(matches!(s[0], Shape::PullQuote(_)));
        assert!(matches!(s[1], Shape::Paragraph(_)));
        assert!(matches!(s[2], Shape::PullQuote(_)));
        assert!(matches!(s[3], Shape::Paragraph(_)));
        assert_eq!(r.of(Action::Recognised).count(), 2);
    }

    #[test]
    fn similar_topics_are_not_pull_quotes() {
        let mut s = vec![
            p("The EU seems to be one of the few remaining global economic actors still interested.", 1),
            p("The US seems to be one of the many remaining regional political actors no longer interested.", 2),
        ];
        mark(&mut s, &mut Report::default());
        assert!(s.iter().all(|x| matches!(x, Shape::Paragraph(_))));
    }
}
