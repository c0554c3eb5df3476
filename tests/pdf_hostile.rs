//! The PDF reader on hostile and malformed files (tests/corpus/hostile, carried by the repository: xref damage, loops,
//! decompression bombs, recursive XObjects and glyphs, fuzzed files, encryption): every file
//! ends in an export or a clean error within 10 s, never a panic; and through the real binary,
//! in output or a one-line refusal, within 10 s and 1 GiB of address space.

use offprint::read::pdf;
use offprint::{Error, Limits};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A test corpus: `hostile` is carried by the repository (`tests/corpus/hostile`, sources and
/// licences in its MANIFEST.md); the others (`real`) are the shared corpora, found through
/// `OFFPRINT_CORPUS` or `../shared/corpus` beside the checkout. A missing shared corpus is
/// skipped with a message (CI has it).
fn corpus(sub: &str) -> Option<PathBuf> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut candidates: Vec<PathBuf> = vec![here.join("tests/corpus")];
    candidates.extend(std::env::var_os("OFFPRINT_CORPUS").map(PathBuf::from));
    candidates.push(here.join("../shared/corpus"));
    let found = candidates
        .into_iter()
        .map(|c| c.join(sub))
        .find(|c| c.is_dir());
    if found.is_none() {
        eprintln!("corpus/{sub} not found (../shared/corpus is not beside the checkout): skipped");
    }
    found
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if !matches!(
                p.extension().and_then(|x| x.to_str()),
                Some("md" | "txt" | "out")
            ) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Reads a file on its own thread; `Err` names a panic or a timeout.
fn read_bounded(
    path: &Path,
    password: Option<&str>,
    limit: Duration,
) -> Result<offprint::Result<usize>, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let (tx, rx) = mpsc::channel();
    let owned = path.to_path_buf();
    let pw = password.map(str::to_owned);
    std::thread::spawn(move || {
        let r = std::panic::catch_unwind(|| {
            pdf::read(&bytes, &owned, pw.as_deref(), &Limits::default()).map(|e| e.pages.len())
        });
        let _ = tx.send(r);
    });
    match rx.recv_timeout(limit) {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(_)) => Err("panicked".into()),
        Err(_) => Err(format!("took more than {limit:?}")),
    }
}

