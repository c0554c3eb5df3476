//! The `offprint` command: parses arguments, calls the library, maps errors to one line on
//! stderr and an exit code (0 done, 1 an input could not be converted, 2 usage error).

mod cli;

// Many small allocations (glyph runs, words, lines): mimalloc is measurably faster than the
// system allocator here (benches/pdf-vs-pdftotext.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::main());
}
