//! Warnings a user sees without `--report`: what an output lacks (title, date) or had to drop
//! is printed as `offprint: FILE: warning: ...` on stderr; `-q` silences it; the EPUB of an
//! article without a title never takes a section heading as the book's title.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_offprint");

fn sample(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn convert(args: &[&str], input: &Path, out: &Path) -> (i32, String) {
    let o = Command::new(BIN)
        .arg("convert")
        .arg("--no-sidecar")
        .args(args)
        .arg(input)
        .arg("-o")
        .arg(out)
        .output()
        .expect("run offprint");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn a_text_export_without_title_or_date_warns_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let input = sample("global-e-2960.txt");
    let (code, err) = convert(&[], &input, &dir.path().join("a.xml"));
    assert_eq!(code, 0, "{err}");
    let prefix = format!("offprint: {}: warning: ", input.display());
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines.iter().all(|l| l.starts_with(&prefix)),
        "every stderr line is a warning naming the file: {err}"
    );
    assert!(lines.iter().any(|l| l.contains("title missing")), "{err}");
    assert!(lines.iter().any(|l| l.contains("date missing")), "{err}");
}

#[test]
fn quiet_silences_warnings_and_report_includes_them() {
    let dir = tempfile::tempdir().unwrap();
    let input = sample("global-e-2960.txt");
    let (code, err) = convert(&["-q"], &input, &dir.path().join("a.xml"));
    assert_eq!((code, err.as_str()), (0, ""));
    let (code, err) = convert(&["--report"], &input, &dir.path().join("b.xml"));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("title missing"), "{err}");
    assert!(
        !err.contains("offprint: "),
        "--report prints warnings once, in the report: {err}"
    );
}

#[test]
fn a_pdf_with_its_title_and_date_has_no_such_warning() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = convert(&[], &sample("global-e-2960.pdf"), &dir.path().join("a.xml"));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("title missing"), "{err}");
    assert!(!err.contains("date missing"), "{err}");
}

#[cfg(feature = "epub")]
#[test]
fn an_epub_without_title_is_untitled_not_named_after_a_section() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.epub");
    let (code, err) = convert(&[], &sample("global-e-2960.txt"), &out);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("no title: used “Untitled article”"), "{err}");
    let book = std::fs::read(&out).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
    let mut opf = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("OEBPS/package.opf").unwrap(), &mut opf)
        .unwrap();
    assert!(
        opf.contains("<dc:title>Untitled article</dc:title>")
            || opf.contains(">Untitled article</dc:title>"),
        "{opf}"
    );
}
