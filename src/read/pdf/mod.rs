//! PDF reader: lopdf for objects, our own content-stream interpreter for positioned glyphs,
//! then layout into lines. Reference: ISO 32000-1 (PDF 1.7).

use crate::read::Export;
use crate::Limits;
use std::path::Path;

/// Reads a PDF from bytes. `file` names the input in errors.
pub fn read(
    bytes: &[u8],
    file: &Path,
    password: Option<&str>,
    limits: &Limits,
) -> crate::Result<Export> {
    let _ = (bytes, password, limits);
    Err(crate::Error::Pdf {
        file: file.to_path_buf(),
        reason: "the PDF reader is not built yet".into(),
    })
}
