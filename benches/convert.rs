//! `cargo bench`: the library on the bundled samples, stage by stage, next to poppler's
//! `pdftotext` on the same PDFs in the same run. Prints ratios; absolute times depend on the
//! machine. `BENCH_SECONDS` (default 2) is the time spent per measurement.

use offprint::{Format, Options, Report};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs `f` repeatedly for about `budget` and returns the mean seconds per run.
fn time(budget: Duration, mut f: impl FnMut()) -> f64 {
    f(); // warm up
    let start = Instant::now();
    let mut n = 0u32;
    while start.elapsed() < budget || n < 3 {
        f();
        n += 1;
    }
    start.elapsed().as_secs_f64() / f64::from(n)
}

fn main() {
    // `cargo bench -- --bench` passes flags; a filter word picks samples.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let budget = Duration::from_secs_f64(
        std::env::var("BENCH_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(2.0),
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut names: Vec<_> = std::fs::read_dir(&root)
        .expect("samples/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("pdf" | "txt")))
        .filter(|p| {
            filter
                .as_deref()
                .is_none_or(|f| p.to_string_lossy().contains(f))
        })
        .collect();
    names.sort();
    let pdftotext = Command::new("pdftotext").arg("-v").output().is_ok();
    println!(
        "{:<34} {:>10} {:>10} {:>10} {:>10} {:>12}",
        "sample", "load ms", "jats ms", "md ms", "epub ms", "pdftotext x"
    );
    let opts = Options {
        no_sidecar: true,
        ..Options::default()
    };
    for path in names {
        let bytes = std::fs::read(&path).expect("sample");
        let article = match offprint::load_bytes(&bytes, &path, &opts) {
            Ok(a) => a,
            Err(e) => {
                println!("{e}");
                continue;
            }
        };
        let load = time(budget, || {
            let _ = offprint::load_bytes(&bytes, &path, &opts);
        });
        let write = |format| {
            time(budget, || {
                let _ = offprint::render(
                    &article.document,
                    format,
                    &Default::default(),
                    &mut Report::default(),
                );
            })
        };
        let (jats, md) = (write(Format::Jats), write(Format::Markdown));
        let epub = if cfg!(feature = "epub") {
            format!("{:>10.2}", write(Format::Epub) * 1e3)
        } else {
            format!("{:>10}", "-")
        };
        // pdftotext reads the same file from disk and writes text to stdout (discarded);
        // its time includes a process start, as offprint's CLI would pay one too.
        let ratio = if pdftotext && path.extension().is_some_and(|e| e == "pdf") {
            let t = time(budget, || {
                let _ = Command::new("pdftotext").arg(&path).arg("-").output();
            });
            format!("{:>11.2}x", t / load)
        } else {
            format!("{:>12}", "-")
        };
        println!(
            "{:<34} {:>10.2} {:>10.2} {:>10.2} {} {}",
            path.file_name().unwrap_or_default().to_string_lossy(),
            load * 1e3,
            jats * 1e3,
            md * 1e3,
            epub,
            ratio
        );
    }
    println!("pdftotext x: pdftotext's time over offprint's read+clean time on the same PDF (>1: offprint is faster).");
}
