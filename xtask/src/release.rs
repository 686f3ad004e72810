//! `cargo xtask release`: the release bundle, every step after cargo in one place.
//!
//! cargo (release.toml's flags, the pinned size compiler) → wasm-split → wasm-bindgen
//! (unused exports dropped) → the loader linked into the glue → wasm-opt per module →
//! hashed names and integrity → index.html → minified → precompressed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::compiler::{self, Toolchain};
use crate::error::{at, Cause, Failure, Step};
use crate::flags::Flags;
use crate::html::{self, Link};
use crate::minify::{self, Kind};
use crate::publish;

pub struct Options {
    /// This project: release.toml, node_modules' tools.
    pub root: PathBuf,
    /// The app's tree built: this project, or a commit exported by scripts/bench.sh,
    /// built with this project's flags and tools.
    pub source: PathBuf,
    pub dist: PathBuf,
    /// TRUNK_RELEASE_STABLE=1: rustup's stable toolchain instead of the size compiler.
    pub stable: bool,
}

pub fn release(options: &Options) -> Result<(), Failure> {
    let started = Instant::now();
    let root = options.root.as_path();
    let source = options.source.as_path();
    let say = |what: &str| eprintln!("release: [{:5.1}s] {what}", started.elapsed().as_secs_f32());

    let flags = Flags::load(root).map_err(at(Step::Flags))?;
    let index_path = source.join("index.html");
    let index = std::fs::read_to_string(&index_path)
        .map_err(Cause::io(&index_path))
        .map_err(at(Step::Html))?;
    let bin = if source == root {
        check_index(&index, &flags).map_err(at(Step::Flags))?
    } else {
        crate::cargo::BIN.to_string()
    };

    let found = compiler::Found::probe(&flags.size_compiler);
    let toolchain = compiler::choose(&flags.size_compiler, &found, options.stable)
        .map_err(at(Step::Compiler))?;
    if toolchain == Toolchain::Stable {
        say("TRUNK_RELEASE_STABLE=1: rustup's stable toolchain, std not rebuilt for size (a larger bundle)");
    }
    let module_path = crate::cargo::compile(source, &flags, toolchain).map_err(at(Step::Cargo))?;
    let module = std::fs::read(&module_path)
        .map_err(Cause::io(&module_path))
        .map_err(at(Step::Cargo))?;
    say(&format!(
        "compiled {} ({} bytes, {})",
        module_path.display(),
        module.len(),
        toolchain.marker()
    ));

    // A folder of this build's own: two builds at once never share intermediate files.
    let work = source
        .join("target/release-work")
        .join(std::process::id().to_string());
    let _ = std::fs::remove_dir_all(&work);
    let split = crate::split::split(&module, &work, &bin).map_err(at(Step::Split))?;
    let (main, parts, loader) = match split {
        Some(s) => (s.main, s.parts, Some(s.loader)),
        // An older commit (scripts/bench.sh builds them): the module stays whole.
        None => (module, Vec::new(), None),
    };
    say(&format!("split: {} part(s)", parts.len()));

    let bound = crate::bindgen::bind(main, &bin).map_err(at(Step::Bindgen))?;
    say(&format!(
        "bound: {} unused export(s) dropped, {} closure shim(s) renamed",
        bound.dropped,
        bound.renamed.len()
    ));

    // Every module at once: wasm-opt on the main module is most of this step's time.
    let opt = &flags.wasm_opt.flags;
    let work = work.as_path();
    let (main_wasm, parts) = std::thread::scope(|s| {
        let main = s.spawn(|| crate::wasm_opt::optimise(root, work, &bin, &bound.wasm, opt));
        let parts: Vec<_> = parts
            .iter()
            .map(|(name, bytes)| {
                s.spawn(move || {
                    crate::wasm_opt::optimise(root, work, name, bytes, opt)
                        .map(|b| (name.clone(), b))
                })
            })
            .collect();
        let parts: Result<Vec<_>, Cause> = parts.into_iter().map(joined).collect();
        (joined(main), parts)
    });
    let (main_wasm, parts) = (
        main_wasm.map_err(at(Step::WasmOpt))?,
        parts.map_err(at(Step::WasmOpt))?,
    );
    say(&format!("optimised: main {} bytes", main_wasm.len()));

    let published: Vec<(String, String, Vec<u8>)> = parts
        .into_iter()
        .map(|(name, bytes)| {
            let stem = name.strip_suffix(".wasm").unwrap_or(&name);
            let named = publish::hashed_name(stem, ".wasm", &[&bytes]);
            (name, named, bytes)
        })
        .collect();
    let renames: Vec<_> = published
        .iter()
        .map(|(from, to, _)| (from.clone(), to.clone()))
        .collect();
    let edits = crate::glue::Edits {
        unused_classes: crate::bindgen::UNUSED_CLASSES,
        renamed_exports: &bound.renamed,
        loader: loader.as_deref().map(|text| crate::glue::Loader {
            text,
            stem: &bin,
            parts: &renames,
        }),
    };
    let glue = crate::glue::edit(&bound.glue, &edits).map_err(at(Step::Glue))?;
    let glue = minify::minify(root, Kind::Module, &glue).map_err(at(Step::Minify))?;

    let dist = options.dist.as_path();
    if dist.exists() {
        std::fs::remove_dir_all(dist)
            .map_err(Cause::io(dist))
            .map_err(at(Step::Html))?;
    }
    std::fs::create_dir_all(dist)
        .map_err(Cause::io(dist))
        .map_err(at(Step::Html))?;
    let write = |name: &str, bytes: &[u8], compress: bool| {
        publish::write(dist, name, bytes, compress).map_err(at(Step::Compress))
    };
    for (_, named, bytes) in &published {
        write(named, bytes, true)?;
    }
    let part_bytes: usize = published.iter().map(|(_, _, bytes)| bytes.len()).sum();
    say(&format!(
        "{} part(s) written: {part_bytes} bytes",
        published.len()
    ));
    let app = publish::hashed_name(&bin, "", &[glue.as_bytes(), &main_wasm]);
    let (glue_name, wasm_name) = (format!("{app}.js"), format!("{app}_bg.wasm"));
    write(&glue_name, glue.as_bytes(), true)?;
    write(&wasm_name, &main_wasm, true)?;

    let mut assets = Vec::new();
    let page = html::fill(&index, |link| {
        Ok(match link {
            Link::Rust { .. } => html::rust_tags(
                &glue_name,
                &publish::integrity(glue.as_bytes()),
                &wasm_name,
                &publish::integrity(&main_wasm),
            ),
            Link::Css { href } => {
                let css = minify::minify(root, Kind::Css, &read_text(source, href)?)?;
                let name = hashed(href, css.as_bytes());
                let tag = format!(
                    "<link rel=\"stylesheet\" href=\"/{name}\" integrity=\"{}\">",
                    publish::integrity(css.as_bytes())
                );
                assets.push((name, css.into_bytes(), true));
                tag
            }
            Link::Icon { href } => {
                let bytes = read(source, href)?;
                let name = hashed(href, &bytes);
                let tag = format!(
                    "<link rel=\"icon\" href=\"/{name}\" integrity=\"{}\">",
                    publish::integrity(&bytes)
                );
                assets.push((name, bytes, true));
                tag
            }
            Link::CopyFile { href } => {
                // Not hashed, not precompressed: an operator may edit config.json.
                assets.push((file_name(href), read(source, href)?, false));
                String::new()
            }
        })
    })
    .map_err(at(Step::Html))?;
    for (name, bytes, compress) in &assets {
        write(name, bytes, *compress)?;
    }
    let page = html::minify(&page, |js| minify::minify(root, Kind::Script, js))
        .map_err(at(Step::Minify))?;
    write("index.html", page.as_bytes(), false)?;

    let marker = format!(
        "toolchain={}\ncommit={}\n",
        toolchain.marker(),
        commit(source)
    );
    write(".release-build", marker.as_bytes(), false)?;
    let _ = std::fs::remove_dir_all(work);
    say(&format!(
        "{} written: {glue_name}, {wasm_name} ({} bytes)",
        dist.display(),
        main_wasm.len()
    ));
    Ok(())
}

