//! The programs the build runs that have no Rust library here: cargo, binaryen's wasm-opt
//! and esbuild (both from node_modules, pinned by package-lock.json).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::Cause;

/// node_modules/.bin's copy (scripts/setup.sh), else whatever PATH has.
pub fn node_tool(root: &Path, name: &str) -> PathBuf {
    let local = root.join("node_modules/.bin").join(name);
    if local.exists() {
        local
    } else {
        PathBuf::from(name)
    }
}

/// Runs with the output shown as it comes (cargo's progress).
pub fn run(command: &mut Command, program: &str) -> Result<(), Cause> {
    let status = command.status().map_err(|source| Cause::Spawn {
        program: program.to_string(),
        source,
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(Cause::Tool {
            program: program.to_string(),
            status,
            stderr: String::new(),
        })
    }
}

/// Runs with `input` on stdin; returns stdout, or the failure with stderr.
pub fn filter(command: &mut Command, program: &str, input: &[u8]) -> Result<Vec<u8>, Cause> {
    let spawn = |source| Cause::Spawn {
        program: program.to_string(),
        source,
    };
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(spawn)?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input).map_err(spawn)?;
    }
    let output = child.wait_with_output().map_err(spawn)?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(Cause::Tool {
            program: program.to_string(),
            status: output.status,
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        })
    }
}
