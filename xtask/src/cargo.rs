//! The one cargo build of the release module, with release.toml's flags for the chosen
//! toolchain.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::compiler::Toolchain;
use crate::error::Cause;
use crate::flags::Flags;

pub const TARGET: &str = "wasm32-unknown-unknown";
/// The app's binary (index.html's `data-bin`).
pub const BIN: &str = "user-admin";

/// The environment cargo is given: (name, Some(value)) to set, (name, None) to remove.
/// Target rustflags from the environment add to .cargo/config.toml's; `RUSTFLAGS` would
/// replace them, so it is removed.
pub fn environment(
    root: &Path,
    flags: &Flags,
    toolchain: Toolchain,
) -> Vec<(&'static str, Option<String>)> {
    let mut rustflags = Vec::new();
    let mut env = vec![("RUSTFLAGS", None), ("CARGO_ENCODED_RUSTFLAGS", None)];
    match toolchain {
        Toolchain::Size => {
            let size = &flags.size_compiler;
            rustflags.extend(size.rustflags.iter().cloned());
            env.extend([
                ("RUSTC", Some(size.rustc.clone())),
                // The size flags are unstable; rustc-web is a stable compiler.
                ("RUSTC_BOOTSTRAP", Some("1".to_string())),
                ("CARGO_UNSTABLE_BUILD_STD", Some(size.build_std.join(","))),
                (
                    "CARGO_UNSTABLE_BUILD_STD_FEATURES",
                    Some(size.build_std_features.join(",")),
                ),
                // Another compiler and another std: a target directory of their own, so
                // neither toolchain invalidates the other's build.
                (
                    "CARGO_TARGET_DIR",
                    Some(root.join("target/size").display().to_string()),
                ),
            ]);
        }
        Toolchain::Stable => env.extend([
            ("RUSTC", None),
            ("RUSTC_BOOTSTRAP", None),
            ("CARGO_UNSTABLE_BUILD_STD", None),
            ("CARGO_UNSTABLE_BUILD_STD_FEATURES", None),
            (
                "CARGO_TARGET_DIR",
                Some(root.join("target").display().to_string()),
            ),
        ]),
    }
    rustflags.extend(flags.split.rustflags.iter().cloned());
    env.push((
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
        Some(rustflags.join(" ")),
    ));
    env
}

/// Compiles the module; returns cargo's `.wasm`.
pub fn compile(root: &Path, flags: &Flags, toolchain: Toolchain) -> Result<PathBuf, Cause> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = Command::new(&cargo);
    command.current_dir(root).args([
        "build",
        "--release",
        "--offline",
        "--target",
        TARGET,
        "-p",
        BIN,
        "--bin",
        BIN,
    ]);
    let mut target_dir = root.join("target");
    for (name, value) in environment(root, flags, toolchain) {
        match value {
            Some(v) => {
                if name == "CARGO_TARGET_DIR" {
                    target_dir = PathBuf::from(&v);
                }
                command.env(name, v);
            }
            None => {
                command.env_remove(name);
            }
        }
    }
    crate::tools::run(&mut command, &cargo)?;
    Ok(target_dir
        .join(TARGET)
        .join("release")
        .join(format!("{BIN}.wasm")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value<'a>(env: &'a [(&str, Option<String>)], name: &str) -> Option<&'a str> {
        env.iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| v.as_deref())
    }

    #[test]
    fn each_toolchain_gets_the_lists_flags_and_only_the_size_one_rebuilds_std() {
        let root = crate::fixture::root();
        let flags = Flags::load(&root).expect("the project's own release.toml");
        let size = environment(&root, &flags, Toolchain::Size);
        let stable = environment(&root, &flags, Toolchain::Stable);
        let size_flags =
            value(&size, "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS").unwrap_or_default();
        let stable_flags =
            value(&stable, "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS").unwrap_or_default();
        assert_eq!(
            size_flags,
            [
                flags.size_compiler.rustflags.join(" "),
                flags.split.rustflags.join(" ")
            ]
            .join(" ")
        );
        assert_eq!(stable_flags, flags.split.rustflags.join(" "));
        assert_eq!(
            value(&size, "CARGO_UNSTABLE_BUILD_STD"),
            Some("std,panic_abort")
        );
        assert_eq!(value(&stable, "CARGO_UNSTABLE_BUILD_STD"), None);
        assert_eq!(
            value(&size, "RUSTC"),
            Some(flags.size_compiler.rustc.as_str())
        );
        assert_eq!(value(&stable, "RUSTFLAGS"), None);
    }
}
