//! The checked-in JSON Schema (docs/document.schema.json) is the one the types generate, and
//! the JSON form of a converted sample validates against it (Python's `jsonschema`).
#![cfg(feature = "schema")]

use std::path::Path;
use std::process::Command;

const SCHEMA: &str = "docs/document.schema.json";

#[test]
fn checked_in_schema_matches_the_types() {
    let generated = offprint::model::json_schema();
    if std::env::var_os("OFFPRINT_BLESS").is_some() {
        std::fs::write(SCHEMA, &generated).unwrap();
    }
    let on_disk = std::fs::read_to_string(SCHEMA).unwrap_or_default();
    assert!(
        on_disk == generated,
        "{SCHEMA} is stale: regenerate it with `OFFPRINT_BLESS=1 cargo test --test schema`"
    );
}

#[test]
fn sample_json_validates_against_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("doc.json");
    let bytes = offprint::convert(
        Path::new("samples/global-e-2960.txt"),
        offprint::Format::Json,
        &offprint::Options::default(),
    )
    .unwrap();
    std::fs::write(&json, bytes).unwrap();
    let script = "import json,sys,jsonschema\n\
                  s=json.load(open(sys.argv[1])); d=json.load(open(sys.argv[2]))\n\
                  jsonschema.validate(d, s, format_checker=None)\n";
    let out = Command::new("python3")
        .args(["-c", script, SCHEMA])
        .arg(&json)
        .output()
        .expect("python3 is needed for this test");
    assert!(
        out.status.success(),
        "JSON does not validate (pip install jsonschema if it is missing): {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
