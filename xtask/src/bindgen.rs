//! wasm-bindgen, through its library: the JavaScript glue for the main module, and the
//! module without the exports nothing uses.

use crate::error::Cause;

/// Exports of `wasm-streams` (under Leptos' `server_fn`, on for every wasm build): three JS
/// classes nothing in the app uses, which no build setting drops. Without their exports,
/// wasm-opt drops the code only they reach, and the glue loses their classes
/// (`glue::link`): 1.5 KB brotli.
pub const UNUSED_CLASSES: &[&str] = &[
    "IntoUnderlyingByteSource",
    "IntoUnderlyingSink",
    "IntoUnderlyingSource",
];

pub struct Bound {
    pub glue: String,
    pub wasm: Vec<u8>,
    /// How many exports were dropped (said in the build's log).
    pub dropped: usize,
    /// Exports renamed in the module, (old, new), for the glue to follow.
    pub renamed: Vec<(String, String)>,
}

/// Binds the main module as `--target web`, keeping the linker's exports the split's
/// loader imports.
pub fn bind(main: Vec<u8>, stem: &str) -> Result<Bound, Cause> {
    let library = |e: anyhow::Error| Cause::Library(format!("{e:#}"));
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_bytes(stem, main)
        .out_name(stem)
        .typescript(false)
        .keep_lld_exports(true)
        // Who built the module with what: nothing the browser reads.
        .remove_producers_section(true);
    bindgen.web(true).map_err(library)?;
    let mut output = bindgen.generate_output().map_err(library)?;
    if output.snippets().values().any(|s| !s.is_empty()) || !output.local_modules().is_empty() {
        return Err(Cause::Shape(format!(
            "the module has JS snippets or local modules, which this build does not copy: {:?} {:?}",
            output.snippets(),
            output.local_modules().keys().collect::<Vec<_>>()
        )));
    }
    let module = output.wasm_mut();
    let unused: Vec<_> = module
        .exports
        .iter()
        .filter(|e| is_unused_class_export(&e.name))
        .map(|e| e.id())
        .collect();
    for id in &unused {
        module.exports.delete(*id);
    }
    let renamed = shorten_closure_shims(module);
    Ok(Bound {
        glue: output.js().to_string(),
        wasm: output.wasm_mut().emit_wasm(),
        dropped: unused.len(),
        renamed,
    })
}

/// wasm-bindgen's closure shims are exported under their mangled Rust paths
/// (`wasm_bindgen_<hash>___convert__closures_____invoke___<argument types>…`, up to 300
/// characters) and called by the glue as `wasm.<name>(`: in the module's exports and
/// again in the glue. Short names instead (`__wbg_c0`, …; the glue follows,
/// `glue::edit`): 1.3 KB of names.
fn shorten_closure_shims(module: &mut walrus::Module) -> Vec<(String, String)> {
    let taken: std::collections::HashSet<String> =
        module.exports.iter().map(|e| e.name.clone()).collect();
    let mut renamed = Vec::new();
    let mut next = 0;
    for export in module.exports.iter_mut() {
        if !(export.name.starts_with("wasm_bindgen_") && export.name.contains("_closures_")) {
            continue;
        }
        let short = loop {
            let candidate = format!("__wbg_c{next}");
            next += 1;
            if !taken.contains(&candidate) {
                break candidate;
            }
        };
        renamed.push((std::mem::replace(&mut export.name, short.clone()), short));
    }
    renamed
}

/// `intounderlyingsource_pull`, `__wbg_intounderlyingsink_free`, …
fn is_unused_class_export(name: &str) -> bool {
    let name = name.strip_prefix("__wbg_").unwrap_or(name);
    UNUSED_CLASSES
        .iter()
        .any(|class| name.starts_with(&format!("{}_", class.to_ascii_lowercase())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_unused_classes_exports_are_dropped() {
        assert!(is_unused_class_export("intounderlyingsource_pull"));
        assert!(is_unused_class_export(
            "__wbg_intounderlyingbytesource_free"
        ));
        assert!(!is_unused_class_export("intounderlying"));
        assert!(!is_unused_class_export("__wbindgen_start"));
        assert!(!is_unused_class_export("main"));
    }
}
