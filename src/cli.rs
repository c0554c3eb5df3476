//! Command-line interface (binary only): argument definitions and their mapping onto the
//! library. `--help` is the manual.

use anyhow::{anyhow, bail, Context};
use clap::{Args, Parser, Subcommand, ValueEnum};
use offprint::{Format, InputKind, Options, WriteOptions};
use std::path::{Path, PathBuf};

/// Turn a journal's article exports (print PDF, plain-text export) into Markdown, JATS XML and
/// EPUB 3.
///
/// Examples:
///   offprint convert samples/global-e-2960.txt -o out.xml
///   offprint convert article.pdf --to markdown
///   offprint convert a.pdf b.txt c.pdf -o issue.epub --meta title="Volume 13, Issue 22"
#[derive(Parser, Debug)]
#[command(name = "offprint", version, about, long_about, verbatim_doc_comment)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Convert one article (or several into one EPUB) and write it to a file or stdout.
    Convert(ConvertArgs),
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum ToFormat {
    Markdown,
    Jats,
    Epub,
    Json,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum FromKind {
    /// Sniff from content (`%PDF-` means PDF, anything else a text export).
    Auto,
    Text,
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
    #[arg(long, value_enum)]
    to: Option<ToFormat>,

    /// Input kind.
    #[arg(long, value_enum, default_value = "auto")]
    from: FromKind,

    /// Metadata the export lacks, as KEY=VALUE (repeatable): title, subtitle, author, date
    /// (YYYY-MM-DD), journal, volume, issue, series, keywords (comma-separated), self_uri,
    /// doi, language, bio, affiliation. Overrides a sidecar NAME.meta.json / NAME.meta.yaml
    /// next to the input. With several inputs, applies to the book.
    #[arg(long = "meta", value_name = "KEY=VALUE", value_parser = parse_meta)]
    meta: Vec<(String, String)>,

    /// Print what each pass removed, joined, kept or attached (with source lines) to stderr.
    #[arg(long)]
    report: bool,

    /// Keep pull quotes (display text that repeats the body); left out by default.
    #[arg(long)]
    keep_pull_quotes: bool,

    /// Password for an encrypted PDF (the empty password is always tried first).
    #[arg(long, value_name = "PASSWORD")]
    password: Option<String>,

    /// Do not read a sidecar NAME.meta.json / NAME.meta.yaml next to the input.
    #[arg(long)]
    no_sidecar: bool,
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
    Ok((key, v.to_string()))
}

/// Runs the CLI and returns the process exit code. A panic anywhere becomes one line on
/// stderr and exit code 1, never a backtrace.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
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
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown cause".into());
            eprintln!("offprint: internal error (a bug, please report it): {msg}");
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
    line.replace('\n', " ")
}

fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Convert(args) => convert(args),
    }
}

fn convert(args: ConvertArgs) -> anyhow::Result<i32> {
    let format = match (args.to, &args.output) {
        (Some(t), _) => match t {
            ToFormat::Markdown => Format::Markdown,
            ToFormat::Jats => Format::Jats,
            ToFormat::Epub => Format::Epub,
            ToFormat::Json => Format::Json,
        },
        (None, Some(o)) if o != Path::new("-") => {
            let ext = o.extension().and_then(|e| e.to_str()).unwrap_or("");
            Format::from_extension(ext).ok_or_else(|| {
                anyhow!(
                    "{}: cannot tell the format from the extension; give --to",
                    o.display()
                )
            })?
        }
        (None, _) => Format::Markdown,
    };
    let several = args.inputs.len() > 1;
    if several && format != Format::Epub {
        bail!("several inputs make one EPUB: use -o ISSUE.epub or --to epub");
    }
    let opts = Options {
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
        write: WriteOptions {
            keep_pull_quotes: args.keep_pull_quotes,
        },
        ..Options::default()
    };
    let mut articles = Vec::new();
    for input in &args.inputs {
        let article = offprint::load(input, &opts)?;
        articles.push(article);
    }
    let mut report = offprint::Report::default();
    let bytes = if several {
        let mut book = offprint::model::Metadata::default();
        offprint::meta::apply_all(&mut book, &args.meta, Path::new("--meta"), &mut report)?;
        epub_book(&articles, &book, &opts.write, &mut report)?
    } else {
        let a = &mut articles[0];
        offprint::render(&a.document, format, &opts.write, &mut a.report)?
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
    }
    Ok(0)
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
