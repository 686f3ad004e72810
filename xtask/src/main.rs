//! The project's build tasks (`cargo xtask …`, an alias in .cargo/config.toml).
//!
//!   cargo xtask release [--dist DIR] [--source TREE]
//!       the release bundle (default dist/) of this project, or of another tree of the
//!       app (scripts/bench.sh's exported commits); with TRUNK_RELEASE_STABLE=1, built
//!       with rustup's stable toolchain
//!   cargo xtask split-rustflags        the split build's rustflags (scripts/test.sh's lint)

mod bindgen;
mod cargo;
mod compiler;
mod error;
#[cfg(test)]
mod fixture;
mod flags;
mod glue;
mod html;
mod minify;
mod publish;
mod release;
mod split;
mod tools;
mod wasm_opt;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str =
    "usage: cargo xtask release [--dist DIR] [--source TREE] | cargo xtask split-rustflags";

fn main() -> ExitCode {
    // This project's root: the folder above xtask/.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.parent().unwrap_or(manifest).to_path_buf();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["release", rest @ ..] => {
            let mut dist = root.join("dist");
            let mut source = root.clone();
            let mut rest = rest;
            loop {
                match rest {
                    [] => break,
                    ["--dist", dir, more @ ..] => (dist, rest) = (PathBuf::from(dir), more),
                    ["--source", tree, more @ ..] => (source, rest) = (PathBuf::from(tree), more),
                    _ => return usage(),
                }
            }
            let options = release::Options {
                root,
                source,
                dist,
                stable: std::env::var("TRUNK_RELEASE_STABLE").is_ok_and(|v| v == "1"),
            };
            match release::release(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(failure) => {
                    eprintln!("release: {failure}");
                    ExitCode::FAILURE
                }
            }
        }
        ["split-rustflags"] => match flags::Flags::load(&root) {
            Ok(flags) => {
                println!("{}", flags.split.rustflags.join(" "));
                ExitCode::SUCCESS
            }
            Err(cause) => {
                eprintln!("xtask: {cause}");
                ExitCode::FAILURE
            }
        },
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}
