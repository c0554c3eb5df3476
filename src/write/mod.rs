//! Writers: each turns a [`Document`] into one output format. Writers never read input
//! files and never clean; what a format cannot express is recorded in the [`Report`].

#[cfg(feature = "epub")]
pub mod epub;
pub mod jats;
pub mod markdown;

use crate::model::Document;
use crate::report::Report;
use serde::{Deserialize, Serialize};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// CommonMark with footnotes and a YAML metadata block (as pandoc reads it).
    Markdown,
    /// JATS 1.3 Journal Publishing XML.
    Jats,
    /// EPUB 3.3.
    Epub,
    /// The model as JSON.
    Json,
}

impl Format {
    /// The usual file extension (`md`, `xml`, `epub`, `json`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Jats => "xml",
            Format::Epub => "epub",
            Format::Json => "json",
        }
    }

    /// The format for a file extension, if any.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "xml" | "jats" | "nxml" => Some(Format::Jats),
            "epub" => Some(Format::Epub),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// The format for a name as given on the command line (`markdown`, `md`, `jats`, ...).
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "markdown" | "md" | "commonmark" => Some(Format::Markdown),
            "jats" | "xml" | "nxml" => Some(Format::Jats),
            "epub" | "epub3" => Some(Format::Epub),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// Choices that change what writers emit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WriteOptions {
    /// Keep pull quotes (display text repeating the body); left out by default.
    pub keep_pull_quotes: bool,
}

/// Writes one document in `format`.
pub fn write(
    doc: &Document,
    format: Format,
    opts: &WriteOptions,
    report: &mut Report,
) -> crate::Result<Vec<u8>> {
    // The link and character policies hold for every writer, whoever built the document
    // (the EPUB writer applies them itself, per article of a book).
    let policed;
    let doc = if format == Format::Epub {
        doc
    } else {
        let mut d = doc.clone();
        crate::uri::apply(&mut d, report);
        crate::chars::apply(&mut d, report);
        policed = d;
        &policed
    };
    match format {
        Format::Markdown => Ok(markdown::write(doc, opts, report).into_bytes()),
        Format::Jats => Ok(jats::write(doc, opts, report).into_bytes()),
        Format::Json => {
            let mut v = serde_json::to_vec_pretty(doc).expect("the model always serialises");
            v.push(b'\n');
            Ok(v)
        }
        #[cfg(feature = "epub")]
        Format::Epub => epub::write_book(std::slice::from_ref(doc), None, opts, report),
        #[cfg(not(feature = "epub"))]
        Format::Epub => Err(crate::Error::Write {
            file: "-".into(),
            reason: "this build of offprint has no EPUB writer (feature `epub`)".into(),
        }),
    }
}
