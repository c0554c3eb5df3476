mod common;
use common::*;
use offprint::write::{jats, WriteOptions};
use offprint::Report;

#[test]
fn fixture_validates() {
    let mut r = Report::default();
    let xml = jats::write(&sample_document(), &WriteOptions::default(), &mut r);
    std::fs::write("/tmp/fixture.xml", &xml).unwrap();
    if let Err(e) = xmllint_validate(&xml) { panic!("{e}\n{xml}"); }
}
