//! The one text edit left in the build ([`edit`]): wasm-bindgen's glue, linked with
//! wasm-split's loader into one file, without the classes of the exports the module no
//! longer has, calling the exports the module renamed by their new names.
//! Every pattern below must be found as expected, or the step fails naming it: a new
//! wasm-bindgen or wasm-split whose output changed shape stops the build, never the app.
//! `tests::the_tools_current_output_links` runs this on the tools' real output.

use crate::error::Cause;

/// How the parts are fetched: a part answered with an error status (a 404 once a newer
/// release replaced this one's files) is marked for the app (src/release.rs), which then
/// says to reload rather than to check the connection: trying again could never fetch it.
const FETCH_PART: &str = "const __userAdminFetchPart = (url) => fetch(url).then((r) => {
  if (!r.ok) globalThis.__userAdminPartGone = true;
  return r;
});
";

/// What the module went through that the glue must follow.
pub struct Edits<'a> {
    /// The classes whose exports were dropped from the module.
    pub unused_classes: &'a [&'a str],
    /// Exports renamed in the module: (old name, new name).
    pub renamed_exports: &'a [(String, String)],
    /// The split's loader, when the module was split.
    pub loader: Option<Loader<'a>>,
}

pub struct Loader<'a> {
    /// `__wasm_split.js` as wasm-split wrote it.
    pub text: &'a str,
    /// The glue's file stem, which the loader imports `initSync` from.
    pub stem: &'a str,
    /// Each part's file as the loader names it, and its published (content-hashed) name.
    pub parts: &'a [(String, String)],
}

/// The glue as the module now needs it.
pub fn edit(glue: &str, edits: &Edits) -> Result<String, Cause> {
    let glue = drop_unused_classes(glue, edits.unused_classes)?;
    let glue = rename_exports(&glue, edits.renamed_exports)?;
    match &edits.loader {
        Some(loader) => link(&glue, loader),
        None => Ok(glue),
    }
}

/// The glue, the loader inside it: one file, so the page asks for no more files at
/// start-up than an unsplit build.
fn link(glue: &str, loader: &Loader) -> Result<String, Cause> {
    let Loader {
        text: loader,
        stem,
        parts,
    } = *loader;
    let mut loader = loader.to_string();
    for (from, to) in parts {
        loader = replace_once(
            &loader,
            &format!("\"./{from}\""),
            &format!("\"./{to}\""),
            "the loader",
        )?;
    }
    let fetches = loader.matches("fetch(new URL(").count();
    if fetches != parts.len() {
        return shape(&format!(
            "the loader: {} part(s) but {fetches} `fetch(new URL(`",
            parts.len()
        ));
    }
    loader = loader.replace("fetch(new URL(", "__userAdminFetchPart(new URL(");
    loader = replace_once(
        &loader,
        &format!("import {{ initSync }} from \"./{stem}.js\";"),
        "",
        "the loader",
    )?;
    let mut exported = Vec::new();
    let loader: String = loader
        .lines()
        .map(|line| match line.strip_prefix("export const ") {
            Some(rest) => {
                exported.push(rest.split(' ').next().unwrap_or_default().to_string());
                format!("const {rest}\n")
            }
            None => format!("{line}\n"),
        })
        .collect();
    if exported.is_empty() || exported.iter().any(|name| name.is_empty()) {
        return shape("the loader exports no loader (`export const <name> =`)");
    }

    // `import * as <name> from "./__wasm_split.js";`: the main module's imports of the
    // loader, which the glue reads only when it instantiates the module, after its whole
    // text has run. One object for all, as one module's namespace is.
    let mut namespaces = Vec::new();
    let mut kept = String::with_capacity(glue.len());
    for line in glue.split_inclusive('\n') {
        let import = line
            .trim_end()
            .strip_prefix("import * as ")
            .and_then(|rest| rest.strip_suffix(';').or(Some(rest)))
            .and_then(|rest| rest.strip_suffix(&format!(" from \"./{}\"", crate::split::LOADER)));
        match import {
            Some(name) => namespaces.push(name.to_string()),
            None => kept.push_str(line),
        }
    }
    if namespaces.is_empty() {
        return shape(&format!(
            "the glue does not import the loader (`import * as … from \"./{}\"`)",
            crate::split::LOADER
        ));
    }
    let aliases: String = namespaces
        .iter()
        .map(|n| format!("const {n} = __userAdminSplit;\n"))
        .collect();
    Ok(format!(
        "{kept}\n{FETCH_PART}{loader}const __userAdminSplit = {{ {} }};\n{aliases}",
        exported.join(", ")
    ))
}

