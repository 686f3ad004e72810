//! `release.toml`: every flag of the release build, read here and nowhere else.

use std::path::Path;

use serde::Deserialize;

use crate::error::Cause;

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Flags {
    pub size_compiler: SizeCompiler,
    pub split: Split,
    pub wasm_opt: WasmOpt,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct SizeCompiler {
    /// The Debian package of the compiler, and its exact version.
    pub package: String,
    pub version: String,
    pub rustc: String,
    pub std_source: String,
    pub build_std: Vec<String>,
    pub build_std_features: Vec<String>,
    pub rustflags: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Split {
    pub rustflags: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct WasmOpt {
    pub flags: Vec<String>,
}

pub const FILE: &str = "release.toml";

impl Flags {
    pub fn load(root: &Path) -> Result<Flags, Cause> {
        let path = root.join(FILE);
        let text = std::fs::read_to_string(&path).map_err(Cause::io(&path))?;
        Flags::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Flags, Cause> {
        toml::from_str(text).map_err(|e| Cause::Refused(format!("{FILE}: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_projects_own_list_reads() {
        let root = crate::fixture::root();
        let flags = Flags::load(&root).expect("release.toml is the project's own file");
        assert!(flags.split.rustflags.contains(&"split".to_string()));
        assert!(!flags.wasm_opt.flags.is_empty());
    }

    #[test]
    fn an_unknown_key_is_refused_not_ignored() {
        let root = crate::fixture::root();
        let text = std::fs::read_to_string(root.join(FILE)).expect("the project's own file");
        let typo = text.replace("[wasm-opt]\n", "[wasm-opt]\nflag = []\n");
        assert!(matches!(Flags::parse(&typo), Err(Cause::Refused(m)) if m.contains("flag")));
    }
}
