//! The `offprint` command: parses arguments, calls the library, maps errors to one line on
//! stderr and an exit code (0 done, 1 an input could not be converted, 2 usage error).

mod cli;

fn main() {
    std::process::exit(cli::main());
}
