//! Command-line interface (binary only): argument definitions and their mapping onto the
//! library. `--help` is the manual.

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand, ValueEnum};
use offprint::{Format, InputKind, Limits, Options, WriteOptions};
use std::path::{Path, PathBuf};

/// Turn a journal's article exports (print PDF, plain-text export) into Markdown, JATS XML and
/// EPUB 3.
///
/// Examples:
///   offprint convert samples/global-e-2960.txt -o out.xml
///   offprint article.pdf -t md                  (convert is the default command)
///   offprint convert a.pdf b.txt c.pdf -o issue.epub --meta title="Volume 13, Issue 22"
///   offprint batch archive/ --out converted/ --to jats,markdown,epub --report report.jsonl
#[derive(Parser, Debug)]
#[command(name = "offprint", version, about, long_about, verbatim_doc_comment)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// List the input formats (`--from`) and exit.
    #[arg(long)]
    list_input_formats: bool,

    /// List the output formats (`--to`) and exit.
    #[arg(long)]
    list_output_formats: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Convert one article (or several into one EPUB) and write it to a file or stdout.
    Convert(ConvertArgs),
    /// Convert a whole archive: every export under the INPUT folders, in parallel, into a
    /// mirror of the tree under --out; resumable, shardable across machines.
    ///
    /// Exit codes: 0 all converted or up to date, 1 any article failed (each is listed with
    /// its reason), 2 usage error, 130 stopped by Ctrl-C or SIGTERM (run again to resume).
    Batch(BatchArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to stdout.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to stdout: `offprint man > offprint.1`.
    Man,
}

/// The subcommand names: an invocation that starts with none of them (nor a top-level flag)
/// is a `convert`, as `pandoc FILE` is.
const SUBCOMMANDS: &[&str] = &["convert", "batch", "completions", "man", "help"];
const TOP_FLAGS: &[&str] = &[
    "-h",
    "--help",
    "-V",
    "--version",
    "--list-input-formats",
    "--list-output-formats",
];