/// The glue calls an export as `wasm.<name>(`; a renamed one by its new name. Each must
/// be called so, and read from `wasm` no other way (the glue's own functions of the same
/// name are local, and the minifier renames them anyway).
fn rename_exports(glue: &str, renames: &[(String, String)]) -> Result<String, Cause> {
    let mut glue = glue.to_string();
    for (from, to) in renames {
        let call = format!("wasm.{from}(");
        let calls = glue.matches(&call).count();
        if calls == 0 {
            return shape(&format!(
                "the glue does not call the export {from} as `{call}`"
            ));
        }
        glue = glue.replace(&call, &format!("wasm.{to}("));
        let other_reads = [
            format!("wasm.{from}"),
            format!("\"{from}"),
            format!("'{from}"),
        ];
        if other_reads.iter().any(|read| names(&glue, read)) {
            return shape(&format!(
                "the glue reads the export {from} other than by a call"
            ));
        }
    }
    Ok(glue)
}

/// Whether `text` has `prefix` followed by no more of a name (so `wasm.f` is not found in
/// `wasm.f_16`).
fn names(text: &str, prefix: &str) -> bool {
    text.match_indices(prefix).any(|(at, _)| {
        !text[at + prefix.len()..]
            .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    })
}

/// The glue without the classes whose exports were dropped from the module.
fn drop_unused_classes(glue: &str, unused_classes: &[&str]) -> Result<String, Cause> {
    let mut glue = glue.to_string();
    for class in unused_classes {
        glue = drop_class(&glue, class);
        if glue
            .to_ascii_lowercase()
            .contains(&class.to_ascii_lowercase())
        {
            return shape(&format!(
                "the glue: {class} is still there after its class, finalizer and dispose were dropped"
            ));
        }
    }
    Ok(glue)
}

/// Drops `export class C {…}`, its finalizer `const CFinalization = …;` and its
/// `if (Symbol.dispose) C.prototype…` line, wherever they are.
fn drop_class(glue: &str, class: &str) -> String {
    let mut out = String::with_capacity(glue.len());
    let mut lines = glue.split_inclusive('\n');
    let class_start = format!("export class {class} {{");
    let finalizer_start = format!("const {class}Finalization = ");
    let dispose = format!("if (Symbol.dispose) {class}.prototype");
    while let Some(line) = lines.next() {
        if line.starts_with(&class_start) {
            // To the brace that closes the class (its methods' braces are not indented
            // alike, so only counting finds it; the glue has no brace in a string).
            let mut depth = braces(line);
            while depth > 0 {
                match lines.next() {
                    Some(inner) => depth += braces(inner),
                    None => break,
                }
            }
        } else if line.starts_with(&finalizer_start) {
            // To the statement's end, possibly lines further.
            let mut line = line;
            while !line.trim_end().ends_with(';') {
                match lines.next() {
                    Some(next) => line = next,
                    None => break,
                }
            }
        } else if !line.starts_with(&dispose) {
            out.push_str(line);
        }
    }
    out
}

fn braces(line: &str) -> i64 {
    line.chars()
        .map(|c| match c {
            '{' => 1,
            '}' => -1,
            _ => 0,
        })
        .sum()
}

fn replace_once(text: &str, from: &str, to: &str, where_: &str) -> Result<String, Cause> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => shape(&format!(
            "{where_}: expected `{from}` once, found it {n} times"
        )),
    }
}

