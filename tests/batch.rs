//! `offprint batch` end to end: the real binary on archives generated in temporary folders
//! (variants of the sample's text export in year/volume/issue folders, PDF pairs, broken
//! files), checking outputs, failures, resume, shards, interruption and confinement to --out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_offprint");

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn sample_text() -> String {
    std::fs::read_to_string(sample("global-e-2960.txt")).expect("samples/global-e-2960.txt")
}

/// A variant of the sample: a marker sentence in the first paragraph, and by `i` other page
/// breaks (a page-break run dropped), CRLF line ends, or a shorter body.
fn variant(text: &str, i: usize) -> String {
    let mut t = text.replacen("Xi Jinping", &format!("Variant {i}: Xi Jinping"), 1);
    if i % 3 == 1 {
        t = t.replacen("\n\n\n\n", "\n\n", 1);
    }
    if i % 5 == 2 {
        let cut = t.len() * 2 / 3;
        let cut = (cut..t.len())
            .find(|&c| t.is_char_boundary(c) && t[c..].starts_with('\n'))
            .unwrap_or(t.len());
        t.truncate(cut);
    }
    if i % 7 == 3 {
        t = t.replace('\n', "\r\n");
    }
    t
}

fn write(p: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// The relative keys (`2019/v11/i2/3005`) of `n` good articles written under `root`; every
/// ninth also has the print PDF beside its text export (one article, two exports).
fn good_archive(root: &Path, n: usize) -> Vec<String> {
    let text = sample_text();
    let pdf = std::fs::read(sample("global-e-2960.pdf")).unwrap();
    (0..n)
        .map(|i| {
            let key = format!(
                "{}/v{}/i{}/{}",
                2017 + i % 4,
                10 + i % 4,
                1 + (i / 4) % 6,
                3000 + i
            );
            write(&root.join(format!("{key}.txt")), variant(&text, i));
            if i % 9 == 0 {
                write(&root.join(format!("{key}.pdf")), &pdf);
            }
            key
        })
        .collect()
}

/// A file of the hostile corpus the repository carries (tests/corpus/hostile).
fn hostile(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/hostile")
        .join(rel)
}

/// Broken files, as (key, file written, what the failure line must say).
fn broken_files(root: &Path) -> Vec<(String, PathBuf, &'static str)> {
    let pdf = std::fs::read(sample("global-e-2960.pdf")).unwrap();
    let mut out = vec![];
    let mut add = |rel: &str, bytes: Vec<u8>, why: &'static str| {
        let p = root.join(rel);
        write(&p, bytes);
        let key = rel.rsplit_once('.').unwrap().0.to_string();
        out.push((key, p, why));
    };
    add(
        "2018/v11/i3/truncated.pdf",
        pdf[..pdf.len() / 3].to_vec(),
        "PDF",
    );
    add(
        "2018/v11/i3/png-named.pdf",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR junk".to_vec(),
        "PDF",
    );
    add(
        "2019/v12/i1/latin1.txt",
        b"Caf\xe9 au lait \xa0 na\xefve\n".to_vec(),
        "not UTF-8",
    );
    add(
        "2019/v12/i1/boom.txt",
        b"A text export this test makes panic.\n".to_vec(),
        "internal error",
    );
    add(
        "2020/v13/i1/encrypted.pdf",
        std::fs::read(hostile("pdfminer/aes-128.pdf")).unwrap(),
        "PDF",
    );
    out
}