/// The arguments with `convert` inserted when no subcommand is named.
fn with_default_command(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let first = args.get(1).and_then(|a| a.to_str()).map(str::to_owned);
    match first.as_deref() {
        Some(a) if SUBCOMMANDS.contains(&a) || TOP_FLAGS.contains(&a) => {}
        Some(_) => args.insert(1, "convert".into()),
        None => {}
    }
    args
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum ToFormat {
    /// CommonMark with footnotes and a YAML metadata block, as pandoc reads it.
    #[value(alias = "md", alias = "commonmark")]
    Markdown,
    /// JATS 1.3 Journal Publishing XML.
    #[value(alias = "xml", alias = "nxml")]
    Jats,
    /// EPUB 3.3.
    #[value(alias = "epub3")]
    Epub,
    /// The document model as JSON (docs/document.schema.json).
    Json,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum FromKind {
    /// Sniff from content (`%PDF-` means PDF, anything else a text export).
    Auto,
    /// The journal's plain-text export (UTF-8, or UTF-16/32 with a byte-order mark).
    #[value(alias = "txt")]
    Text,
    /// The print-view PDF.
    Pdf,
}

#[derive(Args, Debug)]
struct ConvertArgs {
    /// Input files: a print PDF or a plain-text export (`-` reads stdin). Several inputs make
    /// one EPUB with one content document per article, in the order given.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Output file (`-` or absent: stdout). Its extension picks the format when --to is absent
    /// (.md, .xml, .epub, .json).
    #[arg(short, long, value_name = "OUTPUT")]
    output: Option<PathBuf>,

    /// Output format [default: from -o's extension, else markdown].
    #[arg(short = 't', long, value_enum)]
    to: Option<ToFormat>,

    /// Input kind.
    #[arg(short = 'f', long, value_enum, default_value = "auto")]
    from: FromKind,

    /// Metadata the export lacks, as KEY=VALUE (repeatable): title, subtitle, author, date
    /// (YYYY-MM-DD), journal, volume, issue, series, abstract, keywords (comma-separated),
    /// self_uri, doi, issn, language, bio, affiliation. Overrides a sidecar NAME.meta.json /
    /// NAME.meta.yaml
    /// next to the input. With several inputs, applies to the book.
    #[arg(short = 'M', long = "meta", visible_alias = "metadata", value_name = "KEY=VALUE", value_parser = parse_meta)]
    meta: Vec<(String, String)>,

    /// Print what each pass removed, joined, kept or attached (with source lines) to stderr.
    #[arg(long)]
    report: bool,

    /// Do not print warnings (what the output lacks or had to drop) on stderr.
    #[arg(short, long)]
    quiet: bool,

    /// Keep pull quotes (display text that repeats the body); left out by default.
    #[arg(long)]
    keep_pull_quotes: bool,

    /// Password for an encrypted PDF (the empty password is always tried first).
    #[arg(long, value_name = "PASSWORD")]
    password: Option<String>,

    /// Do not read a sidecar NAME.meta.json / NAME.meta.yaml next to the input.
    #[arg(long)]
    no_sidecar: bool,

    /// The journal's conventions, as a TOML file (furniture words, back-matter headings,
    /// acknowledgement mark and rule, issue line, self-URI pattern, bio cue, language); fields
    /// left out keep the Global-e defaults. See src/profile.rs.
    #[arg(long, value_name = "FILE.toml")]
    profile: Option<PathBuf>,

    #[command(flatten)]
    limits: LimitArgs,
}

/// Resource limits: an input that exceeds one is refused with a one-line message naming the
/// limit, never allowed to exhaust the machine. Sizes take a K, M or G suffix (binary).
#[derive(Args, Debug)]
#[command(next_help_heading = "Limits")]
struct LimitArgs {
    /// Largest input file read.
    #[arg(long, value_name = "BYTES", value_parser = parse_size,
          default_value_t = Limits::default().max_input_bytes)]
    max_input_bytes: u64,

    /// Most pages read from a PDF.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_pages)]
    max_pages: u32,

    /// Most bytes one PDF stream may decompress to (decompression bombs stop here).
    #[arg(long, value_name = "BYTES", value_parser = parse_size,
          default_value_t = Limits::default().max_stream_bytes)]
    max_stream_bytes: u64,

    /// Most bytes all of a PDF's streams may decompress to together.
    #[arg(long, value_name = "BYTES", value_parser = parse_size,
          default_value_t = Limits::default().max_document_bytes)]
    max_document_bytes: u64,

    /// Most content-stream operators interpreted per PDF.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_operators)]
    max_operators: u64,

    /// Deepest nesting of form XObjects, Type 3 glyphs and saved graphics states.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_depth)]
    max_depth: u32,

    /// Most tokens in a PDF's objects (outside content streams), counted before they are
    /// parsed: a small file that would expand into a huge object graph stops here.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_object_tokens)]
    max_object_tokens: u64,

    /// Most seconds spent reading one PDF's pages (0: no limit); checked between operators
    /// and pages, so a run over an archive moves on past a pathological file.
    #[arg(long, value_name = "SECS", default_value_t = Limits::default().max_seconds)]
    timeout: u64,
}

impl LimitArgs {
    fn limits(&self) -> Limits {
        Limits {
            max_input_bytes: self.max_input_bytes,
            max_pages: self.max_pages,
            max_stream_bytes: self.max_stream_bytes,
            max_document_bytes: self.max_document_bytes,
            max_operators: self.max_operators,
            max_depth: self.max_depth,
            max_object_tokens: self.max_object_tokens,
            max_seconds: self.timeout,
        }
    }
}

/// `123`, `64K`, `64M`, `1G` (binary multiples).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (digits, shift) = match t.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('K') => (&t[..t.len() - 1], 10),
        Some('M') => (&t[..t.len() - 1], 20),
        Some('G') => (&t[..t.len() - 1], 30),
        _ => (t, 0),
    };
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a size (BYTES, or a number with K, M or G)"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("`{s}` is too large"))
}

#[derive(Args, Debug)]
struct BatchArgs {
    /// Folders to convert (walked recursively in name order; hidden entries and symlinks that
    /// lead out of the folder are not followed) or single export files. `2960.pdf` and
    /// `2960.txt` in one folder are one article: converted from the PDF, or from the text
    /// export when the PDF cannot be read.
    #[arg(value_name = "INPUT", required_unless_present = "files_from")]
    inputs: Vec<PathBuf>,

    /// Output folder. Outputs mirror the input tree with the extension swapped
    /// (IN/2020/v13/i22/2960.pdf -> OUT/2020/v13/i22/2960.xml, .md, .epub, .json); a manifest
    /// OUT/.offprint-manifest*.jsonl lets a later run skip what is up to date.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,

