//! binaryen's wasm-opt, once per module, with release.toml's flags; then a check that
//! the result still validates (a tool's newer encoding would stop the app at start).

use std::path::Path;
use std::process::Command;

use crate::error::Cause;

pub fn optimise(root: &Path, work: &Path, name: &str, wasm: &[u8], flags: &[String]) -> Result<Vec<u8>, Cause> {
    let input = work.join(format!("{name}.in.wasm"));
    let output = work.join(format!("{name}.opt.wasm"));
    std::fs::write(&input, wasm).map_err(Cause::io(&input))?;
    let program = crate::tools::node_tool(root, "wasm-opt");
    let mut command = Command::new(&program);
    command.args(flags).arg(&input).arg("-o").arg(&output);
    crate::tools::filter(&mut command, "wasm-opt", &[])?;
    let optimised = std::fs::read(&output).map_err(Cause::io(&output))?;
    validate(&optimised).map_err(|e| Cause::Shape(format!("{name} does not validate after wasm-opt: {e}")))?;
    Ok(optimised)
}

pub fn validate(wasm: &[u8]) -> Result<(), wasmparser::BinaryReaderError> {
    wasmparser::Validator::new().validate_all(wasm).map(|_| ())
}