fn shape<T>(message: &str) -> Result<T, Cause> {
    Err(Cause::Shape(format!(
        "{message}. The tool's output changed shape (a new wasm-bindgen or wasm-split?): \
         adapt xtask/src/glue.rs to it"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tools_current_output_links() {
        let fixture = crate::fixture::built();
        let stem = "fixture";
        let work = fixture.work("glue");
        let split = crate::split::split(&fixture.wasm, &work, stem)
            .expect("the fixture splits")
            .expect("the fixture has a split point");
        let bound = crate::bindgen::bind(split.main, stem).expect("the fixture binds");
        // For whoever adapts edit() to a new shape: the tools' output as it came.
        std::fs::write(work.join("unedited.js"), &bound.glue)
            .expect("the fixture's folder is writable");
        assert!(
            bound.glue.contains("class IntoUnderlyingSource"),
            "the fixture's glue has the class to drop"
        );
        assert!(
            !bound.renamed.is_empty(),
            "the fixture has closure shims to rename"
        );
        let parts: Vec<_> = split
            .parts
            .iter()
            .map(|(name, _)| (name.clone(), format!("renamed-{name}")))
            .collect();
        let edits = Edits {
            unused_classes: crate::bindgen::UNUSED_CLASSES,
            renamed_exports: &bound.renamed,
            loader: Some(Loader {
                text: &split.loader,
                stem,
                parts: &parts,
            }),
        };
        let edited = edit(&bound.glue, &edits)
            .expect("the current tools' output has the shape edit() edits");

        assert!(!edited.contains("IntoUnderlying"));
        for (from, to) in &bound.renamed {
            assert!(
                !edited.contains(&format!("wasm.{from}"))
                    && edited.contains(&format!("wasm.{to}(")),
                "{from}"
            );
        }
        assert!(
            !edited
                .lines()
                .any(|l| l.starts_with("import ") && l.contains(crate::split::LOADER)),
            "no import of the loader is left"
        );
        for (_, renamed) in &parts {
            assert!(
                edited.contains(&format!("__userAdminFetchPart(new URL(\"./{renamed}\"")),
                "{renamed}"
            );
        }
        assert!(edited.contains("const __userAdminSplit = { "));
        fixture.check_module_syntax(&edited);
    }

    #[test]
    fn a_changed_shape_fails_naming_what_was_not_found() {
        let loader = "import { initSync } from \"./x.js\";\nexport const load = makeLoad(() => fetch(new URL(\"./split_a.wasm\", import.meta.url)));\n";
        let glue = "import * as split from \"./__wasm_split.js\"\nfunction f(a) { wasm.long_name(a); }\nexport default init;\n";
        let parts = [("split_a.wasm".to_string(), "split_a-1.wasm".to_string())];
        let renamed = [("long_name".to_string(), "c0".to_string())];
        let edits = |text, parts, renamed| Edits {
            unused_classes: &[],
            renamed_exports: renamed,
            loader: Some(Loader {
                text,
                stem: "x",
                parts,
            }),
        };
        let edited = edit(glue, &edits(loader, &parts, &renamed)).expect("the expected shape");
        assert!(edited.contains("wasm.c0(a)") && !edited.contains("long_name"));

        let renamed_import = loader.replace("{ initSync }", "{ initSync as init }");
        let Err(Cause::Shape(message)) = edit(glue, &edits(&renamed_import, &parts, &renamed))
        else {
            panic!("a loader that imports otherwise must fail");
        };
        assert!(message.contains("import { initSync }"), "{message}");
        let no_import = glue.replace("import * as split", "import split");
        assert!(edit(&no_import, &edits(loader, &parts, &renamed)).is_err());
        let two_parts = [
            parts[0].clone(),
            ("split_b.wasm".into(), "split_b-1.wasm".into()),
        ];
        assert!(edit(glue, &edits(loader, &two_parts, &renamed)).is_err());
        // An export the glue names otherwise than by a call.
        let named = glue.replace("export default init;", "const f = wasm.long_name;");
        assert!(
            matches!(edit(&named, &edits(loader, &parts, &renamed)), Err(Cause::Shape(m)) if m.contains("long_name"))
        );
        // A longer name that begins with the renamed one is another export, not a read.
        let longer = glue.replace("export default init;", "wasm.long_name_16(b);");
        assert!(edit(&longer, &edits(loader, &parts, &renamed)).is_ok());
        let uncalled = glue.replace("wasm.long_name(a)", "other(a)");
        assert!(
            matches!(edit(&uncalled, &edits(loader, &parts, &renamed)), Err(Cause::Shape(m)) if m.contains("does not call"))
        );
    }

    #[test]
    fn an_unused_class_is_dropped_with_its_finalizer_and_dispose() {
        let glue = "const AFinalization = (typeof FinalizationRegistry === 'undefined')\n    ? {}\n    : new FinalizationRegistry(ptr => wasm.__wbg_a_free(ptr >>> 0, 1));\nlet kept = 1;\nexport class A {\npull() {\nx();\n}\n    /** @returns {number} */\n    free() {\n        x();\n    }\n}\nif (Symbol.dispose) A.prototype[Symbol.dispose] = A.prototype.free;\nexport class B {\n}\n";
        assert_eq!(
            drop_class(glue, "A"),
            "let kept = 1;\nexport class B {\n}\n"
        );
    }
}