    /// Output formats, comma-separated.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "jats,markdown"
    )]
    to: Vec<ToFormat>,

    /// Read the files to convert from LIST, one path a line (`-`: stdin). Paths are relative to
    /// the INPUT folder when one is given (it is then not walked), else to the current folder.
    #[arg(long, value_name = "LIST")]
    files_from: Option<PathBuf>,

    /// Parallel conversions [default: number of cores].
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,

    /// Convert only shard K of N (1-based): the articles whose SHA-256 of their relative path
    /// falls in it. N machines running 1/N ... N/N cover the archive exactly once.
    #[arg(long, value_name = "K/N")]
    shard: Option<offprint::batch::Shard>,

    /// Convert every article again, even those whose outputs are up to date.
    #[arg(long)]
    force: bool,

    /// Write one JSON object per article to FILE (inputs, outputs, status, reason, warnings,
    /// pages, milliseconds).
    #[arg(long, value_name = "FILE.jsonl")]
    report: Option<PathBuf>,

    /// Per-article metadata: a CSV file with a header row `path,title,date,volume,...` (path
    /// relative to the INPUT folder, with or without the export's extension; other columns:
    /// any --meta key; `author` may hold several names separated by `;`).
    #[arg(long, value_name = "FILE")]
    meta_csv: Option<PathBuf>,

    /// Metadata for every article, as KEY=VALUE (repeatable); overrides --meta-csv.
    #[arg(long = "meta", value_name = "KEY=VALUE", value_parser = parse_meta)]
    meta: Vec<(String, String)>,

    /// No progress display and no summary line (failures are still listed).
    #[arg(long, short)]
    quiet: bool,

    /// Keep pull quotes (display text that repeats the body); left out by default.
    #[arg(long)]
    keep_pull_quotes: bool,

    /// Password for encrypted PDFs (the empty password is always tried first).
    #[arg(long, value_name = "PASSWORD")]
    password: Option<String>,

    /// Do not read sidecars NAME.meta.json / NAME.meta.yaml next to the inputs.
    #[arg(long)]
    no_sidecar: bool,

    /// The journal's conventions, as a TOML file (furniture words, back-matter headings,
    /// acknowledgement mark and rule, issue line, self-URI pattern, bio cue, language); fields
    /// left out keep the Global-e defaults. See src/profile.rs.
    #[arg(long, value_name = "FILE.toml")]
    profile: Option<PathBuf>,

    #[command(flatten)]
    limits: LimitArgs,
}

