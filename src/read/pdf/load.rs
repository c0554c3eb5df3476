//! Loads a PDF's object layer with lopdf from bytes: bounded decompression, the empty user
//! password first and then the given one (ISO 32000-1 §7.6), and lopdf panics contained.

use crate::{Error, Limits};
use lopdf::{Document, LoadOptions};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// Loads and decrypts a document, or says clearly why not.
pub fn load(
    bytes: &[u8],
    file: &Path,
    password: Option<&str>,
    limits: &Limits,
) -> crate::Result<Document> {
    super::prescan::check(bytes, file, limits)?;
    let doc = parse(bytes, file, None, limits)?;
    if !needs_password(&doc) {
        return Ok(doc);
    }
    // lopdf does not always try the empty user password by itself.
    if let Ok(doc) = parse(bytes, file, Some(""), limits) {
        if !needs_password(&doc) && doc.page_iter().next().is_some() {
            return Ok(doc);
        }
    }
    // lopdf decrypts with the empty user password on load; a document still marked encrypted
    // (it then reads as zero pages) needs the user's password.
    let Some(pw) = password else {
        return Err(Error::Encrypted {
            file: file.to_path_buf(),
            reason: "a password is needed (give it with --password)".into(),
        });
    };
    let wrong = || Error::Encrypted {
        file: file.to_path_buf(),
        reason: "the password is wrong".into(),
    };
    let doc = parse(bytes, file, Some(pw), limits).map_err(|e| match e {
        Error::Limit { .. } => e,
        _ => wrong(),
    })?;
    if needs_password(&doc) || doc.page_iter().next().is_none() {
        return Err(wrong());
    }
    Ok(doc)
}

/// lopdf leaves an encrypted document it could not decrypt without objects (no error):
/// the trailer names `/Encrypt` but no decryption was set up.
fn needs_password(doc: &Document) -> bool {
    doc.trailer.has(b"Encrypt") && !doc.was_encrypted()
}

fn parse(
    bytes: &[u8],
    file: &Path,
    password: Option<&str>,
    limits: &Limits,
) -> crate::Result<Document> {
    let max = usize::try_from(limits.max_stream_bytes).unwrap_or(usize::MAX);
    let options = LoadOptions {
        password: password.map(str::to_owned),
        max_decompressed_size: Some(max),
        ..LoadOptions::default()
    };
    let pdf_err = |reason: String| Error::Pdf {
        file: file.to_path_buf(),
        reason,
    };
    match catch_unwind(AssertUnwindSafe(|| {
        Document::load_mem_with_options(bytes, options)
    })) {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
            ..
        }))) => Err(Error::Limit {
            file: file.to_path_buf(),
            limit: "stream bytes",
            max: limits.max_stream_bytes,
        }),
        Ok(Err(e)) => {
            let msg = e.to_string();
            Err(pdf_err(if msg.trim().is_empty() {
                format!("{e:?}")
            } else {
                msg
            }))
        }
        Err(_) => Err(pdf_err("the PDF parser failed on malformed input".into())),
    }
}
