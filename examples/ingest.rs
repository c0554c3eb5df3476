//! A publishing system's ingest step: convert every upload in a folder, post-process the
//! model (stamp the journal and an ISSN, drop empty paragraphs), then write JATS and EPUB
//! beside each upload, atomically, going on past bad files.
//!
//!     cargo run --example ingest -- samples /tmp/ingest-out

use offprint::model::{BlockKind, Identifier};
use offprint::{Format, Options, Report};
use std::path::{Path, PathBuf};

fn main() {
    let mut args = std::env::args().skip(1);
    let uploads = PathBuf::from(args.next().unwrap_or_else(|| "samples".into()));
    let out = PathBuf::from(args.next().unwrap_or_else(|| "target/ingest-out".into()));
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("ingest: {}: {e}", out.display());
        std::process::exit(1);
    }
    let mut failed = 0;
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(&uploads) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect(),
        Err(e) => {
            eprintln!("ingest: {}: {e}", uploads.display());
            std::process::exit(1);
        }
    };
    entries.sort();
    for path in entries.iter().filter(|p| is_upload(p)) {
        match ingest(path, &out) {
            Ok(written) => println!("{} -> {}", path.display(), written.join(", ")),
            Err(e) => {
                failed += 1;
                eprintln!("ingest: {e}");
            }
        }
    }
    std::process::exit(if failed > 0 { 1 } else { 0 });
}

fn is_upload(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("pdf" | "txt"))
}

pub fn ingest(path: &Path, out: &Path) -> offprint::Result<Vec<String>> {
    let mut article = offprint::load(path, &Options::default())?;
    let doc = &mut article.document;
    doc.meta.journal.get_or_insert_with(|| "Global-e".into());
    doc.meta.identifiers.push(Identifier {
        scheme: "issn".into(),
        value: "2049-3630".into(), // your journal's ISSN
    });
    doc.body
        .retain(|b| !matches!(&b.kind, BlockKind::Paragraph { content } if content.is_empty()));

    let stem = path
        .file_name()
        .map(|s| s.to_string_lossy().replace('.', "-"))
        .unwrap_or_default();
    let mut written = Vec::new();
    // Builds without the `epub` feature write JATS only.
    let formats: &[Format] = if cfg!(feature = "epub") {
        &[Format::Jats, Format::Epub]
    } else {
        &[Format::Jats]
    };
    for &format in formats {
        let mut report = Report::default();
        let bytes = offprint::render(doc, format, &Default::default(), &mut report)?;
        let target = out.join(format!("{stem}.{}", format.extension()));
        offprint::output::write_atomic(&target, &bytes)?;
        written.push(target.display().to_string());
    }
    Ok(written)
}
