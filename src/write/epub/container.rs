//! The OCF container (EPUB 3.3 §4): a zip whose first entry is `mimetype`, stored, then
//! `META-INF/container.xml` naming the package document, then the publication's files. Entry
//! order, times and permissions are fixed so the same book is the same bytes.

use std::io::Write;

pub(super) const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">
<rootfiles>
<rootfile full-path="OEBPS/package.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
"#;

/// The OCF container (EPUB 3.3 §4.2): `mimetype` first, stored, without extra fields; then
/// every entry deflated, in a fixed order with a fixed time and permissions.
pub(super) fn zip_book(entries: &[(String, Vec<u8>)], modified: &str) -> crate::Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    use zip::CompressionMethod;
    let err = |e: &dyn std::fmt::Display| crate::Error::Write {
        file: "-".into(),
        reason: format!("EPUB container: {e}"),
    };
    let time = zip_time(modified);
    let base = SimpleFileOptions::default()
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    z.start_file(
        "mimetype",
        base.compression_method(CompressionMethod::Stored),
    )
    .map_err(|e| err(&e))?;
    z.write_all(b"application/epub+zip").map_err(|e| err(&e))?;
    let deflated = base
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9));
    for (name, bytes) in entries {
        z.start_file(name.as_str(), deflated).map_err(|e| err(&e))?;
        z.write_all(bytes).map_err(|e| err(&e))?;
    }
    let cursor = z.finish().map_err(|e| err(&e))?;
    Ok(cursor.into_inner())
}

/// The zip entries' time: the book's modification time when the DOS format can hold it.
fn zip_time(modified: &str) -> zip::DateTime {
    let num = |a: usize, b: usize| modified.get(a..b).and_then(|s| s.parse::<u16>().ok());
    match (
        num(0, 4),
        num(5, 7),
        num(8, 10),
        num(11, 13),
        num(14, 16),
        num(17, 19),
    ) {
        (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s)) => {
            zip::DateTime::from_date_and_time(y, mo as u8, d as u8, h as u8, mi as u8, s as u8)
                .unwrap_or(zip::DateTime::DEFAULT)
        }
        _ => zip::DateTime::DEFAULT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_time_follows_modified() {
        let t = zip_time("2020-04-10T12:30:08Z");
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour(), t.minute()),
            (2020, 4, 10, 12, 30)
        );
        assert_eq!(zip_time("1970-01-01T00:00:00Z"), zip::DateTime::DEFAULT);
    }
}
