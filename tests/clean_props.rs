//! Property: no text input makes the reader and the cleaning passes panic, and every body
//! word of a plain paragraph survives cleaning (nothing is dropped silently).

use offprint::model::{plain_text, walk_inlines_mut};
use offprint::{load_bytes, Options};
use proptest::prelude::*;
use std::path::Path;

/// Pieces that exercise every pass: markers, notes, URLs, hyphens, spacers, page breaks.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("\u{a0}".to_string()),
        Just("\u{c}".to_string()),
        Just("Notes".to_string()),
        Just("Tags".to_string()),
        Just("View PDF".to_string()),
        Just("________".to_string()),
        Just("*The author thanks".to_string()),
        Just("- an item".to_string()),
        Just("1. first".to_string()),
        Just("2) second".to_string()),
        Just("Page 2 of 5".to_string()),
        Just("https://a.org/x-".to_string()),
        Just("https://a.org/x-y/".to_string()),
        Just("ir.info/y/ (last".to_string()),
        Just("word.1\u{a0} More".to_string()),
        Just("re-".to_string()),
        Just("“Quoted title.” E-IR".to_string()),
        Just("June 2019 meeting. (Photo: X)".to_string()),
        Just("Jane Doe is a student at the University of X".to_string()),
        "[a-zA-Z0-9 .,;:*()“”’\u{a0}\u{ad}—–-]{0,60}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn never_panics(lines in prop::collection::vec(piece(), 0..40)) {
        let text = lines.join("\n");
        let a = load_bytes(text.as_bytes(), Path::new("p.txt"), &Options::default()).expect("text always loads");
        let json = serde_json::to_string(&a.document).expect("serialises");
        prop_assert!(!json.is_empty());
    }

    #[test]
    fn plain_words_survive(words in prop::collection::vec("[a-z]{1,10}", 1..60)) {
        let mut text = String::new();
        for (i, w) in words.iter().enumerate() {
            text.push_str(w);
            text.push(if i % 9 == 8 { '\n' } else { ' ' });
        }
        text.push('.');
        let mut a = load_bytes(text.as_bytes(), Path::new("p.txt"), &Options::default()).unwrap();
        let mut all = String::new();
        walk_inlines_mut(&mut a.document, &mut |i| { all.push_str(&plain_text(i)); all.push(' '); });
        let got: Vec<&str> = all.split_whitespace().collect();
        let want: Vec<&str> = text.split_whitespace().collect();
        prop_assert_eq!(got, want);
    }
}
