//! offprint turns a journal's article exports — the print PDF and the plain-text export — into
//! clean, valid publishing formats: CommonMark Markdown, JATS 1.3 XML and EPUB 3.
//!
//! The pipeline, as in pandoc, is one model between many readers and writers:
//!
//! ```text
//! read (PDF, text export) -> Export -> clean (passes) -> Document -> write (Markdown, JATS, EPUB, JSON)
//! ```
//!
//! The common case is one call:
//!
//! ```
//! use offprint::{convert, Format, Options};
//! let jats: Vec<u8> = convert("samples/global-e-2960.txt".as_ref(), Format::Jats, &Options::default())?;
//! assert!(String::from_utf8(jats).unwrap().contains("<article "));
//! # Ok::<(), offprint::Error>(())
//! ```
//!
//! The parts, for those who need them: [`load`] / [`load_bytes`] / [`load_reader`] read and
//! clean an article into an [`Article`] (its [`Document`] and the [`Report`] of what every
//! pass changed); change the model as you like; [`render`] / [`render_to`] write it in any
//! [`Format`]. Lower still, [`read`] turns bytes into a page-level [`read::Export`] and
//! [`clean::clean_with`] runs the chosen [`clean::Passes`] over it.
//!
//! ```
//! use offprint::{load, render, Format, Options};
//! let mut article = load("samples/global-e-2960.txt".as_ref(), &Options::default())?;
//! article.document.meta.journal = Some("Global-e".into());
//! let md = render(&article.document, Format::Markdown, &Default::default(), &mut article.report)?;
//! assert!(String::from_utf8(md).unwrap().starts_with("---\n"));
//! // Why did a line vanish? The report says, with its source lines.
//! assert!(!article.report.changes.is_empty());
//! # Ok::<(), offprint::Error>(())
//! ```
//!
//! Cargo features: `pdf` (the PDF reader, lopdf), `epub` (the EPUB writer, zip), `cli` (the
//! `offprint` binary and [`batch`]), `schema` (the JSON Schema of the model), `arbitrary` (for
//! fuzzing). With `--no-default-features` the library reads text exports and writes
//! Markdown, JATS and JSON.

#![deny(missing_docs)]

pub mod chars;
pub mod clean;
pub mod error;
pub mod meta;
pub mod model;
pub mod output;
pub mod profile;
pub mod read;
pub mod report;
pub mod uri;
pub mod write;

#[cfg(feature = "cli")]
pub mod batch;

pub use error::{Error, Result};
pub use model::Document;
pub use profile::Profile;
pub use read::InputKind;
pub use report::Report;
pub use write::{Format, WriteOptions};

use serde::{Deserialize, Serialize};
use std::path::Path;

/// Resource limits, so that no input can exhaust the machine. Exceeding one is a clean
/// [`Error::Limit`], never a crash.
///
/// ```
/// let opts = offprint::Options {
///     limits: offprint::Limits { max_pages: 50, ..Default::default() },
///     ..Default::default()
/// };
/// assert_eq!(opts.limits.max_depth, offprint::Limits::default().max_depth);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Limits {
    /// Largest input file accepted, in bytes.
    pub max_input_bytes: u64,
    /// Most pages read from a PDF.
    pub max_pages: u32,
    /// Most bytes one stream may decompress to.
    pub max_stream_bytes: u64,
    /// Most bytes all streams of a document may decompress to.
    pub max_document_bytes: u64,
    /// Most content-stream operators interpreted per document.
    pub max_operators: u64,
    /// Deepest nesting of form XObjects, Type 3 glyphs and `q` states.
    pub max_depth: u32,
    /// Most syntactic tokens (numbers, names, strings, brackets...) in a PDF's objects outside
    /// content streams, counted before parsing: what the object parser would allocate.
    pub max_object_tokens: u64,
    /// Most seconds spent interpreting and laying out one PDF's pages (0: no limit). Checked
    /// cooperatively, between operators and pages: parsing the object layer is not timed.
    pub max_seconds: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 512 << 20,
            max_pages: 2_000,
            max_stream_bytes: 64 << 20,
            max_document_bytes: 512 << 20,
            max_operators: 20_000_000,
            max_depth: 32,
            max_object_tokens: 2_000_000,
            max_seconds: 60,
        }
    }
}

/// How to read, clean and write an article.
///
/// ```
/// use offprint::{Format, Options};
/// let opts = Options {
///     meta: vec![("title".into(), "Multipolar Maneuvers".into())],
///     no_sidecar: true,
///     ..Default::default()
/// };
/// let md = offprint::convert("samples/global-e-2960.txt".as_ref(), Format::Markdown, &opts)?;
/// assert!(String::from_utf8(md).unwrap().contains("title: \"Multipolar Maneuvers\""));
/// # Ok::<(), offprint::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Options {
    /// Input kind; sniffed from content when `None`.
    pub from: Option<InputKind>,
    /// Password for encrypted PDFs (the empty user password is always tried).
    pub password: Option<String>,
    /// Metadata overrides (`key`, `value`), applied after the sidecar.
    pub meta: Vec<(String, String)>,
    /// Do not look for `ARTICLE.meta.json` / `.meta.yaml` next to the input.
    pub no_sidecar: bool,
    /// Which optional cleaning passes run (all, by default).
    #[serde(default)]
    pub passes: clean::Passes,
    /// The journal's conventions (Global-e by default; `--profile FILE.toml`).
    #[serde(default)]
    pub profile: Profile,
    /// What the writers emit.
    pub write: WriteOptions,
    /// Resource limits.
    pub limits: Limits,
}

