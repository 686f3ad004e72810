//! What can stop a release build, each failure named by the step it stopped.

use std::fmt;
use std::path::PathBuf;

/// The steps of a release build, in their order (README, "The release build").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Flags,
    Compiler,
    Cargo,
    Split,
    Bindgen,
    Glue,
    WasmOpt,
    Html,
    Minify,
    Compress,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Step::Flags => "reading the flags (release.toml)",
            Step::Compiler => "choosing the compiler",
            Step::Cargo => "compiling (cargo)",
            Step::Split => "splitting the module (wasm-split)",
            Step::Bindgen => "generating the bindings (wasm-bindgen)",
            Step::Glue => "linking the split loader into the glue",
            Step::WasmOpt => "optimising (wasm-opt)",
            Step::Html => "writing index.html",
            Step::Minify => "minifying (esbuild)",
            Step::Compress => "precompressing",
        })
    }
}

/// Why a step failed.
#[derive(Debug, thiserror::Error)]
pub enum Cause {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not start {program}: {source}")]
    Spawn {
        program: String,
        source: std::io::Error,
    },
    #[error("{program} failed ({status}){}", if .stderr.is_empty() { String::new() } else { format!(":\n{}", .stderr) })]
    Tool {
        program: String,
        status: std::process::ExitStatus,
        stderr: String,
    },
    /// A library step (wasm-split, wasm-bindgen, walrus) returned an error.
    #[error("{0}")]
    Library(String),
    /// A tool's output no longer has the shape this step edits: the tool was upgraded.
    #[error("{0}")]
    Shape(String),
    /// The build is refused as configured; the message says what to do.
    #[error("{0}")]
    Refused(String),
}

/// A failed release build: the step and its cause.
#[derive(Debug, thiserror::Error)]
#[error("{step}: {cause}")]
pub struct Failure {
    pub step: Step,
    pub cause: Cause,
}

/// Attaches the step to a cause (`result.map_err(at(Step::Split))`).
pub fn at<E: Into<Cause>>(step: Step) -> impl FnOnce(E) -> Failure {
    move |cause| Failure {
        step,
        cause: cause.into(),
    }
}

impl Cause {
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Cause {
        let path = path.into();
        move |source| Cause::Io { path, source }
    }
}