fn run(args: &[&dyn AsRef<std::ffi::OsStr>], envs: &[(&str, &str)]) -> Output {
    let mut c = Command::new(BIN);
    c.arg("batch");
    for a in args {
        c.arg(a.as_ref());
    }
    for (k, v) in envs {
        c.env(k, v);
    }
    c.stdin(Stdio::null()).output().expect("run offprint")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir`, relative, with its bytes (the manifest left out).
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            let ft = e.file_type().unwrap();
            if ft.is_symlink() {
                continue;
            }
            if ft.is_dir() {
                stack.push(p);
            } else if !e
                .file_name()
                .to_string_lossy()
                .starts_with(".offprint-manifest")
            {
                files.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    files
}

fn temps(dir: &Path) -> Vec<PathBuf> {
    tree(dir)
        .into_keys()
        .filter(|p| p.to_string_lossy().contains("offprint-tmp"))
        .collect()
}

fn report(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

fn by_status<'a>(rows: &'a [serde_json::Value], status: &str) -> BTreeSet<&'a str> {
    rows.iter()
        .filter(|r| r["status"] == status)
        .map(|r| r["article"].as_str().unwrap())
        .collect()
}

const ALL: &str = "jats,markdown,epub,json";
const EXTS: &[&str] = &["xml", "md", "epub", "json"];

#[test]
fn archive_converts_the_good_names_the_broken_and_resumes() {
    let d = tempfile::tempdir().unwrap();
    let (input, out) = (d.path().join("archive"), d.path().join("out"));
    let good = good_archive(&input, 104);
    // A pair whose PDF is broken: converted from the text export, and the report says so.
    write(
        &input.join("2020/v13/i2/fallback.txt"),
        variant(&sample_text(), 999),
    );
    write(
        &input.join("2020/v13/i2/fallback.pdf"),
        b"%PDF-1.7\n1 0 obj garbage",
    );
    let broken = broken_files(&input);
    let rep = d.path().join("r1.jsonl");
    let o = run(
        &[
            &input,
            &"--out",
            &out,
            &"--to",
            &ALL,
            &"--jobs",
            &"2",
            &"--report",
            &rep,
        ],
        &[("OFFPRINT_BATCH_TEST_PANIC", "boom")],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");

    for key in good.iter().chain([&"2020/v13/i2/fallback".to_string()]) {
        for ext in EXTS {
            assert!(
                out.join(format!("{key}.{ext}")).is_file(),
                "{key}.{ext} missing\n{err}"
            );
        }
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join(format!("{}.json", good[5]))).unwrap())
            .unwrap();
    let body = json["body"].to_string();
    assert!(
        body.contains("Variant 5: Xi Jinping"),
        "the JSON is this article's: {body:.200}"
    );

    for (key, path, why) in &broken {
        let line = err
            .lines()
            .find(|l| l.starts_with("failed:") && l.contains(&*path.to_string_lossy()));
        let line =
            line.unwrap_or_else(|| panic!("no failure line names {}\n{err}", path.display()));
        assert!(line.contains(why), "{line} should say {why}");
        for ext in EXTS {
            assert!(
                !out.join(format!("{key}.{ext}")).exists(),
                "{key}.{ext} written for a broken file"
            );
        }
    }
    assert!(
        temps(&out).is_empty(),
        "temporary files left: {:?}",
        temps(&out)
    );

    let rows = report(&rep);
    assert_eq!(rows.len(), good.len() + 1 + broken.len());
    assert_eq!(by_status(&rows, "converted").len(), good.len() + 1);
    assert_eq!(by_status(&rows, "failed").len(), broken.len());
    let fb = rows
        .iter()
        .find(|r| r["article"] == "2020/v13/i2/fallback")
        .unwrap();
    assert!(
        fb["source"].as_str().unwrap().ends_with("fallback.txt"),
        "{fb}"
    );
    assert!(
        fb["warnings"]
            .to_string()
            .contains("converted from the text export"),
        "{fb}"
    );
    let r0 = rows
        .iter()
        .find(|r| r["article"] == good[0].as_str())
        .unwrap();
    assert_eq!(
        r0["inputs"].as_array().unwrap().len(),
        2,
        "the PDF and text export are one article: {r0}"
    );
    assert!(rows
        .iter()
        .all(|r| r["milliseconds"].is_u64() && r["warnings"].is_array()));
    assert!(
        err.contains(&format!(
            "{} converted, 0 skipped, {} failed",
            good.len() + 1,
            broken.len()
        )),
        "{err}"
    );

    // A second run converts nothing: the good are up to date, the broken fail again.
    let before = tree(&out);
    let rep2 = d.path().join("r2.jsonl");
    let o = run(
        &[&input, &"--out", &out, &"--to", &ALL, &"--report", &rep2],
        &[("OFFPRINT_BATCH_TEST_PANIC", "boom")],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let rows = report(&rep2);
    assert!(by_status(&rows, "converted").is_empty(), "{}", stderr(&o));
    assert_eq!(by_status(&rows, "skipped").len(), good.len() + 1);
    assert_eq!(tree(&out), before, "a skipping run changes nothing");

    // A changed input, or --force, is converted again.
    write(
        &input.join(format!("{}.txt", good[7])),
        variant(&sample_text(), 7000),
    );
    let rep3 = d.path().join("r3.jsonl");
    let o = run(
        &[&input, &"--out", &out, &"--to", &ALL, &"--report", &rep3],
        &[("OFFPRINT_BATCH_TEST_PANIC", "boom")],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        by_status(&report(&rep3), "converted"),
        BTreeSet::from([good[7].as_str()])
    );
    let o = run(
        &[
            &input, &"--out", &out, &"--to", &"json", &"--force", &"--quiet",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        !stderr(&o).contains("converted,"),
        "--quiet prints no summary: {}",
        stderr(&o)
    );
}

#[test]
fn three_shards_cover_every_article_exactly_once() {
    let d = tempfile::tempdir().unwrap();
    let (input, out) = (d.path().join("archive"), d.path().join("out"));
    let good = good_archive(&input, 60);
    let children: Vec<_> = (1..=3)
        .map(|k| {
            let rep = d.path().join(format!("shard{k}.jsonl"));
            let child = Command::new(BIN)
                .args([
                    "batch",
                    "--quiet",
                    "--jobs",
                    "1",
                    "--shard",
                    &format!("{k}/3"),
                    "--out",
                ])
                .arg(&out)
                .arg("--report")
                .arg(&rep)
                .arg(&input)
                .stdin(Stdio::null())
                .spawn()
                .unwrap();
            (child, rep)
        })
        .collect();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (mut child, rep) in children {
        assert!(child.wait().unwrap().success());
        let rows = report(&rep);
        assert!(
            !rows.is_empty() && rows.len() < good.len(),
            "a shard takes a share: {}",
            rows.len()
        );
        for a in by_status(&rows, "converted") {
            *seen.entry(a.to_string()).or_default() += 1;
        }
    }
    let expected: BTreeMap<String, usize> = good.iter().map(|k| (k.clone(), 1)).collect();
    assert_eq!(seen, expected);
    // The shards' manifests together make the whole archive up to date.
    let o = run(&[&input, &"--out", &out], &[]);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains(&format!("0 converted, {} skipped, 0 failed", good.len())),
        "{}",
        stderr(&o)
    );
}

fn wait_for_outputs(out: &Path, n: usize, child: &mut std::process::Child) {
    let t0 = Instant::now();
    loop {
        let count = if out.exists() {
            tree(out)
                .keys()
                .filter(|p| p.extension().is_some_and(|e| e == "md"))
                .count()
        } else {
            0
        };
        if count >= n {
            return;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it could be interrupted"
        );
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "no outputs appeared"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn an_interrupted_run_resumes_to_the_same_outputs() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("archive");
    let good = good_archive(&input, 40);
    let reference = d.path().join("reference");
    let o = run(
        &[&input, &"--out", &reference, &"--to", &ALL, &"--quiet"],
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = tree(&reference);
    assert_eq!(expected.len(), good.len() * EXTS.len());

    // Killed outright (SIGKILL): nothing can be cleaned up then, so the next run must.
    let out = d.path().join("killed");
    let mut child = Command::new(BIN)
        .args(["batch", "--quiet", "--jobs", "1", "--to", ALL, "--out"])
        .arg(&out)
        .arg(&input)
        .env("OFFPRINT_BATCH_TEST_DELAY_MS", "40")
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_outputs(&out, 5, &mut child);
    child.kill().unwrap();
    child.wait().unwrap();
    let partial = tree(&out).len();
    assert!(partial < expected.len(), "killed before the end");
    // What a kill during write_atomic leaves behind.
    let (dir, name) = good[30].rsplit_once('/').unwrap();
    let stale = out.join(dir).join(format!(".{name}.xml.4242.offprint-tmp"));
    write(&stale, b"half");
    let o = run(&[&input, &"--out", &out, &"--to", &ALL], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("temporary files left by an interrupted run"),
        "{}",
        stderr(&o)
    );
    assert!(!stale.exists());
    assert_eq!(
        tree(&out),
        expected,
        "the resumed run matches an uninterrupted one"
    );

    // Stopped politely (SIGTERM, as Ctrl-C): articles in progress finish, no temporary file.
    let out = d.path().join("terminated");
    let mut child = Command::new(BIN)
        .args(["batch", "--jobs", "2", "--to", ALL, "--out"])
        .arg(&out)
        .arg(&input)
        .env("OFFPRINT_BATCH_TEST_DELAY_MS", "40")
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_outputs(&out, 3, &mut child);
    // The shell's own `kill`, so no procps is needed.
    let kill = Command::new("sh")
        .args(["-c", &format!("kill -TERM {}", child.id())])
        .status()
        .expect("sh");
    assert!(kill.success());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(130), "{}", stderr(&o));
    assert!(stderr(&o).contains("interrupted"), "{}", stderr(&o));
    assert!(temps(&out).is_empty(), "{:?}", temps(&out));
    assert!(tree(&out).len() < expected.len());
    let o = run(&[&input, &"--out", &out, &"--to", &ALL], &[]);
    assert!(o.status.success());
    assert!(
        !stderr(&o).contains(" 0 skipped"),
        "the first run's work is kept: {}",
        stderr(&o)
    );
    assert_eq!(tree(&out), expected);
}

#[test]
fn outputs_never_escape_out() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("archive");
    let out = d.path().join("out");
    let outside = d.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let text = sample_text();
    write(&input.join("a/1.txt"), &text);
    write(&input.join("evil/2.txt"), &text);
    write(&d.path().join("secret/3.txt"), &text);
    #[cfg(unix)]
    {
        // A symlinked file leading out of the archive is not followed.
        std::os::unix::fs::symlink(d.path().join("secret/3.txt"), input.join("a/link.txt"))
            .unwrap();
        // A folder of OUT that is a symlink to elsewhere is not written through.
        std::fs::create_dir_all(&out).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("evil")).unwrap();
    }
    let list = d.path().join("list.txt");
    write(
        &list,
        format!(
            "../secret/3.txt\na/1.txt\n{}\n",
            d.path().join("secret/3.txt").display()
        ),
    );
    let rep = d.path().join("r.jsonl");
    let o = run(&[&input, &"--out", &out, &"--report", &rep], &[]);
    let err = stderr(&o);
    assert!(out.join("a/1.xml").is_file(), "{err}");
    #[cfg(unix)]
    {
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains("resolves outside --out"), "{err}");
        assert_eq!(
            std::fs::read_dir(&outside).unwrap().count(),
            0,
            "written through a symlink"
        );
        assert!(!out.join("a/link.xml").exists());
        let rows = report(&rep);
        assert!(
            rows.iter()
                .any(|r| r["status"] == "skipped"
                    && r["reason"].as_str().unwrap().contains("symlink"))
        );
    }
    // Listed paths follow one rule with an INPUT folder: inside it. `..` is refused, and so
    // is an absolute path outside the folder (it is neither converted nor mirrored).
    let out2 = d.path().join("out2");
    let o = run(&[&input, &"--files-from", &list, &"--out", &out2], &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("escape --out"), "{err}");
    assert!(err.contains("not inside the INPUT folder"), "{err}");
    assert!(out2.join("a/1.md").is_file());
    let abs = d.path().join("secret/3.md");
    assert!(
        !out2.join(abs.strip_prefix("/").unwrap()).exists(),
        "an absolute path outside the INPUT folder was converted: {err}"
    );
    for (p, _) in tree(d.path()) {
        let s = p.to_string_lossy();
        let inside =
            s.starts_with("out") || s.starts_with("archive") || s.starts_with("secret/3.txt");
        assert!(
            inside || s == "list.txt" || s == "r.jsonl",
            "file outside --out: {s}"
        );
    }
}

#[test]
fn meta_csv_applies_titles_and_bad_usage_exits_2() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("archive");
    let out = d.path().join("out");
    let good = good_archive(&input, 6);
    let csv = d.path().join("meta.csv");
    write(
        &csv,
        format!(
            "path,title,date,volume,issue,doi\r\n{}.txt,\"Multipolar Maneuvers: Sino-Russian \"\"Collaboration\"\", Competition\",2020-04-10,13,22,10.1234/ge.2960\r\n{},Second title,,,,\r\n",
            good[0], good[3]
        ),
    );
    let o = run(
        &[
            &input,
            &"--out",
            &out,
            &"--to",
            &"json",
            &"--meta-csv",
            &csv,
        ],
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let meta = |k: &str| -> serde_json::Value {
        serde_json::from_slice::<serde_json::Value>(
            &std::fs::read(out.join(format!("{k}.json"))).unwrap(),
        )
        .unwrap()["meta"]
            .clone()
    };
    let m0 = meta(&good[0]);
    assert_eq!(
        m0["title"],
        "Multipolar Maneuvers: Sino-Russian \"Collaboration\", Competition"
    );
    assert_eq!(m0["date"], "2020-04-10");
    assert_eq!(m0["volume"], "13");
    assert!(
        m0["identifiers"].to_string().contains("10.1234/ge.2960"),
        "{m0}"
    );
    assert_eq!(meta(&good[3])["title"], "Second title");
    assert!(meta(&good[1])["title"].is_null());

    // A changed row reconverts that article only.
    write(&csv, format!("path,title\n{},Renamed\n", good[3]));
    let rep = d.path().join("r.jsonl");
    let o = run(
        &[
            &input,
            &"--out",
            &out,
            &"--to",
            &"json",
            &"--meta-csv",
            &csv,
            &"--report",
            &rep,
        ],
        &[],
    );
    assert!(o.status.success());
    assert_eq!(
        by_status(&report(&rep), "converted"),
        BTreeSet::from([good[0].as_str(), good[3].as_str()])
    );
    assert_eq!(meta(&good[3])["title"], "Renamed");

    for bad in [
        vec!["--shard", "4/3"],
        vec!["--shard", "x"],
        vec!["--to", "pdf"],
        vec!["--jobs", "0"],
        vec!["--meta-csv", "/nonexistent/meta.csv"],
    ] {
        let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&input, &"--out", &out];
        for a in &bad {
            args.push(a);
        }
        let o = run(&args, &[]);
        assert_eq!(o.status.code(), Some(2), "{bad:?}: {}", stderr(&o));
    }
    write(&csv, "path,colour\na,red\n");
    let o = run(&[&input, &"--out", &out, &"--meta-csv", &csv], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown column `colour`"),
        "{}",
        stderr(&o)
    );
    let o = run(&[&d.path().join("missing"), &"--out", &out], &[]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn files_from_stdin_converts_only_the_listed_articles() {
    use std::io::Write;
    let d = tempfile::tempdir().unwrap();
    let (input, out) = (d.path().join("archive"), d.path().join("out"));
    let good = good_archive(&input, 12);
    let mut child = Command::new(BIN)
        .args(["batch", "--files-from", "-", "--to", "markdown", "--out"])
        .arg(&out)
        .arg(&input)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Both exports of good[0] listed: still one article, from the PDF or its fallback.
    let list = format!(
        "{0}.txt\n{0}.pdf\n./{1}.txt\r\n\n{2}.txt\n",
        good[0], good[4], good[9]
    );
    child
        .stdin
        .take()
        .unwrap()
        .write_all(list.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let made: BTreeSet<PathBuf> = tree(&out).into_keys().collect();
    let expected: BTreeSet<PathBuf> = [&good[0], &good[4], &good[9]]
        .iter()
        .map(|k| PathBuf::from(format!("{k}.md")))
        .collect();
    assert_eq!(made, expected);
    assert!(
        stderr(&o).contains("3 converted, 0 skipped, 0 failed"),
        "{}",
        stderr(&o)
    );
}
