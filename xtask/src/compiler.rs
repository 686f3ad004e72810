//! Which compiler builds the release module: the pinned size compiler, or, only when asked
//! for with `TRUNK_RELEASE_STABLE=1`, rustup's stable toolchain. Never a silent change.

use std::path::Path;
use std::process::Command;

use crate::error::Cause;
use crate::flags::SizeCompiler;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toolchain {
    /// Debian's rustc-web at the pinned version, std rebuilt for size.
    Size,
    /// rustup's stable toolchain: std as shipped, a larger bundle.
    Stable,
}

impl Toolchain {
    /// The name written into the bundle's `.release-build` (read by bench/bench.mjs).
    pub fn marker(self) -> &'static str {
        match self {
            Toolchain::Size => "rustc-web",
            Toolchain::Stable => "rustup-stable",
        }
    }
}

/// What this machine has of the size compiler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The installed package version, if the package is installed.
    pub version: Option<String>,
    pub std_source: bool,
}

impl Found {
    pub fn probe(pinned: &SizeCompiler) -> Found {
        let version = Command::new("dpkg-query")
            .args(["-W", "-f=${Version}", &pinned.package])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .filter(|v| !v.is_empty() && Path::new(&pinned.rustc).exists());
        Found {
            version,
            std_source: Path::new(&pinned.std_source).is_dir(),
        }
    }
}

/// The pinned compiler if it is here as pinned; the stable one if asked for; else a
/// refusal that says what to do.
pub fn choose(
    pinned: &SizeCompiler,
    found: &Found,
    stable_asked: bool,
) -> Result<Toolchain, Cause> {
    if stable_asked {
        return Ok(Toolchain::Stable);
    }
    let what = format!("{} {}", pinned.package, pinned.version);
    let advice = "run scripts/setup.sh, which installs it, or build with rustup's stable \
                  toolchain (a larger bundle) with TRUNK_RELEASE_STABLE=1";
    match &found.version {
        None => Err(Cause::Refused(format!(
            "the size compiler ({what}, {}) is not installed: {advice}",
            pinned.rustc
        ))),
        Some(v) if *v != pinned.version => Err(Cause::Refused(format!(
            "{} {v} is installed, but the release is built and measured with {what} \
             (release.toml): {advice}. To move to {v}, set that version in release.toml and \
             redo the size and speed measurements (BENCHMARKS.md)",
            pinned.package
        ))),
        Some(_) if !found.std_source => Err(Cause::Refused(format!(
            "the size compiler's standard library source ({}) is missing: {advice}",
            pinned.std_source
        ))),
        Some(_) => Ok(Toolchain::Size),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pinned() -> SizeCompiler {
        SizeCompiler {
            package: "rustc-web".into(),
            version: "1.96.0+dfsg1-1~deb12u2".into(),
            rustc: "/usr/bin/rustc".into(),
            std_source: "/usr/lib/rustlib/src/rust/library".into(),
            build_std: vec![],
            build_std_features: vec![],
            rustflags: vec![],
        }
    }

    fn found(version: Option<&str>) -> Found {
        Found {
            version: version.map(str::to_string),
            std_source: true,
        }
    }

    #[test]
    fn the_pinned_version_builds_for_size() {
        let f = found(Some("1.96.0+dfsg1-1~deb12u2"));
        assert_eq!(choose(&pinned(), &f, false).ok(), Some(Toolchain::Size));
    }

    #[test]
    fn another_version_is_refused_with_what_to_do() {
        let f = found(Some("1.97.0+dfsg1-1~deb12u1"));
        let Err(Cause::Refused(message)) = choose(&pinned(), &f, false) else {
            panic!("a different rustc-web must be refused");
        };
        assert!(
            message.contains("1.97.0+dfsg1-1~deb12u1 is installed"),
            "{message}"
        );
        assert!(message.contains("TRUNK_RELEASE_STABLE=1"), "{message}");
        assert!(message.contains("scripts/setup.sh"), "{message}");
    }

    #[test]
    fn a_missing_compiler_or_std_source_is_refused() {
        assert!(choose(&pinned(), &found(None), false).is_err());
        let no_source = Found {
            std_source: false,
            ..found(Some("1.96.0+dfsg1-1~deb12u2"))
        };
        assert!(choose(&pinned(), &no_source, false).is_err());
    }

    #[test]
    fn stable_is_built_only_when_asked_for() {
        assert_eq!(
            choose(&pinned(), &found(None), true).ok(),
            Some(Toolchain::Stable)
        );
        let f = found(Some("1.86.0"));
        assert_eq!(choose(&pinned(), &f, true).ok(), Some(Toolchain::Stable));
    }
}