#[test]
fn every_hostile_file_ends_cleanly_within_10_s() {
    let Some(dir) = corpus("hostile") else { return };
    let all = files(&dir);
    assert!(
        all.len() > 50,
        "expected the hostile corpus, found {} files",
        all.len()
    );
    let mut failures = Vec::new();
    let (mut ok, mut errors) = (0, 0);
    for f in &all {
        let start = Instant::now();
        match read_bounded(f, None, Duration::from_secs(10)) {
            Ok(Ok(_)) => ok += 1,
            Ok(Err(e)) => {
                errors += 1;
                assert!(
                    e.to_string().contains(&*f.to_string_lossy()),
                    "error does not name the file: {e}"
                );
            }
            Err(why) => failures.push(format!(
                "{}: {why} after {:?}",
                f.display(),
                start.elapsed()
            )),
        }
    }
    eprintln!(
        "hostile corpus: {ok} read, {errors} clean errors, {} failures",
        failures.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Address space the binary may use per file: a bomb or a runaway allocation fails the
/// allocation (and the test) instead of taking the machine.
const MEMORY_BOUND_KIB: u64 = 1 << 20;

/// Every file of the corpus (notes and expected outputs included, as text exports) through
/// `offprint convert FILE -o OUT.xml`: exit 0 with output, or exit 1 with one line naming the
/// file, within 10 s, under `ulimit -v`.
#[cfg(unix)]
#[test]
fn every_hostile_file_converts_or_is_refused_in_one_line_through_the_binary() {
    use std::process::{Command, Stdio};
    let Some(dir) = corpus("hostile") else { return };
    let mut all = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                all.push(p);
            }
        }
    }
    all.sort();
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let (mut converted, mut refused) = (0, 0);
    let mut slowest = (Duration::ZERO, PathBuf::new());
    for (i, f) in all.iter().enumerate() {
        let out = tmp.path().join(format!("{i}.xml"));
        let start = Instant::now();
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "ulimit -v {MEMORY_BOUND_KIB} && exec \"$0\" \"$@\""
            ))
            .arg(env!("CARGO_BIN_EXE_offprint"))
            .args(["convert", "--no-sidecar", "-q", "-o"])
            .arg(&out)
            .arg(f)
            .env("RUST_BACKTRACE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run offprint");
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break Some(s);
            }
            if start.elapsed() > Duration::from_secs(10) {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let took = start.elapsed();
        if took > slowest.0 {
            slowest = (took, f.clone());
        }
        let mut err = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
        let name = f.display().to_string();
        match status.and_then(|s| s.code()) {
            None => failures.push(format!("{name}: killed or over 10 s ({took:?}): {err}")),
            Some(0) if out.is_file() && err.is_empty() => converted += 1,
            Some(1)
                if err.lines().count() == 1
                    && err.starts_with(&format!("offprint: {name}: "))
                    && !err.contains("panicked")
                    && !out.exists() =>
            {
                refused += 1
            }
            Some(c) => failures.push(format!("{name}: exit {c}: {err}")),
        }
    }
    eprintln!(
        "hostile corpus through the binary: {} files, {converted} converted, {refused} refused, \
         {} failures; slowest {:?} ({})",
        all.len(),
        failures.len(),
        slowest.0,
        slowest.1.display()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn decompression_bomb_is_refused_as_a_limit() {
    let Some(dir) = corpus("hostile") else { return };
    let r = read_bounded(
        &dir.join("pdfjs/bomb_giant.pdf"),
        None,
        Duration::from_secs(10),
    )
    .expect("no panic or hang");
    match r {
        Err(Error::Limit { .. }) | Err(Error::Pdf { .. }) | Ok(_) => {}
        Err(e) => panic!("unexpected error: {e}"),
    }
}

#[test]
fn encrypted_files_need_their_password() {
    let Some(dir) = corpus("hostile") else { return };
    let path = dir.join("py-pdf-sample-files/libreoffice-writer-password.pdf");
    let missing = read_bounded(&path, None, Duration::from_secs(10)).expect("no panic");
    assert!(
        matches!(missing, Err(Error::Encrypted { .. })),
        "without password: {missing:?}"
    );
    let wrong = read_bounded(&path, Some("nope"), Duration::from_secs(10)).expect("no panic");
    match wrong {
        Err(Error::Encrypted { reason, .. }) => assert!(reason.contains("wrong"), "{reason}"),
        other => panic!("with a wrong password: {other:?}"),
    }
    let right =
        read_bounded(&path, Some("openpassword"), Duration::from_secs(10)).expect("no panic");
    assert!(
        matches!(right, Ok(n) if n > 0),
        "with the password: {right:?}"
    );
    // cpdf's files (user password "foo") keep /Encrypt in the trailer: a clear error at least.
    for name in [
        "pdfminer/aes-128.pdf",
        "pdfminer/aes-256.pdf",
        "pdfminer/rc4-40.pdf",
    ] {
        let r = read_bounded(&dir.join(name), None, Duration::from_secs(10)).expect("no panic");
        match r {
            Err(e @ Error::Encrypted { .. }) => assert!(e.to_string().contains(name), "{e}"),
            other => panic!("{name}: {other:?}"),
        }
    }
    // The empty user password is tried first.
    let r = read_bounded(
        &dir.join("lopdf/encrypted.pdf"),
        None,
        Duration::from_secs(10),
    )
    .expect("no panic");
    assert!(matches!(r, Ok(n) if n > 0), "{r:?}");
}

#[test]
fn real_corpus_reads_without_panics() {
    let Some(dir) = corpus("real") else { return };
    let all: Vec<PathBuf> = files(&dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    let mut failures = Vec::new();
    let mut empty = Vec::new();
    for f in &all {
        match read_bounded(f, None, Duration::from_secs(20)) {
            Ok(Ok(0)) => empty.push(f.display().to_string()),
            Ok(_) => {}
            Err(why) => failures.push(format!("{}: {why}", f.display())),
        }
    }
    eprintln!(
        "real corpus: {} files, {} failures, {} empty",
        all.len(),
        failures.len(),
        empty.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn multicolumn_reads_column_by_column() {
    let Some(dir) = corpus("real") else { return };
    let path = dir.join("py-pdf-sample-files/multicolumn.pdf");
    let bytes = std::fs::read(&path).expect("multicolumn.pdf");
    let export = pdf::read(&bytes, &path, None, &Limits::default()).expect("reads");
    let lines: Vec<&str> = export.pages[0]
        .lines
        .iter()
        .map(|l| l.text.as_str())
        .collect();
    let pos = |s: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(s))
            .unwrap_or_else(|| panic!("{s} missing"))
    };
    // The left column runs to its foot before the right column starts.
    assert!(pos("with Lorem Ipsum text.") < pos("Lorem ipsum dolor sit amet"));
    assert!(pos("Lorem ipsum dolor sit amet") < pos("pellentesque ante."));
    assert!(pos("Vivamus viverra fermentum felis.") < pos("pellentesque ante."));
    assert!(
        lines.contains(&"This is a sample document with two columns filled"),
        "ligature from the font's own encoding"
    );
}

/// A 20 KB file whose object stream inflates to a 10^7-element array: refused by the
/// pre-scan with the limit named, before the object parser allocates anything for it.
#[test]
fn a_huge_array_in_an_object_stream_is_refused_before_parsing() {
    let Some(dir) = corpus("hostile") else { return };
    let r = read_bounded(
        &dir.join("offprint/objstm-array-1e7.pdf"),
        None,
        Duration::from_secs(10),
    )
    .expect("no panic or hang");
    match r {
        Err(e @ Error::Limit { .. }) => {
            assert!(e.to_string().contains("--max-object-tokens"), "{e}")
        }
        other => panic!("expected the object tokens limit: {other:?}"),
    }
}
