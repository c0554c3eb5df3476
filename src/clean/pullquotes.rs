//! Pull quotes: a block that repeats a passage of the body (whole, or cut short with `...`)
//! is display text, not a paragraph. Decided by text similarity (shared word 4-grams against
//! the other blocks), never by position.

use super::{Shape, Unit};
use crate::report::{Action, Report};
use std::collections::BTreeSet;

/// Fewest words a pull quote has (shorter repeats are ordinary phrases).
const MIN_WORDS: usize = 8;
/// Share of the block's word 4-grams that must occur in one other block.
const MIN_SHARE: f64 = 0.8;

/// Letter-only, lower-case words (digits dropped, so glued note numbers do not interfere).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn grams(words: &[String]) -> BTreeSet<String> {
    words.windows(4).map(|w| w.join(" ")).collect()
}

fn texts(shape: &Shape) -> Vec<&Unit> {
    match shape {
        Shape::Paragraph(u) => vec![u],
        Shape::List { items, .. } => items.iter().collect(),
        _ => Vec::new(),
    }
}

/// Turns paragraphs that repeat another block into pull quotes.
pub(crate) fn mark(shapes: &mut [Shape], report: &mut Report) {
    let words_of: Vec<Vec<Vec<String>>> = shapes
        .iter()
        .map(|s| texts(s).iter().map(|u| words(&u.text)).collect())
        .collect();
    let grams_of: Vec<Vec<BTreeSet<String>>> = words_of
        .iter()
        .map(|ws| ws.iter().map(|w| grams(w)).collect())
        .collect();
    let mut quotes = Vec::new();
    for (i, shape) in shapes.iter().enumerate() {
        let Shape::Paragraph(u) = shape else { continue };
        let Some(mine) = words_of[i].first() else {
            continue;
        };
        if mine.len() < MIN_WORDS {
            continue;
        }
        let my_grams = grams(mine);
        let source = (0..shapes.len())
            .filter(|&j| j != i && !quotes.contains(&j))
            .find_map(|j| {
                words_of[j]
                    .iter()
                    .zip(&grams_of[j])
                    .enumerate()
                    .find_map(|(k, (w, g))| {
                        let longer = w.len() > mine.len() || (w.len() == mine.len() && j < i);
                        let shared = my_grams.iter().filter(|x| g.contains(*x)).count();
                        (longer && shared as f64 >= MIN_SHARE * my_grams.len() as f64)
                            .then_some((j, k, shared))
                    })
            });
        if let Some((j, k, shared)) = source {
            let from = texts(&shapes[j]).get(k).map(|s| s.span).unwrap_or_default();
            report.record(
                "pullquotes",
                Action::Recognised,
                Some((u.span.first_line, u.span.last_line)),
                format!(
                    "pull quote: {shared}/{} word 4-grams repeat lines {}-{}",
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
