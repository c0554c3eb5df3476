//! The training articles printed by other producers (`scripts/make-producer-pdfs.sh` writes
//! them under `target/producers/`; this test is skipped, and says so, when they are absent):
//! every PDF converts, and the JATS carries a title and none of the page furniture or the
//! loose bullets that used to leak. Fidelity against the gold is `scripts/score-producers.py`.

use offprint::{convert, Format, Options};
use std::path::Path;

#[test]
fn every_producer_pdf_converts_without_furniture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/producers");
    let Ok(producers) = std::fs::read_dir(&dir) else {
        eprintln!(
            "skipped: no {} (run scripts/make-producer-pdfs.sh)",
            dir.display()
        );
        return;
    };
    let mut n = 0;
    let mut failures = Vec::new();
    for p in producers.flatten().filter(|p| p.path().is_dir()) {
        let Ok(files) = std::fs::read_dir(p.path()) else {
            continue;
        };
        for f in files.flatten() {
            let path = f.path();
            if path.extension().is_none_or(|e| e != "pdf") || !path.exists() {
                continue;
            }
            n += 1;
            let jats = match convert(&path, Format::Jats, &Options::default()) {
                Ok(b) => String::from_utf8_lossy(&b).into_owned(),
                Err(e) => {
                    failures.push(format!("{}: {e}", path.display()));
                    continue;
                }
            };
            for bad in ["Powered by", "Page 1 of", "<p>-</p>", "<p>•</p>"] {
                if jats.contains(bad) {
                    failures.push(format!("{}: {bad:?} left", path.display()));
                }
            }
            if !jats.contains("<article-title>") {
                failures.push(format!("{}: no title", path.display()));
            }
        }
    }
    eprintln!("{n} producer PDFs checked");
    assert!(failures.is_empty(), "{failures:#?}");
}
