//! The one text edit left in the build: wasm-bindgen's glue, linked with wasm-split's
//! loader into one file, without the classes of the exports the module no longer has.
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

/// The glue, the loader inside it: one file, so the page asks for no more files at
/// start-up than an unsplit build. `parts` maps each part's file as the loader names it
/// to its published (content-hashed) name; `unused_classes` are the classes whose exports
/// were dropped from the module.
pub fn link(
    glue: &str,
    loader: &str,
    stem: &str,
    parts: &[(String, String)],
    unused_classes: &[&str],
) -> Result<String, Cause> {
    let glue = drop_unused_classes(glue, unused_classes)?;
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

/// The glue without the classes whose exports were dropped from the module.
pub fn drop_unused_classes(glue: &str, unused_classes: &[&str]) -> Result<String, Cause> {
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
        // For whoever adapts link() to a new shape: the tools' output as it came.
        std::fs::write(work.join("unlinked.js"), &bound.glue)
            .expect("the fixture's folder is writable");
        assert!(
            bound.glue.contains("class IntoUnderlyingSource"),
            "the fixture's glue has the class to drop"
        );
        let parts: Vec<_> = split
            .parts
            .iter()
            .map(|(name, _)| (name.clone(), format!("renamed-{name}")))
            .collect();
        let linked = link(
            &bound.glue,
            &split.loader,
            stem,
            &parts,
            crate::bindgen::UNUSED_CLASSES,
        )
        .expect("the current tools' output has the shape link() edits");

        assert!(!linked.contains("IntoUnderlying"));
        assert!(
            !linked
                .lines()
                .any(|l| l.starts_with("import ") && l.contains(crate::split::LOADER)),
            "no import of the loader is left"
        );
        for (_, renamed) in &parts {
            assert!(
                linked.contains(&format!("__userAdminFetchPart(new URL(\"./{renamed}\"")),
                "{renamed}"
            );
        }
        assert!(linked.contains("const __userAdminSplit = { "));
        fixture.check_module_syntax(&linked);
    }

    #[test]
    fn a_changed_shape_fails_naming_what_was_not_found() {
        let loader = "import { initSync } from \"./x.js\";\nexport const load = makeLoad(() => fetch(new URL(\"./split_a.wasm\", import.meta.url)));\n";
        let glue = "import * as split from \"./__wasm_split.js\"\nexport default init;\n";
        let parts = [("split_a.wasm".to_string(), "split_a-1.wasm".to_string())];
        assert!(link(glue, loader, "x", &parts, &[]).is_ok());

        let renamed_import = loader.replace("{ initSync }", "{ initSync as init }");
        let Err(Cause::Shape(message)) = link(glue, &renamed_import, "x", &parts, &[]) else {
            panic!("a loader that imports otherwise must fail");
        };
        assert!(message.contains("import { initSync }"), "{message}");
        let no_import = glue.replace("import * as split", "import split");
        assert!(link(&no_import, loader, "x", &parts, &[]).is_err());
        let two_parts = [
            parts[0].clone(),
            ("split_b.wasm".into(), "split_b-1.wasm".into()),
        ];
        assert!(link(glue, loader, "x", &two_parts, &[]).is_err());
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