fn parse_meta(s: &str) -> Result<(String, String), String> {
    let (k, v) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` is not KEY=VALUE"))?;
    let key = k.trim().to_ascii_lowercase().replace('-', "_");
    if !offprint::meta::KEYS.contains(&key.as_str()) {
        return Err(format!(
            "unknown key `{k}` (known: {})",
            offprint::meta::KEYS.join(", ")
        ));
    }
    offprint::meta::validate(&key, v)?;
    Ok((key, v.to_string()))
}

/// Runs the CLI and returns the process exit code. A panic anywhere becomes one line on
/// stderr and exit code 1, never a backtrace.
pub fn main() -> i32 {
    let cli = match Cli::try_parse_from(with_default_command(std::env::args_os().collect())) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(|| run(cli));
    match result {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            eprintln!("offprint: {}", one_line(&e));
            1
        }
        Err(panic) => {
            eprintln!(
                "offprint: internal error (a bug, please report it): {}",
                panic_message(&*panic)
            );
            1
        }
    }
}

fn one_line(e: &anyhow::Error) -> String {
    // Library errors already name their cause; add a cause only when it says something new.
    let mut line = String::new();
    for cause in e.chain() {
        let c = cause.to_string();
        if !line.contains(&c) {
            if !line.is_empty() {
                line.push_str(": ");
            }
            line.push_str(&c);
        }
    }
    offprint::report::printable(&line).into_owned()
}

fn run(cli: Cli) -> anyhow::Result<i32> {
    if cli.list_input_formats || cli.list_output_formats {
        let list: &[&str] = if cli.list_input_formats {
            &["pdf", "text"]
        } else {
            &["markdown", "jats", "epub", "json"]
        };
        for f in list {
            println!("{f}");
        }
        return Ok(0);
    }
    match cli.command {
        Some(Command::Convert(args)) => convert(args),
        Some(Command::Batch(args)) => batch(args),
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "offprint", &mut std::io::stdout());
            Ok(0)
        }
        Some(Command::Man) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?;
            Ok(0)
        }
        None => {
            eprintln!("offprint: give an INPUT to convert, or a command (offprint --help)");
            Ok(2)
        }
    }
}

/// A usage error: one line on stderr, exit code 2.
fn usage(msg: impl std::fmt::Display) -> anyhow::Result<i32> {
    eprintln!("offprint: {msg}");
    Ok(2)
}

impl ToFormat {
    fn format(self) -> Format {
        match self {
            ToFormat::Markdown => Format::Markdown,
            ToFormat::Jats => Format::Jats,
            ToFormat::Epub => Format::Epub,
            ToFormat::Json => Format::Json,
        }
    }
}

/// The journal profile from `--profile`, or Global-e's.
fn load_profile(path: Option<&Path>) -> anyhow::Result<offprint::Profile> {
    Ok(match path {
        Some(p) => offprint::Profile::load(p)?,
        None => offprint::Profile::default(),
    })
}

fn convert(args: ConvertArgs) -> anyhow::Result<i32> {
    let format = match (args.to, &args.output) {
        (Some(t), _) => t.format(),
        (None, Some(o)) if o != Path::new("-") => {
            let ext = o.extension().and_then(|e| e.to_str()).unwrap_or("");
            match Format::from_extension(ext) {
                Some(f) => f,
                None => {
                    return usage(format_args!(
                        "{}: cannot tell the format from the extension; give --to (offprint --list-output-formats)",
                        o.display()
                    ))
                }
            }
        }
        (None, _) => Format::Markdown,
    };
    let several = args.inputs.len() > 1;
    if several && format != Format::Epub {
        return usage("several inputs make one EPUB: use -o ISSUE.epub or --to epub");
    }
    let profile = load_profile(args.profile.as_deref())?;
    let opts = Options {
        profile,
        from: match args.from {
            FromKind::Auto => None,
            FromKind::Text => Some(InputKind::Text),
            FromKind::Pdf => Some(InputKind::Pdf),
        },
        password: args.password.clone(),
        // With several inputs, --meta is the book's, not each article's.
        meta: if several {
            Vec::new()
        } else {
            args.meta.clone()
        },
        no_sidecar: args.no_sidecar,
        passes: Default::default(),
        write: WriteOptions {
            keep_pull_quotes: args.keep_pull_quotes,
        },
        limits: args.limits.limits(),
    };
    let mut articles = Vec::new();
    for input in &args.inputs {
        // As in batch, a `.pdf` is read as a PDF: damaged, it fails as one, not as text.
        let opts = Options {
            from: opts.from.or(offprint::read::kind_from_name(input)),
            ..opts.clone()
        };
        let article = guarded(input, || {
            test_hook(input);
            offprint::load(input, &opts)
        })?;
        articles.push(article);
    }
    let mut report = offprint::Report::default();
    let bytes = if several {
        let mut book = offprint::model::Metadata::default();
        offprint::meta::apply_all(&mut book, &args.meta, Path::new("--meta"), &mut report)?;
        epub_book(&articles, &book, &opts.write, &mut report)?
    } else {
        let a = &mut articles[0];
        guarded(&args.inputs[0], || {
            offprint::render(&a.document, format, &opts.write, &mut a.report)
        })?
    };
    let out = args.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    if format == Format::Epub
        && out == Path::new("-")
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        bail!("will not write an EPUB (binary) to a terminal: use -o FILE.epub");
    }
    offprint::output::write_atomic(&out, &bytes).context("writing output")?;
    if args.report {
        for (input, a) in args.inputs.iter().zip(&articles) {
            eprintln!("== {} ({} pages)", input.display(), a.pages);
            eprint!("{}", a.report);
        }
        eprint!("{report}");
    } else if !args.quiet {
        for (input, a) in args.inputs.iter().zip(&articles) {
            print_warnings(input, &a.report);
        }
        print_warnings(&out, &report);
    }
    Ok(0)
}

/// What a conversion lacks or had to drop, one line each: `offprint: FILE: warning: ...`
/// (`--report` prints them among the rest; `-q` silences them).
fn print_warnings(file: &Path, report: &offprint::Report) {
    for w in report.warnings() {
        let w: String = w
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        eprintln!("offprint: {}: warning: {w}", file.display());
    }
}

/// Runs one article's work, turning a panic (a bug) into an error that names the file, so
/// the user sees one line, not a backtrace.
fn guarded<T>(file: &Path, work: impl FnOnce() -> offprint::Result<T>) -> anyhow::Result<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
        Ok(r) => Ok(r?),
        Err(panic) => bail!(
            "{}: internal error (a bug, please report it): {}",
            file.display(),
            panic_message(&*panic)
        ),
    }
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".into())
}

/// Fault injection for the tests, in debug builds only: `OFFPRINT_TEST_PANIC=NAME` panics
/// while converting an input whose path contains NAME.
fn test_hook(input: &Path) {
    if cfg!(debug_assertions) {
        if let Some(name) = std::env::var_os("OFFPRINT_TEST_PANIC") {
            if !name.is_empty()
                && input
                    .as_os_str()
                    .to_string_lossy()
                    .contains(&*name.to_string_lossy())
            {
                panic!("test hook: panic converting {}", input.display());
            }
        }
    }
}

#[cfg(feature = "epub")]
fn epub_book(
    articles: &[offprint::Article],
    book: &offprint::model::Metadata,
    opts: &WriteOptions,
    report: &mut offprint::Report,
) -> anyhow::Result<Vec<u8>> {
    let docs: Vec<offprint::Document> = articles.iter().map(|a| a.document.clone()).collect();
    Ok(offprint::write::epub::write_book(
        &docs,
        Some(book),
        opts,
        report,
    )?)
}

#[cfg(not(feature = "epub"))]
fn epub_book(
    _: &[offprint::Article],
    _: &offprint::model::Metadata,
    _: &WriteOptions,
    _: &mut offprint::Report,
) -> anyhow::Result<Vec<u8>> {
    bail!("this build of offprint has no EPUB writer (feature `epub`)")
}

/// `offprint batch`: checks the arguments (usage errors exit 2), installs the Ctrl-C/SIGTERM
/// handler, runs the batch and prints the summary.
fn batch(args: BatchArgs) -> anyhow::Result<i32> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let usage = |msg: String| {
        eprintln!("offprint batch: {msg}");
        Ok(2)
    };
    if let Some(p) = args.inputs.iter().find(|p| !p.exists()) {
        return usage(format!("{}: no such file or folder", p.display()));
    }
    if args.files_from.is_some() && args.inputs.iter().filter(|p| p.is_dir()).count() > 1 {
        return usage("with --files-from, give at most one INPUT folder (the list's root)".into());
    }
    if args.jobs == Some(0) {
        return usage("--jobs must be at least 1".into());
    }
    let meta_csv = match &args.meta_csv {
        Some(p) => match offprint::batch::MetaTable::read(p) {
            Ok(t) => t,
            Err(e) => return usage(e.to_string()),
        },
        None => Default::default(),
    };
    let mut formats: Vec<Format> = Vec::new();
    for f in args.to.iter().map(|t| t.format()) {
        if !formats.contains(&f) {
            formats.push(f);
        }
    }
    let cfg = offprint::batch::Config {
        inputs: args.inputs,
        files_from: args.files_from,
        out: args.out,
        formats,
        jobs: args.jobs.unwrap_or(0),
        shard: args.shard,
        force: args.force,
        report: args.report,
        meta_csv,
        options: Options {
            profile: load_profile(args.profile.as_deref())?,
            password: args.password,
            meta: args.meta,
            no_sidecar: args.no_sidecar,
            write: WriteOptions {
                keep_pull_quotes: args.keep_pull_quotes,
            },
            limits: args.limits.limits(),
            ..Options::default()
        },
        progress: offprint::batch::Mode::detect(args.quiet),
    };
    // First signal: stop taking new articles, let those in progress finish (no temporary
    // file is left) and print the summary. Second: quit at once; the next run removes any
    // temporary file left.
    static STOP: AtomicBool = AtomicBool::new(false);
    let quiet = args.quiet;
    ctrlc::set_handler(move || {
        if STOP.swap(true, Ordering::SeqCst) {
            offprint::batch::remove_temps_in_flight();
            std::process::exit(130);
        }
        if !quiet {
            eprintln!(
                "offprint batch: stopping after the articles in progress (again to quit now)"
            );
        }
    })
    .context("installing the Ctrl-C handler")?;
    let summary = offprint::batch::run(&cfg, &STOP)?;
    print_summary(&summary, quiet);
    Ok(summary.exit_code())
}

fn print_summary(s: &offprint::batch::Summary, quiet: bool) {
    for f in &s.failures {
        eprintln!("failed: {}", offprint::report::printable(f));
    }
    if s.failed > s.failures.len() as u64 {
        eprintln!(
            "failed: ... and {} more (see --report)",
            s.failed - s.failures.len() as u64
        );
    }
    if quiet {
        return;
    }
    let secs = s.elapsed.as_secs_f64().max(1e-3);
    eprintln!(
        "offprint batch: {} converted, {} skipped, {} failed in {:.1} s ({:.1} articles/s, {:.1} pages/s){}{}",
        s.converted,
        s.skipped,
        s.failed,
        secs,
        s.converted as f64 / secs,
        s.pages as f64 / secs,
        if s.fell_back > 0 { format!("; {} from the text export because their PDF failed", s.fell_back) } else { String::new() },
        if s.interrupted { "; interrupted: run again to resume" } else { "" },
    );
}
