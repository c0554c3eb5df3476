//! Batch conversion of whole archives (`offprint batch`): folders walked in a fixed order,
//! articles converted in parallel (rayon) a chunk at a time so memory stays flat, outputs
//! written atomically into a mirror of the input tree, resumable (a manifest of input hashes),
//! shardable across machines (`--shard K/N`), every article reported (`--report FILE.jsonl`).

pub mod csv;
pub mod manifest;
pub mod progress;
pub mod shard;
pub mod walk;

pub use csv::MetaTable;
pub use progress::Mode;
pub use shard::Shard;

use crate::{Format, Options};
use manifest::{Entry, Fingerprint, Manifest};
use rayon::prelude::*;
use serde::Serialize;
use std::io::{BufRead, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use walk::{Item, Job};

/// Articles taken from the walk per parallel round, per worker: enough to keep every worker
/// busy, few enough that memory does not grow with the archive.
const CHUNK_PER_JOB: usize = 16;
/// Failures listed in the summary; the rest are counted (all are in `--report`).
const MAX_LISTED_FAILURES: usize = 1_000;
/// Suffix of the temporary files `crate::output::replace_file` writes
/// (`.NAME.PID.offprint-tmp`); a killed run may leave them and the next one removes them.
use crate::output::TEMP_SUFFIX;

/// What to convert and how.
#[derive(Debug, Clone)]
pub struct Config {
    /// Folders (walked) and files (taken as given).
    pub inputs: Vec<PathBuf>,
    /// A list of files, one a line (`-`: stdin); relative to the single INPUT folder if one is
    /// given, else to the current folder.
    pub files_from: Option<PathBuf>,
    /// The output folder; outputs mirror the input tree inside it.
    pub out: PathBuf,
    /// Output formats.
    pub formats: Vec<Format>,
    /// Worker threads (0: one per core).
    pub jobs: usize,
    /// Only this shard of the articles.
    pub shard: Option<Shard>,
    /// Convert even articles whose outputs are up to date.
    pub force: bool,
    /// Where to write one JSON line per article.
    pub report: Option<PathBuf>,
    /// Per-article metadata (`--meta-csv`).
    pub meta_csv: MetaTable,
    /// Reading, cleaning and writing options; `meta` applies to every article, after the CSV.
    pub options: Options,
    /// How to show progress.
    pub progress: Mode,
}

/// What happened to one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Outputs written.
    Converted,
    /// Outputs already up to date, or the path was left alone on purpose.
    Skipped,
    /// Could not be converted; `reason` says why.
    Failed,
}

/// One line of `--report`.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    /// The article key (`2020/v13/i22/2960`), or the path for a path that is not an article.
    pub article: String,
    /// The export files found for it, preferred first.
    pub inputs: Vec<String>,
    /// The export the outputs were made from.
    pub source: Option<String>,
    /// The output files.
    pub outputs: Vec<String>,
    /// Converted, skipped or failed.
    pub status: Status,
    /// Why it failed or was skipped.
    pub reason: Option<String>,
    /// What the reader, passes and writers warned about (`Report::warnings`), and a fallback
    /// from an unreadable PDF to the text export.
    pub warnings: Vec<String>,
    /// Pages in the input converted.
    pub pages: u32,
    /// Time spent on the article.
    pub milliseconds: u64,
}

/// Totals of a run.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Articles converted.
    pub converted: u64,
    /// Articles up to date (or paths left alone).
    pub skipped: u64,
    /// Articles that failed.
    pub failed: u64,
    /// Converted from the text export because the PDF could not be read.
    pub fell_back: u64,
    /// `reason` of the first failures, one line each.
    pub failures: Vec<String>,
    /// Pages read.
    pub pages: u64,
    /// Temporary files of an earlier, killed run removed at the start.
    pub stale_temps_removed: u64,
    /// Stopped by a signal before every article was taken.
    pub interrupted: bool,
    /// Wall time.
    pub elapsed: Duration,
}

impl Summary {
    fn add(&mut self, r: &Record) {
        match r.status {
            Status::Converted => self.converted += 1,
            Status::Skipped => self.skipped += 1,
            Status::Failed => {
                self.failed += 1;
                if self.failures.len() < MAX_LISTED_FAILURES {
                    self.failures
                        .push(r.reason.clone().unwrap_or_default().replace('\n', " "));
                }
            }
        }
        if r.warnings.iter().any(|w| w.starts_with(FALLBACK)) {
            self.fell_back += 1;
        }
        self.pages += u64::from(r.pages);
    }

