//! Text exports shaped to make a pass quadratic (thousands of URL-dump lines glued into one
//! "URL", one line of 180,000 characters): each converts, within a hang bound far above what
//! it takes (tests/corpus/text-regressions, found by scripts/campaign.py).

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

#[test]
fn campaign_text_regressions_convert_without_hanging() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/text-regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/corpus/text-regressions")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(files.len() >= 2, "{files:?}");
    for f in files {
        let (tx, rx) = mpsc::channel();
        let path = f.clone();
        std::thread::spawn(move || {
            let r = offprint::convert(&path, offprint::Format::Jats, &Default::default());
            let _ = tx.send(r.map(|b| b.len()));
        });
        // A hang bound, not a timing: these take well under a second in a release build.
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(Ok(n)) => assert!(n > 0, "{}: empty output", f.display()),
            Ok(Err(e)) => panic!("{}: {e}", f.display()),
            Err(_) => panic!("{}: still converting after 60 s", f.display()),
        }
    }
}
