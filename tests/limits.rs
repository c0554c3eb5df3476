//! Limits a user sets on the command line (`--max-pages`, `--max-stream-bytes`, `--timeout`...):
//! exceeding one is a one-line refusal naming the limit and the option that raises it, in
//! `convert` and in `batch` (where the run goes on); and a panic, injected by a debug-only
//! hook, is one line and exit 1, never a backtrace.
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn offprint(args: &[&dyn AsRef<std::ffi::OsStr>], envs: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_offprint"));
    for a in args {
        c.arg(a);
    }
    c.env("RUST_BACKTRACE", "1");
    for (k, v) in envs {
        c.env(k, v);
    }
    c.output().expect("run offprint")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// A PDF from object bodies (object 1 is the catalog), with a correct xref table.
fn pdf(objects: &[String]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &str) -> String {
    format!(
        "<< {dict} /Length {} >>\nstream\n{data}\nendstream",
        data.len()
    )
}

/// `pages` pages, each showing `text` and then drawing form XObject 5 `draws` times; the
/// form sets the line width `form_ops` times and draws form 6, which is empty.
fn pdf_with(pages: usize, text: &str, draws: usize, form_ops: usize) -> Vec<u8> {
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 7 + i)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" ")),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        stream(
            "",
            &format!(
                "BT /F1 12 Tf 72 700 Td ({text}) Tj ET {}",
                "/X Do ".repeat(draws)
            ),
        ),
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /Y 6 0 R >> >>",
            &format!("{}/Y Do", "1 w ".repeat(form_ops)),
        ),
        stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792]", ""),
    ];
    for _ in 0..pages {
        objects.push(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
             /Resources << /Font << /F1 3 0 R >> /XObject << /X 5 0 R >> >> >>"
                .to_string(),
        );
    }
    pdf(&objects)
}

/// `convert FILE` with extra arguments must fail with one line naming the file, the limit
/// and the option.
fn refused(file: &Path, args: &[&str], limit: &str, option: &str) {
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"convert", &file, &"--to", &"jats"];
    for a in args {
        all.push(a);
    }
    let o = offprint(&all, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "offprint: {}: refused: over the {limit} limit",
            file.display()
        )),
        "{args:?}: {err}"
    );
    assert!(err.contains(option), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn every_limit_is_settable_and_refuses_cleanly() {
    let d = tempfile::tempdir().unwrap();
    let two = d.path().join("two.pdf");
    std::fs::write(&two, pdf_with(2, "Hello", 2, 3)).unwrap();
    // On two pages the one line repeats and is page furniture: text is checked on one page.
    let one = d.path().join("one.pdf");
    std::fs::write(&one, pdf_with(1, "Hello", 2, 3)).unwrap();
    let ok = offprint(&[&"convert", &one, &"--to", &"markdown"], &[]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    let md = String::from_utf8_lossy(&ok.stdout);
    assert!(md.contains("Hello"), "{md}");

    refused(&two, &["--max-pages", "1"], "pages", "--max-pages");
    refused(
        &two,
        &["--max-operators", "10"],
        "operators",
        "--max-operators",
    );
    refused(&two, &["--max-depth", "1"], "nesting depth", "--max-depth");
    refused(
        &two,
        &["--max-input-bytes", "1K"],
        "input bytes",
        "--max-input-bytes",
    );
    let text = sample("global-e-2960.txt");
    refused(
        &text,
        &["--max-input-bytes", "100"],
        "input bytes",
        "--max-input-bytes",
    );
    // The sample's content streams are compressed.
    let big = sample("global-e-2960.pdf");
    refused(
        &big,
        &["--max-stream-bytes", "1K"],
        "stream bytes",
        "--max-stream-bytes",
    );
    refused(
        &big,
        &["--max-document-bytes", "20K"],
        "document bytes",
        "--max-document-bytes",
    );

    let o = offprint(&[&"convert", &two, &"--max-stream-bytes", &"12Q"], &[]);
    assert_eq!(o.status.code(), Some(2), "a bad size is a usage error");
    assert!(stderr(&o).contains("is not a size"), "{}", stderr(&o));
    let o = offprint(&[&"convert", &two, &"--max-stream-bytes", &"64K"], &[]);
    assert_eq!(o.status.code(), Some(0), "suffixes: {}", stderr(&o));
}

/// A page that takes minutes (10^8 operators through a form drawn 10^4 times) is stopped by
/// `--timeout` in about a second, in `convert` and in `batch`, which goes on.
#[test]
fn the_time_budget_stops_a_slow_file_and_batch_goes_on() {
    let d = tempfile::tempdir().unwrap();
    let archive = d.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    let slow = archive.join("slow.pdf");
    std::fs::write(&slow, pdf_with(1, "Slow", 10_000, 10_000)).unwrap();
    std::fs::copy(sample("global-e-2960.txt"), archive.join("good.txt")).unwrap();
    let unbounded = [
        "--max-operators",
        "1000000000000",
        "--max-document-bytes",
        "1000G",
    ];

    let start = Instant::now();
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"convert", &slow, &"--timeout", &"1"];
    for a in &unbounded {
        args.push(a);
    }
    let o = offprint(&args, &[]);
    let took = start.elapsed();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("refused: over the time limit (reading took longer than 1 s; --timeout"),
        "{err}"
    );
    assert!(took < Duration::from_secs(10), "stopped after {took:?}");

    let out = d.path().join("out");
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
        &"batch",
        &archive,
        &"--out",
        &out,
        &"--timeout",
        &"1",
        &"--jobs",
        &"2",
    ];
    for a in &unbounded {
        args.push(a);
    }
    let start = Instant::now();
    let o = offprint(&args, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let line = err
        .lines()
        .find(|l| l.starts_with("failed:"))
        .unwrap_or_else(|| panic!("no failure listed: {err}"));
    assert!(
        line.contains("slow.pdf") && line.contains("time limit"),
        "{line}"
    );
    assert!(out.join("good.xml").is_file(), "the run goes on: {err}");
    assert!(!out.join("slow.xml").exists());
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
}

/// The debug-only hook `OFFPRINT_TEST_PANIC` panics inside `convert`: one line naming the file
/// and exit 1, no backtrace even with RUST_BACKTRACE=1.
#[test]
fn a_panic_in_convert_is_one_line_and_exit_1() {
    if !cfg!(debug_assertions) {
        return; // the hook is compiled into debug builds only
    }
    let text = sample("global-e-2960.txt");
    let o = offprint(
        &[&"convert", &text, &"--to", &"jats"],
        &[("OFFPRINT_TEST_PANIC", "global-e")],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "offprint: {}: internal error (a bug, please report it): test hook",
            text.display()
        )),
        "{err}"
    );
    assert!(
        !err.contains("panicked at") && !err.contains("backtrace"),
        "{err}"
    );
    assert!(o.stdout.is_empty());
    // Without the hook, the same call succeeds.
    let o = offprint(&[&"convert", &text, &"--to", &"jats"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