    /// The process exit code: 0 all converted or up to date, 1 any failed, 130 interrupted.
    pub fn exit_code(&self) -> i32 {
        if self.interrupted {
            130
        } else if self.failed > 0 {
            1
        } else {
            0
        }
    }
}

const FALLBACK: &str = "batch: converted from the text export";

/// Everything a worker needs, shared.
struct Ctx<'a> {
    cfg: &'a Config,
    out: PathBuf,
    canon_out: PathBuf,
    manifest: Manifest,
    hooks: TestHooks,
}

/// Runs a batch. `stop` is set by a signal handler: no new article is started after it, the
/// ones in progress finish (so no temporary file is left), and the summary says so.
pub fn run(cfg: &Config, stop: &AtomicBool) -> crate::Result<Summary> {
    let started = Instant::now();
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e| crate::Error::Io { file: p, source: e }
    };
    std::fs::create_dir_all(&cfg.out).map_err(io(&cfg.out))?;
    let canon_out = std::fs::canonicalize(&cfg.out).map_err(io(&cfg.out))?;
    let progress = progress::Progress::start(cfg.progress);
    let mut summary = Summary {
        stale_temps_removed: remove_stale_temps(&cfg.out, cfg.shard),
        ..Summary::default()
    };
    if summary.stale_temps_removed > 0 {
        progress.println(&format!(
            "offprint batch: removed {} temporary files left by an interrupted run",
            summary.stale_temps_removed
        ));
    }
    let ctx = Ctx {
        cfg,
        out: cfg.out.clone(),
        manifest: Manifest::open(&cfg.out, cfg.shard)?,
        canon_out,
        hooks: TestHooks::from_env(),
    };
    let mut report = match &cfg.report {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(io(p))?,
        )),
        None => None,
    };
    if cfg.progress != Mode::Quiet && cfg.files_from.as_deref() != Some(Path::new("-")) {
        count_in_background(cfg, &ctx.canon_out, &progress);
    }
    let jobs = if cfg.jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        cfg.jobs
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| crate::Error::Io {
            file: "rayon".into(),
            source: std::io::Error::other(e),
        })?;
    let mut items = selected(cfg, &ctx.canon_out)?;
    loop {
        if stop.load(Ordering::SeqCst) {
            summary.interrupted = true;
            break;
        }
        let chunk: Vec<Item> = items.by_ref().take(jobs * CHUNK_PER_JOB).collect();
        if chunk.is_empty() {
            break;
        }
        let records: Vec<Option<Record>> = pool.install(|| {
            chunk
                .into_par_iter()
                .map(|item| {
                    if stop.load(Ordering::SeqCst) {
                        return None;
                    }
                    let r = process(&ctx, item);
                    progress.done(r.status == Status::Failed, r.status == Status::Skipped);
                    Some(r)
                })
                .collect()
        });
        for r in records {
            let Some(r) = r else {
                summary.interrupted = true;
                continue;
            };
            summary.add(&r);
            if let Some(w) = report.as_mut() {
                write_record(w, &r)
                    .map_err(io(cfg.report.as_deref().unwrap_or(Path::new("--report"))))?;
            }
        }
        if let Some(w) = report.as_mut() {
            w.flush()
                .map_err(io(cfg.report.as_deref().unwrap_or(Path::new("--report"))))?;
        }
    }
    if !summary.interrupted {
        if let Err(e) = ctx.manifest.compact() {
            progress.println(&format!(
                "offprint batch: could not compact the manifest: {e}"
            ));
        }
    }
    progress.finish();
    summary.elapsed = started.elapsed();
    Ok(summary)
}

