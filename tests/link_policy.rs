//! One link policy for every input path and every output format: a `javascript:`,
//! `vbscript:`, `data:` or `file:` target — from a PDF's link annotation, a text export's URI
//! dump, `--meta`, a sidecar or batch's `--meta-csv` — never becomes a link in Markdown, JATS,
//! EPUB or JSON; the words stay, and the drop is reported.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_offprint");
const BAD: &[&str] = &["javascript:", "vbscript:", "data:", "file:"];

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// Every address an output carries: Markdown link and autolink targets, YAML values that look
/// like addresses, XML `href`/`xlink:href`/`src` attributes, JSON `target`/`uri`/`self_uri`.
fn targets(out: &str) -> Vec<String> {
    let mut found = Vec::new();
    for marker in [
        "](",
        "href=\"",
        "src=\"",
        "\"target\": \"",
        "\"uri\": \"",
        "\"self_uri\": \"",
        "<",
        "self_uri: ",
        "uri: ",
    ] {
        let mut rest = out;
        while let Some(i) = rest.find(marker) {
            rest = &rest[i + marker.len()..];
            let end = rest.find(['"', ')', '>', '\n', ' ']).unwrap_or(rest.len());
            found.push(rest[..end].trim_start_matches('\'').to_ascii_lowercase());
        }
    }
    found
}

fn assert_no_bad_target(what: &str, out: &str) {
    for t in targets(out) {
        assert!(
            !BAD.iter().any(|b| t.trim_start().starts_with(b)),
            "{what}: executable or local link target `{t}`"
        );
    }
}

/// The EPUB's text files, joined.
fn epub_text(bytes: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut all = String::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut s = String::new();
        if f.read_to_string(&mut s).is_ok() {
            all.push_str(&s);
        }
    }
    all
}

/// Converts `input` to every format with `extra` arguments; returns (format, output, stderr).
fn every_format(input: &Path, extra: &[&str]) -> Vec<(String, String, String)> {
    let dir = tempfile::tempdir().unwrap();
    ["md", "xml", "json", "epub"]
        .iter()
        .map(|ext| {
            let out = dir.path().join(format!("out.{ext}"));
            let o = Command::new(BIN)
                .arg("convert")
                .args(extra)
                .arg(input)
                .arg("-o")
                .arg(&out)
                .output()
                .expect("run offprint");
            let err = String::from_utf8_lossy(&o.stderr).into_owned();
            assert!(o.status.success(), "{ext}: {err}");
            let bytes = std::fs::read(&out).unwrap();
            let text = if *ext == "epub" {
                epub_text(&bytes)
            } else {
                String::from_utf8(bytes).unwrap()
            };
            (ext.to_string(), text, err)
        })
        .collect()
}

#[test]
fn a_text_exports_uri_dump_cannot_inject_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(sample("global-e-2960.txt")).unwrap();
    // The tag pages' dumped targets become executable ones.
    let bad = text.replace(
        "https://globalejournal.org/global-e/tags/russia",
        "javascript:alert(document.cookie)",
    );
    assert_ne!(bad, text);
    let input = dir.path().join("a.txt");
    std::fs::write(&input, bad).unwrap();
    for (fmt, out, _) in every_format(&input, &["--no-sidecar"]) {
        assert_no_bad_target(&fmt, &out);
        assert!(out.contains("Russia"), "{fmt}: the keyword itself is kept");
    }
}

#[test]
fn meta_and_sidecar_addresses_follow_the_policy() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    std::fs::copy(sample("global-e-2960.txt"), &input).unwrap();
    let runs = every_format(&input, &["--meta", "self_uri=javascript:alert(1)"]);
    for (fmt, out, err) in &runs {
        assert_no_bad_target(fmt, out);
        assert!(
            err.contains("dropped"),
            "{fmt}: the drop is reported: {err}"
        );
    }
    std::fs::write(
        dir.path().join("a.meta.json"),
        r#"{"self_uri": "data:text/html,<script>alert(1)</script>", "keywords": "x"}"#,
    )
    .unwrap();
    for (fmt, out, _) in every_format(&input, &[]) {
        assert_no_bad_target(&fmt, &out);
        assert!(!out.contains("<script>"), "{fmt}: markup from a sidecar");
    }
}

#[cfg(feature = "pdf")]
#[test]
fn a_pdfs_link_annotations_cannot_inject_a_link() {
    let pdf = std::fs::read(sample("global-e-2960.pdf")).unwrap();
    // Same-length rewrites keep the xref offsets valid.
    let mut bad = pdf.clone();
    let mut n = 0;
    for (from, to) in [
        (&b"(https://www.welt.de/"[..], &b"(javascript:alert(1)"[..]),
        (
            &b"(https://globalejournal.org/global-e/tags/"[..],
            &b"(file:///etc/passwd#globalejournal.org/"[..],
        ),
    ] {
        let mut i = 0;
        while let Some(p) = bad[i..].windows(from.len()).position(|w| w == from) {
            let at = i + p;
            let mut to = to.to_vec();
            to.resize(from.len(), b'/');
            bad[at..at + from.len()].copy_from_slice(&to);
            i = at + from.len();
            n += 1;
        }
    }
    assert!(
        n > 0,
        "the sample's link annotations were not found to rewrite"
    );
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.pdf");
    std::fs::write(&input, bad).unwrap();
    for (fmt, out, err) in every_format(&input, &["--no-sidecar", "--report"]) {
        assert_no_bad_target(&fmt, &out);
        assert!(err.contains("removed (not a web"), "{fmt}: {err}");
    }
}

#[cfg(feature = "pdf")]
#[test]
fn batch_meta_csv_cannot_inject_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let arch = dir.path().join("in");
    std::fs::create_dir_all(&arch).unwrap();
    std::fs::copy(sample("global-e-2960.txt"), arch.join("a.txt")).unwrap();
    let csv = dir.path().join("meta.csv");
    std::fs::write(&csv, "path,self_uri\na.txt,vbscript:msgbox(1)\n").unwrap();
    let out = dir.path().join("out");
    let o = Command::new(BIN)
        .args(["batch", "--quiet", "--to", "jats,markdown,json"])
        .arg(&arch)
        .arg("--out")
        .arg(&out)
        .arg("--meta-csv")
        .arg(&csv)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut seen = 0;
    for e in std::fs::read_dir(&out).unwrap().flatten() {
        if let Ok(s) = std::fs::read_to_string(e.path()) {
            assert_no_bad_target(&e.path().display().to_string(), &s);
            seen += 1;
        }
    }
    assert!(seen >= 3, "outputs written: {seen}");
}

/// One character policy for every format: noncharacters dropped, a right-to-left override
/// closed where its run of text ends, the same in Markdown, JATS, JSON and EPUB.
#[test]
fn one_character_policy_for_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(sample("global-e-2960.txt")).unwrap();
    let bad = text.replacen("Xi Jinping", "Xi\u{FFFE} \u{202E}Jinping", 1);
    assert_ne!(bad, text);
    let input = dir.path().join("a.txt");
    std::fs::write(&input, bad).unwrap();
    for (fmt, out, err) in every_format(&input, &["--no-sidecar", "--report"]) {
        assert!(!out.contains('\u{FFFE}'), "{fmt}: a noncharacter written");
        let opened = out.matches('\u{202E}').count();
        assert!(
            opened > 0,
            "{fmt}: the override is text the author's export carried"
        );
        assert_eq!(opened, out.matches('\u{202C}').count(), "{fmt}: unbalanced");
        assert!(err.contains("no output format may carry"), "{fmt}: {err}");
        assert!(err.contains("direction controls"), "{fmt}: {err}");
    }
}
