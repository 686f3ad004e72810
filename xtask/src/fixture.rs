//! The tests' tiny module (xtask/fixture), built once per test run for wasm32 with the
//! release's split flags, and what the tests need around it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::compiler::Toolchain;
use crate::flags::Flags;

pub struct Fixture {
    pub wasm: Vec<u8>,
    dir: PathBuf,
}

pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Built with rustup's toolchain (any machine's): the glue and the split do not depend
/// on which compiler made the module.
pub fn built() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let root = root();
        let flags = Flags::load(&root).expect("the project's own release.toml");
        let dir = root.join("target/xtask-fixture");
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        command.current_dir(&root).args([
            "build",
            "--release",
            "--offline",
            "--target",
            crate::cargo::TARGET,
            "-p",
            "xtask-fixture",
        ]);
        for (name, value) in crate::cargo::environment(&root, &flags, Toolchain::Stable) {
            match value {
                Some(v) => command.env(name, v),
                None => command.env_remove(name),
            };
        }
        command.env("CARGO_TARGET_DIR", &dir);
        crate::tools::run(&mut command, "cargo (the fixture)")
            .expect("the fixture builds for wasm32");
        let wasm = std::fs::read(
            dir.join(crate::cargo::TARGET)
                .join("release/xtask_fixture.wasm"),
        )
        .expect("cargo wrote the fixture's module");
        Fixture { wasm, dir }
    })
}

impl Fixture {
    /// An empty folder of the test's own.
    pub fn work(&self, name: &str) -> PathBuf {
        let dir = self.dir.join("work").join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the fixture's folder is writable");
        dir
    }

    /// Node parses `js` as a module (it is not run).
    pub fn check_module_syntax(&self, js: &str) {
        let path = self.work("syntax").join("glue.mjs");
        std::fs::write(&path, js).expect("the fixture's folder is writable");
        let status = Command::new("node")
            .arg("--check")
            .arg(&path)
            .status()
            .expect("node runs");
        assert!(status.success(), "{} is not a valid module", path.display());
    }
}
