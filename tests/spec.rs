//! The cleaning rules as a specification: a custom test harness (`harness = false`, with
//! libtest-mimic) that reads `spec/*.md` when it runs and makes one trial per example, named
//! `FILE::NAME` (`headings::one_word_heading`). An example is a text-export excerpt and the
//! part of the model expected from it, in the compact notation `spec/README.md` describes;
//! each trial reads the excerpt with the library's public API and compares each section the
//! example states, exactly.
//!
//! `cargo test --test spec` runs them (`headings::` for one file's, `-- --list` to list);
//! the pending ones (rules known to be wrong today) are ignored trials, which
//! `-- --ignored` runs, and the trial `pending_still_fail` fails as soon as one of them
//! passes. A spec file that does not parse is a failing trial `FILE::parse_error` naming
//! the file and line.

#[path = "spec/notation.rs"]
mod notation;
#[path = "spec/parse.rs"]
mod parse;

use libtest_mimic::{Arguments, Failed, Trial};
use notation::{escape, expected_sections, render, unescape};
use offprint::{InputKind, Options};
use parse::{Broken, Example, SpecFile};
use std::path::Path;

fn main() {
    let args = Arguments::from_args();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("spec");
    let (files, broken) = parse::load(&dir);
    libtest_mimic::run(&args, trials(files, broken)).exit();
}

/// Every trial: the examples of each file in order, the files that do not parse, and the
/// checks of the spec as a whole.
fn trials(files: Vec<SpecFile>, broken: Vec<Broken>) -> Vec<Trial> {
    let mut trials = Vec::new();
    let shape = shape(&files, &broken);
    let mut pending = Vec::new();
    for file in files {
        for ex in file.examples {
            let name = format!("{}::{}", file.module, ex.name);
            match ex.pending.clone() {
                None => trials.push(Trial::test(name, move || Ok(check(&ex, true)?))),
                Some(why) => {
                    let ex = std::sync::Arc::new(ex);
                    pending.push(ex.clone());
                    let run = move || {
                        check(&ex, true).map_err(|e| Failed::from(format!("pending: {why}\n{e}")))
                    };
                    trials.push(Trial::test(name, run).with_ignored_flag(true));
                }
            }
        }
    }
    for b in broken {
        let error = b.error;
        trials.push(Trial::test(b.trial, move || Err(error.into())));
    }
    trials.push(Trial::test(
        "every_rule_has_an_example_and_a_counterexample",
        move || shape.map_err(Failed::from),
    ));
    trials.push(Trial::test("pending_still_fail", move || {
        let fixed: Vec<String> = pending
            .iter()
            .filter(|ex| check(ex, false).is_ok())
            .map(|ex| {
                format!(
                    "{}:{}: pending example {} now passes: remove its `pending` mark",
                    ex.file, ex.line, ex.name
                )
            })
            .collect();
        if fixed.is_empty() {
            Ok(())
        } else {
            Err(fixed.join("\n").into())
        }
    }));
    trials.push(Trial::test(
        "notation_round_trips_invisible_characters",
        || {
            notation_round_trips_invisible_characters();
            Ok(())
        },
    ));
    trials
}

/// Whether `ex` holds: Err says which sections differ, with the whole model and the report.
/// With `show` and `SPEC_SHOW` set, prints the model and report of an example that passes
/// too.
fn check(ex: &Example, show: bool) -> Result<(), String> {
    let input = unescape(&ex.input);
    let opts = Options {
        from: Some(InputKind::Text),
        no_sidecar: true,
        ..Default::default()
    };
    let where_ = format!("{}:{} `{}`", ex.file, ex.line, ex.name);
    let article = offprint::load_bytes(input.as_bytes(), Path::new("example.txt"), &opts)
        .map_err(|e| format!("{where_}: the excerpt does not load: {e}"))?;
    let actual = render(&article.document);
    if show && std::env::var_os("SPEC_SHOW").is_some() {
        let all: String = actual.iter().map(|(_, l)| format!("    {l}\n")).collect();
        eprintln!(
            "{where_}: the model\n{all}  the report:\n{}",
            article.report
        );
    }
    let expected = expected_sections(&ex.expected).map_err(|e| format!("{where_}: {e}"))?;
    let mut diffs = String::new();
    for (section, want) in &expected {
        let got: Vec<String> = actual
            .iter()
            .filter(|(s, _)| s == section)
            .map(|(_, l)| l.clone())
            .collect();
        if &got != want {
            let show = |v: &[String]| {
                if v.is_empty() {
                    "    (none)\n".to_string()
                } else {
                    v.iter().map(|l| format!("    {l}\n")).collect()
                }
            };
            diffs.push_str(&format!(
                "  section `{section}`\n  expected:\n{}  actual:\n{}",
                show(want),
                show(&got)
            ));
        }
    }
    if diffs.is_empty() {
        return Ok(());
    }
    let all: String = actual.iter().map(|(_, l)| format!("    {l}\n")).collect();
    let kind = if ex.counter {
        "counterexample"
    } else {
        "example"
    };
    Err(format!(
        "{where_}: the {kind} does not hold\n{diffs}\n  the whole model:\n{all}\n  the report:\n{}",
        article.report
    ))
}

/// The spec's shape (the trial `every_rule_has_an_example_and_a_counterexample`): every rule
/// has an example and a counterexample, and the minimums hold (60 examples, a third
/// of them counterexamples). Worked out before the trials run, as it needs every file.
fn shape(files: &[SpecFile], broken: &[Broken]) -> Result<(), String> {
    if !broken.is_empty() {
        let names: Vec<&str> = broken.iter().map(|b| b.trial.as_str()).collect();
        return Err(format!(
            "the spec's shape is not checked while a file does not parse: see {}",
            names.join(", ")
        ));
    }
    let mut missing = Vec::new();
    for file in files {
        for rule in &file.rules {
            let of = |counter: bool| {
                file.examples
                    .iter()
                    .any(|e| e.rule == *rule && e.counter == counter)
            };
            if !of(false) || !of(true) {
                missing.push(format!("{}: {rule}", file.shown));
            }
        }
    }
    if !missing.is_empty() {
        return Err(format!(
            "rules without an example and a counterexample:\n{}",
            missing.join("\n")
        ));
    }
    let all: Vec<&Example> = files.iter().flat_map(|f| &f.examples).collect();
    let counter = all.iter().filter(|e| e.counter).count();
    if all.len() < 60 {
        return Err(format!("{} examples, fewer than 60", all.len()));
    }
    if counter * 3 < all.len() {
        return Err(format!(
            "{counter} of {} are counterexamples, fewer than a third",
            all.len()
        ));
    }
    Ok(())
}

fn notation_round_trips_invisible_characters() {
    assert_eq!(unescape("a␣b\\u{ad}c"), "a\u{a0}b\u{ad}c");
    assert_eq!(escape("a\u{a0}b\u{ad}c"), "a␣b\\u{ad}c");
    assert_eq!(unescape("\\u{zz}"), "\\u{zz}");
}