/// The app's binary, once index.html's wasm-opt flags (Trunk's one-module build) are
/// those of release.toml.
fn check_index(index: &str, flags: &Flags) -> Result<String, Cause> {
    let mut rust = Vec::new();
    html::fill(index, |link| {
        if let Link::Rust { bin, wasm_opt } = link {
            rust.push((bin.clone(), wasm_opt.clone()));
        }
        Ok(String::new())
    })?;
    match rust.as_slice() {
        [(bin, wasm_opt)] if *wasm_opt == flags.wasm_opt.flags => Ok(bin.clone()),
        [(_, wasm_opt)] => Err(Cause::Refused(format!(
            "index.html's data-wasm-opt/data-wasm-opt-params ({}) differ from release.toml's \
             [wasm-opt] flags ({}): the one-module `trunk build --release` and this build \
             must optimise alike; make them the same",
            wasm_opt.join(" "),
            flags.wasm_opt.flags.join(" ")
        ))),
        _ => Err(Cause::Refused(
            "index.html must have exactly one <link data-trunk rel=\"rust\">".into(),
        )),
    }
}

fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, Result<T, Cause>>) -> Result<T, Cause> {
    handle
        .join()
        .unwrap_or_else(|_| Err(Cause::Library("a wasm-opt thread panicked".into())))
}