/// An article read and cleaned, with the report of what changed.
///
/// ```
/// let a = offprint::load("samples/global-e-2960.txt".as_ref(), &Default::default())?;
/// assert_eq!(a.kind, Some(offprint::InputKind::Text));
/// assert_eq!(a.document.notes.len(), 6);
/// # Ok::<(), offprint::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// The cleaned document.
    pub document: Document,
    /// What readers and passes did.
    pub report: Report,
    /// Which reader was used.
    pub kind: Option<InputKind>,
    /// Pages in the input.
    pub pages: u32,
}

/// Reads and cleans an article from bytes, then applies `opts.meta`. `name` names the input
/// in errors. No sidecar is looked for (there is no folder); use [`load`] for files.
///
/// ```
/// use std::path::Path;
/// let text = "A first paragraph, wrapped\nover two lines.\n\nA second one.\n";
/// let a = offprint::load_bytes(text.as_bytes(), Path::new("upload.txt"), &Default::default())?;
/// assert_eq!(a.document.body.len(), 2);
/// // Broken input is a typed error naming the file, never a panic.
/// let err = offprint::load_bytes(b"%PDF-1.7 garbage", Path::new("bad.pdf"), &Default::default());
/// # #[cfg(feature = "pdf")]
/// assert!(err.unwrap_err().to_string().contains("bad.pdf"));
/// # Ok::<(), offprint::Error>(())
/// ```
pub fn load_bytes(bytes: &[u8], name: &Path, opts: &Options) -> Result<Article> {
    load_with(bytes, name, &[], opts)
}

/// Reads and cleans an article from any reader (an upload stream, a database blob), at most
/// `opts.limits.max_input_bytes` of it; `name` names the input in errors.
///
/// ```
/// use std::path::Path;
/// let upload = std::io::Cursor::new("One paragraph.\n");
/// let a = offprint::load_reader(upload, Path::new("upload"), &Default::default())?;
/// assert_eq!(offprint::model::plain_text(match &a.document.body[0].kind {
///     offprint::model::BlockKind::Paragraph { content } => content,
///     _ => unreachable!(),
/// }), "One paragraph.");
/// # Ok::<(), offprint::Error>(())
/// ```
pub fn load_reader(reader: impl std::io::Read, name: &Path, opts: &Options) -> Result<Article> {
    use std::io::Read;
    let max = opts.limits.max_input_bytes;
    let mut buf = Vec::new();
    reader
        .take(max.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| Error::Io {
            file: name.to_path_buf(),
            source: e,
        })?;
    load_with(&buf, name, &[], opts)
}

/// Reads and cleans an article file (`-` is stdin), applying a sidecar
/// `NAME.meta.json`/`.yaml` found beside it and then `opts.meta`.
///
/// ```
/// let a = offprint::load("samples/global-e-2960.txt".as_ref(), &Default::default())?;
/// assert_eq!(a.document.meta.authors[0].name, "Pavel Raus");
/// # Ok::<(), offprint::Error>(())
/// ```
pub fn load(path: &Path, opts: &Options) -> Result<Article> {
    let bytes = read_input(path, opts.limits.max_input_bytes)?;
    let mut sidecar = Vec::new();
    if !opts.no_sidecar && path != Path::new("-") {
        if let Some(p) = meta::sidecar_paths(path).into_iter().find(|p| p.is_file()) {
            let pairs = meta::read_sidecar(&p)?;
            sidecar.push((p, pairs));
        }
    }
    load_with(&bytes, path, &sidecar, opts)
}

