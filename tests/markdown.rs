mod common;
use common::*;
use offprint::write::{markdown, WriteOptions};
use offprint::Report;

#[test]
fn scratch() {
    let doc = sample_document();
    let mut r = Report::default();
    let md = markdown::write(&doc, &WriteOptions::default(), &mut r);
    std::fs::write("/tmp/fixture.md", &md).unwrap();
    let got = markdown::parse_structure(&md);
    let want = markdown::model_structure(&doc, &WriteOptions::default());
    assert_eq!(got, want);
}