fn write_record(w: &mut impl Write, r: &Record) -> std::io::Result<()> {
    serde_json::to_writer(&mut *w, r).map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

/// The items of this run: walked and listed, in order, only this shard's.
fn selected(
    cfg: &Config,
    canon_out: &Path,
) -> crate::Result<Box<dyn Iterator<Item = Item> + Send>> {
    let (list, root, inputs) = match &cfg.files_from {
        None => (None, None, cfg.inputs.clone()),
        Some(list) => {
            let reader: Box<dyn BufRead + Send> = if list == Path::new("-") {
                Box::new(std::io::BufReader::new(std::io::stdin()))
            } else {
                let f = std::fs::File::open(list).map_err(|e| crate::Error::Io {
                    file: list.clone(),
                    source: e,
                })?;
                Box::new(std::io::BufReader::new(f))
            };
            // With a list, an INPUT folder is the list's root, not walked.
            let root = cfg.inputs.iter().find(|p| p.is_dir()).cloned();
            let files = cfg.inputs.iter().filter(|p| !p.is_dir()).cloned().collect();
            (Some(reader), root, files)
        }
    };
    let shard = cfg.shard;
    let items = walk::items(inputs, list, root, Some(canon_out.to_path_buf()))
        .filter(move |item| shard.is_none_or(|s| s.contains(&item.shard_key())));
    Ok(Box::new(items))
}

/// Counts the run's items on a thread of its own, so the first article starts at once and
/// the bar gains its total (and ETA) when the count is done.
fn count_in_background(cfg: &Config, canon_out: &Path, progress: &progress::Progress) {
    let Ok(items) = selected(cfg, canon_out) else {
        return;
    };
    let set_total = progress.total_setter();
    std::thread::spawn(move || set_total(items.count() as u64));
}

/// Converts one item, catching a panic so one bad article never stops the rest.
fn process(ctx: &Ctx, item: Item) -> Record {
    match item {
        Item::Bad { path, reason } => bare(
            &path,
            Status::Failed,
            format!("{}: {reason}", path.display()),
        ),
        Item::Ignored { path, reason } => bare(
            &path,
            Status::Skipped,
            format!("{}: {reason}", path.display()),
        ),
        Item::Article(job) => {
            let start = Instant::now();
            let mut record = match catch_unwind(AssertUnwindSafe(|| article(ctx, &job))) {
                Ok(r) => r,
                Err(panic) => {
                    let mut r = empty(&job, Status::Failed);
                    let first = job
                        .inputs
                        .first()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default();
                    r.reason = Some(format!(
                        "{first}: internal error (a bug, please report it): {}",
                        panic_message(&*panic)
                    ));
                    r
                }
            };
            record.milliseconds = start.elapsed().as_millis() as u64;
            record
        }
    }
}

fn bare(path: &Path, status: Status, reason: String) -> Record {
    Record {
        article: path.display().to_string(),
        inputs: vec![path.display().to_string()],
        source: None,
        outputs: vec![],
        status,
        reason: Some(reason),
        warnings: vec![],
        pages: 0,
        milliseconds: 0,
    }
}

fn empty(job: &Job, status: Status) -> Record {
    Record {
        article: job.key(),
        inputs: job.inputs.iter().map(|p| p.display().to_string()).collect(),
        source: None,
        outputs: vec![],
        status,
        reason: None,
        warnings: vec![],
        pages: 0,
        milliseconds: 0,
    }
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".into())
}

/// One article: skip if up to date, else read (PDF first, the text export if the PDF
/// fails), render every format in memory, write each atomically, then record it.
fn article(ctx: &Ctx, job: &Job) -> Record {
    let key = job.key();
    let mut record = empty(job, Status::Failed);
    let outputs: Vec<(Format, PathBuf)> = ctx
        .cfg
        .formats
        .iter()
        .map(|&f| (f, job.output(&ctx.out, f.extension())))
        .collect();
    record.outputs = outputs
        .iter()
        .map(|(_, p)| p.display().to_string())
        .collect();
    let mut opts = ctx.cfg.options.clone();
    opts.meta = ctx
        .cfg
        .meta_csv
        .pairs(&key)
        .iter()
        .chain(&ctx.cfg.options.meta)
        .cloned()
        .collect();
    let fingerprint = match fingerprint(job, &opts, &ctx.cfg.formats) {
        Ok(f) => f,
        Err(reason) => {
            record.reason = Some(reason);
            return record;
        }
    };
    if !ctx.cfg.force
        && ctx.manifest.is_current(&key, &fingerprint)
        && outputs.iter().all(|(_, p)| p.is_file())
    {
        record.status = Status::Skipped;
        record.reason = Some("up to date".into());
        return record;
    }
    ctx.hooks.before_convert(&key);
    let (loaded, source, fallback) = match load_first(job, &opts) {
        Ok(x) => x,
        Err(reason) => {
            record.reason = Some(reason);
            return record;
        }
    };
    record.source = Some(source.display().to_string());
    record.pages = loaded.pages;
    let mut report = loaded.report;
    let mut rendered = Vec::with_capacity(outputs.len());
    for (format, path) in &outputs {
        match catch_unwind(AssertUnwindSafe(|| {
            crate::render(&loaded.document, *format, &opts.write, &mut report)
        })) {
            Ok(Ok(bytes)) => rendered.push((path, bytes)),
            Ok(Err(e)) => {
                record.reason = Some(format!("{}: {e}", path.display()));
                return record;
            }
            Err(p) => {
                record.reason = Some(format!(
                    "{}: internal error writing {} (a bug, please report it): {}",
                    source.display(),
                    format.extension(),
                    panic_message(&*p)
                ));
                return record;
            }
        }
    }
    if let Err(reason) = write_outputs(ctx, &rendered) {
        record.reason = Some(reason);
        return record;
    }
    let entry = Entry {
        key,
        fingerprint: manifest::hex(&fingerprint),
        version: env!("CARGO_PKG_VERSION").into(),
        source: source.display().to_string(),
        outputs: rendered
            .iter()
            .map(|(p, _)| p.strip_prefix(&ctx.out).unwrap_or(p).display().to_string())
            .collect(),
    };
    if let Err(e) = ctx.manifest.append(&entry) {
        // The outputs are good; only resuming will redo this article.
        record.warnings.push(format!("batch: {e}"));
    }
    record.warnings.extend(fallback);
    record.warnings.extend(report.warnings());
    record.status = Status::Converted;
    record.reason = None;
    record
}

/// Everything the outputs depend on: each input's name and content, a sidecar's content,
/// the options (without the password), the formats and offprint's version.
fn fingerprint(job: &Job, opts: &Options, formats: &[Format]) -> Result<[u8; 32], String> {
    let mut fp = Fingerprint::new();
    let mut hashed = opts.clone();
    hashed.password = None;
    // A time budget changes whether an article is refused, never what its outputs are.
    hashed.limits.max_seconds = 0;
    fp.add("options", &serde_json::to_vec(&hashed).unwrap_or_default());
    fp.add("formats", &serde_json::to_vec(formats).unwrap_or_default());
    for input in &job.inputs {
        fp.add(
            "input",
            input.file_name().unwrap_or_default().as_encoded_bytes(),
        );
        fp.add_file("content", input)
            .map_err(|e| format!("{}: {e}", input.display()))?;
        if !opts.no_sidecar {
            for side in crate::meta::sidecar_paths(input)
                .into_iter()
                .filter(|p| p.is_file())
            {
                fp.add(
                    "sidecar",
                    side.file_name().unwrap_or_default().as_encoded_bytes(),
                );
                fp.add_file("sidecar-content", &side)
                    .map_err(|e| format!("{}: {e}", side.display()))?;
            }
        }
    }
    Ok(fp.finish())
}

/// Loads the first export that reads, catching a reader's panic like an error. Returns the
/// article, the export used and a warning when an earlier export failed.
fn load_first(
    job: &Job,
    opts: &Options,
) -> Result<(crate::Article, PathBuf, Option<String>), String> {
    let mut reasons = Vec::new();
    for input in &job.inputs {
        // The extension decides the reader: a `.pdf` that is not a PDF must fail as one, not be
        // sniffed into a text export. Other names named explicitly are sniffed.
        let mut opts = opts.clone();
        opts.from = opts.from.or(crate::read::kind_from_name(input));
        let result = catch_unwind(AssertUnwindSafe(|| crate::load(input, &opts)));
        match result {
            Ok(Ok(a)) => {
                let fallback = (!reasons.is_empty()).then(|| {
                    format!(
                        "{FALLBACK} {} because {}",
                        input.display(),
                        reasons.join("; ")
                    )
                });
                return Ok((a, input.clone(), fallback));
            }
            Ok(Err(e)) => reasons.push(e.to_string()),
            Err(p) => reasons.push(format!(
                "{}: internal error (a bug, please report it): {}",
                input.display(),
                panic_message(&*p)
            )),
        }
    }
    Err(reasons.join("; "))
}

/// Outputs being written right now, so that a second Ctrl-C, which quits at once, can still
/// remove their temporary files ([`remove_temps_in_flight`]).
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Writes rendered outputs, each atomically, after checking that their folder resolves inside
/// OUT (a symlinked folder in OUT could otherwise lead a write elsewhere).
fn write_outputs(ctx: &Ctx, rendered: &[(&PathBuf, Vec<u8>)]) -> Result<(), String> {
    for (path, bytes) in rendered {
        let dir = path.parent().unwrap_or(&ctx.out);
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let canon = std::fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if !canon.starts_with(&ctx.canon_out) {
            return Err(format!(
                "{}: resolves outside --out ({}): not written",
                path.display(),
                canon.display()
            ));
        }
        lock(&IN_FLIGHT).push(path.to_path_buf());
        let written = crate::output::replace_file(path, bytes).map_err(|e| e.to_string());
        lock(&IN_FLIGHT).retain(|p| p != *path);
        written?;
    }
    Ok(())
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Removes the temporary files of the outputs being written by this process: for a signal
/// handler about to quit without waiting for them. Returns how many were removed.
pub fn remove_temps_in_flight() -> usize {
    lock(&IN_FLIGHT)
        .iter()
        .filter_map(|p| std::fs::remove_file(crate::output::temp_path(p)?).ok())
        .count()
}

/// Removes `.NAME.PID.offprint-tmp` files under OUT left by a killed run — only those of this
/// shard's articles, so that shards sharing OUT never delete each other's files in flight.
/// Symlinks are not followed; depth is bounded.
fn remove_stale_temps(out: &Path, shard: Option<Shard>) -> u64 {
    let mut removed = 0;
    let mut pending = vec![(PathBuf::new(), 0usize)];
    while let Some((rel, depth)) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(out.join(&rel)) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(ft) = entry.file_type() else { continue };
            let name = entry.file_name();
            if ft.is_dir() && depth < 128 {
                pending.push((rel.join(&name), depth + 1));
                continue;
            }
            let Some(output) = temp_target(&name.to_string_lossy()) else {
                continue;
            };
            let stem = Path::new(&output)
                .file_stem()
                .unwrap_or_default()
                .to_os_string();
            let key = walk::key_of(&rel, &stem);
            if ft.is_file()
                && shard.is_none_or(|s| s.contains(&key))
                && std::fs::remove_file(entry.path()).is_ok()
            {
                removed += 1;
            }
        }
    }
    removed
}