fn load_with(
    bytes: &[u8],
    name: &Path,
    sidecar: &[(std::path::PathBuf, Vec<(String, String)>)],
    opts: &Options,
) -> Result<Article> {
    if bytes.len() as u64 > opts.limits.max_input_bytes {
        return Err(Error::Limit {
            file: name.to_path_buf(),
            limit: "input bytes",
            max: opts.limits.max_input_bytes,
        });
    }
    let kind = opts.from.unwrap_or_else(|| read::sniff(bytes));
    let mut report = Report::default();
    let export = match kind {
        InputKind::Text => {
            let text = read::decode_text(bytes).map_err(|reason| Error::NotText {
                file: name.to_path_buf(),
                reason,
            })?;
            if text.contains('\0') {
                return Err(Error::NotText {
                    file: name.to_path_buf(),
                    reason: "contains NUL bytes (a binary file?)".into(),
                });
            }
            read::text::read(&text)
        }
        #[cfg(feature = "pdf")]
        InputKind::Pdf => read::pdf::read(bytes, name, opts.password.as_deref(), &opts.limits)?,
        #[cfg(not(feature = "pdf"))]
        InputKind::Pdf => {
            return Err(Error::Pdf {
                file: name.to_path_buf(),
                reason: "this build has no PDF reader (feature `pdf`)".into(),
            })
        }
    };
    let pages = export.pages.len() as u32;
    let mut document = clean::clean_for(export, &opts.passes, &opts.profile, &mut report);
    for (p, pairs) in sidecar {
        meta::apply_all(&mut document.meta, pairs, p, &mut report)?;
    }
    meta::apply_all(
        &mut document.meta,
        &opts.meta,
        Path::new("--meta"),
        &mut report,
    )?;
    if document
        .meta
        .title
        .as_deref()
        .is_none_or(|t| t.trim().is_empty())
    {
        report.record(
            "meta",
            report::Action::Warning,
            None,
            "title missing: supply it with --meta title=... or a sidecar NAME.meta.json",
        );
    }
    uri::apply(&mut document, &mut report);
    chars::apply(&mut document, &mut report);
    if document.meta.date.is_none() {
        report.record(
            "meta",
            report::Action::Warning,
            None,
            "date missing: supply it with --meta date=YYYY-MM-DD or a sidecar NAME.meta.json",
        );
    }
    Ok(Article {
        document,
        report,
        kind: Some(kind),
        pages,
    })
}

/// Reads a whole input file (`-` for stdin), refusing files over `max` bytes.
///
/// ```
/// let bytes = offprint::read_input("samples/global-e-2960.txt".as_ref(), 1 << 20)?;
/// assert!(offprint::read_input("samples/global-e-2960.txt".as_ref(), 10).is_err());
/// # Ok::<(), offprint::Error>(())
/// ```
pub fn read_input(path: &Path, max: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let io = |e| Error::Io {
        file: path.to_path_buf(),
        source: e,
    };
    let mut buf = Vec::new();
    if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(max + 1)
            .read_to_end(&mut buf)
            .map_err(io)?;
    } else {
        let f = std::fs::File::open(path).map_err(io)?;
        if f.metadata().map_err(io)?.is_dir() {
            return Err(Error::Io {
                file: path.to_path_buf(),
                source: std::io::Error::other("is a directory"),
            });
        }
        f.take(max + 1).read_to_end(&mut buf).map_err(io)?;
    }
    if buf.len() as u64 > max {
        return Err(Error::Limit {
            file: path.to_path_buf(),
            limit: "input bytes",
            max,
        });
    }
    Ok(buf)
}

/// Writes a document in `format` to bytes, recording what the writer could not express.
///
/// ```
/// use offprint::model::{Block, BlockKind, Document, Inline};
/// use offprint::{render, Format, Report};
/// let mut doc = Document::default();
/// doc.meta.title = Some("A <title> & more".into());
/// doc.body.push(Block::new(BlockKind::Paragraph { content: vec![Inline::text("x < y")] }));
/// let xml = render(&doc, Format::Jats, &Default::default(), &mut Report::default())?;
/// let xml = String::from_utf8(xml).unwrap();
/// assert!(xml.contains("A &lt;title&gt; &amp; more") && xml.contains("x &lt; y"));
/// # Ok::<(), offprint::Error>(())
/// ```
pub fn render(
    doc: &Document,
    format: Format,
    opts: &WriteOptions,
    report: &mut Report,
) -> Result<Vec<u8>> {
    write::write(doc, format, opts, report)
}

/// Writes a document in `format` into any [`std::io::Write`] (a file, a socket, a buffer).
/// For files, [`output::write_atomic`] never leaves a half-written one.
///
/// ```
/// let a = offprint::load("samples/global-e-2960.txt".as_ref(), &Default::default())?;
/// let mut out = Vec::new();
/// offprint::render_to(&a.document, offprint::Format::Json, &Default::default(), &mut out, &mut Default::default())?;
/// let back: offprint::Document = serde_json::from_slice(&out).unwrap();
/// assert_eq!(back, a.document);
/// # Ok::<(), offprint::Error>(())
/// ```
pub fn render_to(
    doc: &Document,
    format: Format,
    opts: &WriteOptions,
    out: &mut dyn std::io::Write,
    report: &mut Report,
) -> Result<()> {
    let bytes = write::write(doc, format, opts, report)?;
    out.write_all(&bytes).map_err(|e| Error::Io {
        file: "(output)".into(),
        source: e,
    })
}

/// The common case: reads, cleans and writes one article file in `format`.
///
/// ```
/// use offprint::{convert, Format, Options};
/// let md = convert("samples/global-e-2960.txt".as_ref(), Format::Markdown, &Options::default())?;
/// let md = String::from_utf8(md).unwrap();
/// assert!(md.contains("[^fn1]:") && md.contains("# EU-US Dissonance"));
/// # Ok::<(), offprint::Error>(())
/// ```
pub fn convert(input: &Path, format: Format, opts: &Options) -> Result<Vec<u8>> {
    let mut article = load(input, opts)?;
    render(&article.document, format, &opts.write, &mut article.report)
}
