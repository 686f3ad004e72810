//! esbuild (npm, pinned by package-lock.json) for the glue, the stylesheet and the page's
//! inline script; Trunk and wasm-bindgen leave them as written.

use std::path::Path;
use std::process::Command;

use crate::error::Cause;

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// The glue: an ES module.
    Module,
    /// A classic inline script.
    Script,
    Css,
}

pub fn minify(root: &Path, kind: Kind, source: &str) -> Result<String, Cause> {
    let program = crate::tools::node_tool(root, "esbuild");
    let mut command = Command::new(&program);
    command.arg("--minify").args(match kind {
        Kind::Module => &["--loader=js", "--format=esm", "--target=es2022"][..],
        Kind::Script => &["--loader=js"][..],
        Kind::Css => &["--loader=css"][..],
    });
    let out = crate::tools::filter(&mut command, "esbuild", source.as_bytes())?;
    String::from_utf8(out).map_err(|_| Cause::Shape("esbuild wrote something that is not UTF-8".into()))
}