/// `.2960.xml.1234.offprint-tmp` → `2960.xml`.
fn temp_target(name: &str) -> Option<String> {
    let inner = name.strip_prefix('.')?.strip_suffix(TEMP_SUFFIX)?;
    let (output, pid) = inner.rsplit_once('.')?;
    (pid.bytes().all(|b| b.is_ascii_digit()) && !output.is_empty()).then(|| output.to_string())
}

/// Fault injection for the integration tests, compiled into debug builds only:
/// `OFFPRINT_BATCH_TEST_DELAY_MS` slows each conversion (so a test can interrupt a run),
/// `OFFPRINT_BATCH_TEST_PANIC` panics on articles whose key contains it.
#[derive(Default)]
struct TestHooks {
    delay: Option<Duration>,
    panic_on: Option<String>,
}

impl TestHooks {
    fn from_env() -> TestHooks {
        if !cfg!(debug_assertions) {
            return TestHooks::default();
        }
        TestHooks {
            delay: std::env::var("OFFPRINT_BATCH_TEST_DELAY_MS")
                .ok()
                .and_then(|v| v.parse().ok())
                .map(Duration::from_millis),
            panic_on: std::env::var("OFFPRINT_BATCH_TEST_PANIC")
                .ok()
                .filter(|s| !s.is_empty()),
        }
    }

