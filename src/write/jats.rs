//! JATS writer: JATS 1.3 Journal Publishing XML. Reference:
//! https://jats.nlm.nih.gov/publishing/tag-library/1.3/

use crate::model::Document;
use crate::report::Report;
use crate::write::WriteOptions;

/// Writes the document as JATS XML.
pub fn write(doc: &Document, _opts: &WriteOptions, _report: &mut Report) -> String {
    let _ = doc;
    String::new()
}