fn read(root: &Path, href: &str) -> Result<Vec<u8>, Cause> {
    let path = root.join(href);
    std::fs::read(&path).map_err(Cause::io(&path))
}

fn read_text(root: &Path, href: &str) -> Result<String, Cause> {
    let path = root.join(href);
    std::fs::read_to_string(&path).map_err(Cause::io(&path))
}

fn file_name(href: &str) -> String {
    href.rsplit('/').next().unwrap_or(href).to_string()
}

/// `style/main.css` → `main-<hash>.css`.
fn hashed(href: &str, bytes: &[u8]) -> String {
    let name = file_name(href);
    let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
    publish::hashed_name(stem, &format!(".{ext}"), &[bytes])
}

/// The commit built (scripts/bench.sh sets RELEASE_COMMIT when it builds an exported one),
/// marked when the app's sources differ from it.
fn commit(root: &Path) -> String {
    if let Ok(commit) = std::env::var("RELEASE_COMMIT") {
        return commit;
    }
    let git = |args: &[&str]| {
        Command::new("git")
            .current_dir(root)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let Some(commit) = git(&["rev-parse", "--short", "HEAD"]) else {
        return "unknown".into();
    };
    let sources = [
        "status",
        "--porcelain",
        "--",
        "src",
        "contract",
        "index.html",
        "style",
        "public",
        "Cargo.toml",
        "Cargo.lock",
        "release.toml",
    ];
    match git(&sources) {
        Some(changes) if changes.is_empty() => commit,
        _ => format!("{commit}+uncommitted"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_projects_index_agrees_with_the_flags_and_a_difference_is_refused() {
        let root = crate::fixture::root();
        let flags = Flags::load(&root).expect("the project's own release.toml");
        let index =
            std::fs::read_to_string(root.join("index.html")).expect("the project's own page");
        assert_eq!(
            check_index(&index, &flags).ok().as_deref(),
            Some("user-admin")
        );
        let other = index.replace("data-wasm-opt=\"s\"", "data-wasm-opt=\"z\"");
        assert!(matches!(check_index(&other, &flags), Err(Cause::Refused(m)) if m.contains("-Oz")));
    }

    #[test]
    fn asset_names_keep_their_stem_and_extension() {
        assert!(hashed("style/main.css", b"a").starts_with("main-"));
        assert!(hashed("public/favicon.svg", b"a").ends_with(".svg"));
        assert_eq!(file_name("public/config.json"), "config.json");
    }
}
