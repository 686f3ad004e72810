//! wasm-split, through its library: each split point's code to a module of its own, and
//! the JavaScript that loads them.

use std::path::{Path, PathBuf};

use crate::error::Cause;

/// The split's output, in the work folder.
pub struct Split {
    /// The main module, for wasm-bindgen.
    pub main: Vec<u8>,
    /// Each part: its file name as the loader names it, and its bytes.
    pub parts: Vec<(String, Vec<u8>)>,
    /// The loader (`__wasm_split.js`), which imports `initSync` from `./{stem}.js`.
    pub loader: String,
}

/// The loader's file, and the module name the main module imports its functions from.
pub const LOADER: &str = "__wasm_split.js";
const LINK_NAME: &str = "./__wasm_split.js";

/// Splits `input`; `None` when it has no split point (an older commit: the module
/// stays whole).
pub fn split(input: &[u8], work: &Path, stem: &str) -> Result<Option<Split>, Cause> {
    let main_path = work.join(format!("{stem}.wasm"));
    let main_module = format!("./{stem}.js");
    std::fs::create_dir_all(work).map_err(Cause::io(work))?;
    let mut options = wasm_split_cli_support::Options::new(input);
    options.output_dir = work;
    options.main_out_path = &main_path;
    options.main_module = &main_module;
    options.link_name = LINK_NAME;
    options.target.web();
    let out =
        wasm_split_cli_support::transform(options).map_err(|e| Cause::Library(format!("{e:#}")))?;
    if out.split_modules.is_empty() {
        return Ok(None);
    }
    let read = |p: &PathBuf| std::fs::read(p).map_err(Cause::io(p));
    let mut parts = Vec::new();
    for path in &out.split_modules {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| {
                Cause::Library(format!("a part without a file name: {}", path.display()))
            })?;
        parts.push((name, read(path)?));
    }
    parts.sort();
    let loader_path = work.join(LOADER);
    Ok(Some(Split {
        main: read(&main_path)?,
        parts,
        loader: std::fs::read_to_string(&loader_path).map_err(Cause::io(&loader_path))?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixtures_split_point_becomes_a_part_and_its_loader() {
        let fixture = crate::fixture::built();
        let work = fixture.work("split");
        let split = split(&fixture.wasm, &work, "fixture")
            .expect("the fixture splits")
            .expect("the fixture has a split point");
        let names: Vec<_> = split.parts.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["split_fixture_part.wasm"]);
        assert!(split
            .loader
            .contains("import { initSync } from \"./fixture.js\";"));
        assert!(split.loader.contains("\"./split_fixture_part.wasm\""));
        assert!(crate::wasm_opt::validate(&split.main).is_ok());
    }
}