    fn before_convert(&self, key: &str) {
        if let Some(d) = self.delay {
            std::thread::sleep(d);
        }
        if self.panic_on.as_deref().is_some_and(|p| key.contains(p)) {
            panic!("test hook: panic on {key}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_recognised() {
        assert_eq!(
            temp_target(".2960.xml.1234.offprint-tmp").as_deref(),
            Some("2960.xml")
        );
        assert_eq!(temp_target("2960.xml"), None);
        assert_eq!(temp_target(".offprint-manifest.jsonl"), None);
        assert_eq!(temp_target(".a.md.x1.offprint-tmp"), None);
    }

    #[test]
    fn temps_in_flight_are_removed_on_demand() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("a.xml");
        let tmp = d
            .path()
            .join(format!(".a.xml.{}{TEMP_SUFFIX}", std::process::id()));
        std::fs::write(&tmp, "half").unwrap();
        lock(&IN_FLIGHT).push(out.clone());
        assert_eq!(remove_temps_in_flight(), 1);
        lock(&IN_FLIGHT).retain(|p| p != &out);
        assert!(!tmp.exists());
    }

    #[test]
    fn exit_codes() {
        let mut s = Summary::default();
        assert_eq!(s.exit_code(), 0);
        s.failed = 1;
        assert_eq!(s.exit_code(), 1);
        s.interrupted = true;
        assert_eq!(s.exit_code(), 130);
    }
}
