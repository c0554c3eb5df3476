//! Typed errors of the library. Each names the file and the reason, so the CLI can print one
//! line (`offprint: FILE: REASON`) and a batch can report it.

use std::path::PathBuf;

/// Everything that can go wrong reading, cleaning or writing an article.
///
/// ```
/// let err = offprint::load("no/such/file.pdf".as_ref(), &Default::default()).unwrap_err();
/// assert!(matches!(err, offprint::Error::Io { .. }));
/// assert!(err.to_string().starts_with("no/such/file.pdf: "));
/// ```
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read or written.
    #[error("{file}: {source}")]
    Io {
        /// The file.
        file: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
    /// The PDF is damaged or uses something the reader cannot handle.
    #[error("{file}: unreadable PDF: {reason}")]
    Pdf {
        /// The file.
        file: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The PDF is encrypted and the password is missing or wrong.
    #[error("{file}: encrypted PDF: {reason}")]
    Encrypted {
        /// The file.
        file: PathBuf,
        /// Missing or wrong password.
        reason: String,
    },
    /// The input is not a text export (not UTF-8, or binary).
    #[error("{file}: not a text export: {reason}")]
    NotText {
        /// The file.
        file: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A configured limit was exceeded; the input was refused rather than risk the machine.
    #[error("{file}: refused: over the {limit} limit ({}; {})", limit_detail(limit, *max), limit_option(limit))]
    Limit {
        /// The file.
        file: PathBuf,
        /// Which limit (`pages`, `decompressed bytes`, `operators`, `nesting depth`...).
        limit: &'static str,
        /// The configured maximum.
        max: u64,
    },
    /// Metadata supplied by the user (`--meta`, sidecar) is malformed.
    #[error("{file}: bad metadata: {reason}")]
    Meta {
        /// The file the metadata came from (or the input it applies to).
        file: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A journal profile (`--profile`) is malformed.
    #[error("{file}: bad profile: {reason}")]
    Profile {
        /// The profile file.
        file: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A writer could not express the document in the format.
    #[error("{file}: cannot write: {reason}")]
    Write {
        /// The output file.
        file: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

/// What exceeding a limit means, in words, for the one-line message.
fn limit_detail(limit: &str, max: u64) -> String {
    match limit {
        "pages" => format!("more than {max} pages"),
        "input bytes" => format!("the file is larger than {max} bytes"),
        "stream bytes" => format!("a stream decompresses to more than {max} bytes"),
        "document bytes" => format!("its streams decompress to more than {max} bytes in all"),
        "operators" => format!("more than {max} content-stream operators"),
        "nesting depth" => format!("objects nested more than {max} deep"),
        "time" => format!("reading took longer than {max} s"),
        "object tokens" => format!("its objects hold more than {max} tokens"),
        _ => format!("more than {max}"),
    }
}

/// The command-line option that sets a limit, named in the refusal so the user can raise it.
pub fn limit_option(limit: &str) -> &'static str {
    match limit {
        "pages" => "--max-pages raises it",
        "input bytes" => "--max-input-bytes raises it",
        "stream bytes" => "--max-stream-bytes raises it",
        "document bytes" => "--max-document-bytes raises it",
        "operators" => "--max-operators raises it",
        "nesting depth" => "--max-depth raises it",
        "time" => "--timeout raises it",
        "object tokens" => "--max-object-tokens raises it",
        _ => "see --help",
    }
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
