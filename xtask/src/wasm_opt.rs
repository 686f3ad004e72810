//! binaryen's wasm-opt, once per module, with release.toml's flags; then a check that
//! the result still validates (a tool's newer encoding would stop the app at start).

use std::path::Path;
use std::process::Command;

use crate::error::Cause;

pub fn optimise(
    root: &Path,
    work: &Path,
    name: &str,
    wasm: &[u8],
    flags: &[String],
) -> Result<Vec<u8>, Cause> {
    let input = work.join(format!("{name}.in.wasm"));
    let output = work.join(format!("{name}.opt.wasm"));
    std::fs::write(&input, wasm).map_err(Cause::io(&input))?;
    let program = crate::tools::node_tool(root, "wasm-opt");
    let mut command = Command::new(&program);
    command.args(flags).arg(&input).arg("-o").arg(&output);
    crate::tools::filter(&mut command, "wasm-opt", &[])?;
    let optimised = std::fs::read(&output).map_err(Cause::io(&output))?;
    validate(&optimised)
        .map_err(|e| Cause::Shape(format!("{name} does not validate after wasm-opt: {e}")))?;
    Ok(optimised)
}

pub fn validate(wasm: &[u8]) -> Result<(), wasmparser::BinaryReaderError> {
    wasmparser::Validator::new().validate_all(wasm).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::Flags;

    #[test]
    fn each_module_of_the_split_fixture_is_optimised_and_still_valid() {
        let fixture = crate::fixture::built();
        let root = crate::fixture::root();
        let flags = Flags::load(&root).expect("the project's own release.toml");
        let work = fixture.work("wasm-opt");
        let split = crate::split::split(&fixture.wasm, &work, "fixture")
            .expect("the fixture splits")
            .expect("the fixture has a split point");
        for (name, bytes) in std::iter::once(("main".to_string(), split.main)).chain(split.parts) {
            let optimised = optimise(&root, &work, &name, &bytes, &flags.wasm_opt.flags)
                .expect("wasm-opt runs");
            assert!(
                optimised.len() <= bytes.len(),
                "{name}: {} → {}",
                bytes.len(),
                optimised.len()
            );
        }
    }

    #[test]
    fn a_module_that_does_not_validate_is_named() {
        assert!(validate(b"\0asm\x01\0\0\0").is_ok());
        assert!(validate(b"\0asm\x01\0\0\0\x01\x05").is_err());
    }
}
