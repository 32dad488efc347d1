//! The azscan binary: parse the command line, run it, exit with its code.

use clap::Parser;

fn main() {
    let cli = azscan::cli::Cli::parse();
    std::process::exit(azscan::cli::run(cli));
}
