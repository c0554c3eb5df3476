//! The fuzz targets as ordinary tests on stable: each target's code (fuzz/targets.rs, the same
//! the libFuzzer targets run) over its committed corpus (fuzz/corpus/TARGET/), its minimised
//! crash inputs (fuzz/regressions/TARGET/), and, for the readers, samples/ and the hostile
//! corpus the repository carries (tests/corpus/hostile). Every input must end without a panic.
//!
//! `write_all` turns bytes into a model with `arbitrary`: run it with
//! `cargo test --features arbitrary --test fuzz_seeds`.

#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Regular files under `dir`, recursively, in name order (none if it does not exist).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            let hidden = p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if p.is_dir() {
                stack.push(p);
            } else if !hidden && p.is_file() {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The committed inputs of a target: its corpus and its regressions.
fn seeds(target: &str) -> Vec<PathBuf> {
    let mut all = files_under(&root().join("fuzz/corpus").join(target));
    all.extend(files_under(&root().join("fuzz/regressions").join(target)));
    all
}

/// The hostile corpus the repository carries (tests/corpus/hostile).
fn hostile() -> Vec<PathBuf> {
    files_under(&root().join("tests/corpus/hostile"))
}

/// Runs `run` on every file, collecting the ones that panic.
fn replay(name: &str, files: &[PathBuf], run: impl Fn(&[u8])) {
    let mut panicked = Vec::new();
    for f in files {
        let bytes = std::fs::read(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&bytes))).is_err() {
            panicked.push(f.display().to_string());
        }
    }
    eprintln!("{name}: {} inputs replayed", files.len());
    assert!(panicked.is_empty(), "{name} panicked on {panicked:#?}");
}

#[test]
fn read_pdf_over_its_seeds() {
    let mut files = seeds("read_pdf");
    assert!(!files.is_empty(), "fuzz/corpus/read_pdf is empty");
    files.extend(
        files_under(&root().join("samples"))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "pdf")),
    );
    files.extend(hostile());
    replay("read_pdf", &files, targets::read_pdf);
}

#[test]
fn read_text_over_its_seeds() {
    let mut files = seeds("read_text");
    assert!(!files.is_empty(), "fuzz/corpus/read_text is empty");
    files.extend(files_under(&root().join("samples")));
    // Every hostile file as a text export too: binary bytes must be refused, not crash.
    files.extend(hostile());
    replay("read_text", &files, targets::read_text);
}

#[cfg(feature = "arbitrary")]
#[test]
fn write_all_over_its_seeds() {
    let files = seeds("write_all");
    assert!(!files.is_empty(), "fuzz/corpus/write_all is empty");
    replay("write_all", &files, |bytes| {
        // As libfuzzer-sys does: inputs that make no model are skipped.
        let u = arbitrary::Unstructured::new(bytes);
        if let Ok(doc) = <offprint::Document as arbitrary::Arbitrary>::arbitrary_take_rest(u) {
            targets::write_all(&doc);
        }
    });
}
