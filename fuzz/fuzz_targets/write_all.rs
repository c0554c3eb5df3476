//! Fuzz target: see `targets::write_all` (the model is built by `arbitrary` from the bytes).
#![no_main]
#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|doc: offprint::Document| targets::write_all(&doc));
