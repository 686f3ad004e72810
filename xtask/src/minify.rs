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
    String::from_utf8(out)
        .map_err(|_| Cause::Shape("esbuild wrote something that is not UTF-8".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_minified_by_esbuild() {
        let root = crate::fixture::root();
        let css = minify(&root, Kind::Css, "a {\n  color: red;\n}\n").expect("esbuild runs");
        assert_eq!(css.trim(), "a{color:red}");
        let module = minify(
            &root,
            Kind::Module,
            "export function start() {\n  return 1 + 1;\n}\n",
        )
        .expect("esbuild runs");
        assert_eq!(module.trim(), "function t(){return 2}export{t as start};");
        let script = minify(
            &root,
            Kind::Script,
            "(function () {\n  var long_name = 1;\n  f(long_name);\n})();",
        )
        .expect("esbuild runs");
        assert!(!script.contains("long_name"), "{script}");
        assert!(matches!(
            minify(&root, Kind::Module, "export {"),
            Err(Cause::Tool { .. })
        ));
    }
}
