//! Fuzz target: see `targets::read_pdf`.
#![no_main]
#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::read_pdf(data));
