//! pandoc's habits: `offprint FILE` converts, `-t/-f/-M/--metadata`, format aliases (`md`,
//! `xml`, `nxml`), `--list-input-formats`/`--list-output-formats`, completions and a man page;
//! one metadata validation (calendar dates, `;`-separated authors) and one exit-code rule:
//! 2 for any bad option or value, 1 for an input that cannot be converted.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_offprint");

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/global-e-2960.txt")
}

fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut c = Command::new(BIN);
    for a in args {
        c.arg(a.as_ref());
    }
    c.output().expect("run offprint")
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_bare_file_is_converted_with_short_options() {
    let o = run(&[&sample(), &"-t", &"md", &"-q"]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout(&o).starts_with("---\n"), "Markdown with metadata");
    let o = run(&[
        &sample(),
        &"-f",
        &"txt",
        &"-t",
        &"xml",
        &"-q",
        &"-M",
        &"title=T",
    ]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("<article-title>T</article-title>"));
    let o = run(&[
        &"convert",
        &sample(),
        &"--to",
        &"nxml",
        &"-q",
        &"--metadata",
        &"volume=9",
    ]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("<volume>9</volume>"));
}

#[test]
fn nxml_extension_is_jats() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.nxml");
    let o = run(&[&sample(), &"-q", &"-o", &out]);
    assert_eq!(code(&o), 0);
    assert!(std::fs::read_to_string(out)
        .unwrap()
        .contains("<!DOCTYPE article"));
}

#[test]
fn lists_formats() {
    let o = run(&[&"--list-output-formats"]);
    assert_eq!(
        (code(&o), stdout(&o).as_str()),
        (0, "markdown\njats\nepub\njson\n")
    );
    let o = run(&[&"--list-input-formats"]);
    assert_eq!((code(&o), stdout(&o).as_str()), (0, "pdf\ntext\n"));
}

#[test]
fn bad_values_and_options_exit_2_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["-M", "date=2020-02-30"],
        vec!["-M", "date=yesterday"],
        vec!["-M", "nokey=3"],
        vec!["-M", "issn=1234-5678"],
        vec!["-t", "docx"],
        vec!["--frobnicate"],
    ] {
        let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"convert"];
        let s = sample();
        all.push(&s);
        for a in &args {
            all.push(a);
        }
        let o = run(&all);
        assert_eq!(
            code(&o),
            2,
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let docx = dir.path().join("x.docx");
    let o = run(&[&sample(), &"-o", &docx]);
    assert_eq!(code(&o), 2, "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!docx.exists());
    let o = run(&[&sample(), &sample(), &"-t", &"md"]);
    assert_eq!(code(&o), 2, "several inputs need an EPUB");
}

#[test]
fn an_input_that_cannot_be_converted_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.pdf");
    std::fs::write(&bad, b"%PDF-1.7 nothing else").unwrap();
    let o = run(&[&bad, &"-t", &"jats"]);
    assert_eq!(code(&o), 1);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!("offprint: {}: ", bad.display())),
        "{err}"
    );
}

#[test]
fn several_authors_in_one_value_are_several_authors() {
    let o = run(&[
        &sample(),
        &"-t",
        &"jats",
        &"-q",
        &"-M",
        &"author=Jane Doe; John Roe",
    ]);
    assert_eq!(code(&o), 0);
    let xml = stdout(&o);
    assert!(
        xml.contains("<surname>Doe</surname>") && xml.contains("<surname>Roe</surname>"),
        "{xml}"
    );
    assert!(!xml.contains("Doe; John"), "{xml}");
}

#[test]
fn completions_and_man_page_come_from_the_definition() {
    let o = run(&[&"completions", &"bash"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("--list-output-formats"));
    let o = run(&[&"man"]);
    assert_eq!(code(&o), 0);
    let man = stdout(&o);
    assert!(
        man.contains(".TH offprint 1") && man.contains("convert"),
        "{man}"
    );
}
