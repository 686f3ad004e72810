//! The page: the project's index.html (Trunk's input, so `trunk serve` and the plain
//! `trunk build` read the same file) with each `<link data-trunk …>` replaced by what
//! it names, published, and the whole minified.

use std::collections::BTreeMap;

use crate::error::Cause;

/// A `<link data-trunk …>` of index.html, the kinds this project uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// The app; `wasm_opt` is what Trunk's own one-module build passes wasm-opt.
    Rust {
        bin: String,
        wasm_opt: Vec<String>,
    },
    Css {
        href: String,
    },
    Icon {
        href: String,
    },
    CopyFile {
        href: String,
    },
}

/// Replaces each data-trunk link by `fill`'s HTML for it.
pub fn fill(
    html: &str,
    mut fill: impl FnMut(&Link) -> Result<String, Cause>,
) -> Result<String, Cause> {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<link ") {
        let Some(len) = rest[start..].find('>') else {
            return refused("a <link> without its closing `>`");
        };
        let tag = &rest[start..start + len + 1];
        out.push_str(&rest[..start]);
        let attrs = attributes(tag)?;
        if attrs.contains_key("data-trunk") {
            out.push_str(&fill(&link(&attrs)?)?);
        } else {
            out.push_str(tag);
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn link(attrs: &BTreeMap<String, String>) -> Result<Link, Cause> {
    let get = |name: &str| attrs.get(name).cloned();
    let href = || {
        get("href")
            .ok_or_else(|| Cause::Refused("index.html: a data-trunk link without href".into()))
    };
    match get("rel").as_deref() {
        Some("rust") => {
            let mut wasm_opt = vec![format!("-O{}", get("data-wasm-opt").unwrap_or_else(|| "0".into()))];
            wasm_opt.extend(get("data-wasm-opt-params").unwrap_or_default().split_whitespace().map(str::to_string));
            Ok(Link::Rust {
                bin: get("data-bin").unwrap_or_else(|| crate::cargo::BIN.to_string()),
                wasm_opt,
            })
        }
        Some("css") => Ok(Link::Css { href: href()? }),
        Some("icon") => Ok(Link::Icon { href: href()? }),
        Some("copy-file") => Ok(Link::CopyFile { href: href()? }),
        other => refused(&format!(
            "a data-trunk link of rel={} , which the release tool does not build (xtask/src/html.rs)",
            other.unwrap_or("(none)")
        )),
    }
}

/// `name="value"` and bare `name` attributes of one tag.
fn attributes(tag: &str) -> Result<BTreeMap<String, String>, Cause> {
    let mut attrs = BTreeMap::new();
    let inner = tag
        .trim_start_matches("<link")
        .trim_end_matches('>')
        .trim_end_matches('/');
    let mut rest = inner.trim_start();
    while !rest.is_empty() {
        let end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = rest[..end].to_ascii_lowercase();
        rest = &rest[end..];
        if let Some(after) = rest.strip_prefix("=\"") {
            let Some(close) = after.find('"') else {
                return refused(&format!("an attribute without its closing quote in {tag}"));
            };
            attrs.insert(name, after[..close].to_string());
            rest = &after[close + 1..];
        } else if rest.starts_with('=') {
            return refused(&format!("an unquoted attribute value in {tag}"));
        } else {
            attrs.insert(name, String::new());
        }
        rest = rest.trim_start();
    }
    Ok(attrs)
}

/// The start-up script that loads the app: `init` fetches the module the page preloads.
pub fn rust_tags(glue: &str, glue_integrity: &str, wasm: &str, wasm_integrity: &str) -> String {
    format!(
        "<link rel=\"modulepreload\" href=\"/{glue}\" crossorigin=\"anonymous\" integrity=\"{glue_integrity}\">\
         <link rel=\"preload\" href=\"/{wasm}\" crossorigin=\"anonymous\" integrity=\"{wasm_integrity}\" as=\"fetch\" type=\"application/wasm\">\
         <script type=\"module\">import init from '/{glue}';await init({{ module_or_path: '/{wasm}' }});</script>"
    )
}

/// Comments and indentation out; each classic inline script through `minify_js`.
pub fn minify(
    html: &str,
    mut minify_js: impl FnMut(&str) -> Result<String, Cause>,
) -> Result<String, Cause> {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find("-->") else {
            return refused("a comment without its `-->`");
        };
        rest = &rest[start + end + 3..];
    }
    out.push_str(rest);
    let mut html: String = out
        .lines()
        .map(str::trim_start)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    // Classic scripts only (no attributes): the module loader above is written minified.
    let mut done = String::with_capacity(html.len());
    while let Some(start) = html.find("<script>") {
        let body_start = start + "<script>".len();
        let Some(len) = html[body_start..].find("</script>") else {
            return refused("a <script> without its </script>");
        };
        done.push_str(&html[..body_start]);
        done.push_str(minify_js(&html[body_start..body_start + len])?.trim());
        done.push_str("</script>");
        html = html[body_start + len + "</script>".len()..].to_string();
    }
    done.push_str(&html);
    Ok(done)
}

fn refused<T>(message: &str) -> Result<T, Cause> {
    Err(Cause::Refused(format!("index.html: {message}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_projects_page_has_the_links_the_tool_builds() {
        let html = std::fs::read_to_string(crate::fixture::root().join("index.html"))
            .expect("the project's own page");
        let mut seen = Vec::new();
        let page = fill(&html, |link| {
            seen.push(link.clone());
            Ok(String::new())
        })
        .expect("every link of index.html is one the tool builds");
        assert!(!page.contains("data-trunk"));
        assert!(seen
            .iter()
            .any(|l| matches!(l, Link::Rust { bin, .. } if bin == "user-admin")));
        assert!(seen.contains(&Link::Css {
            href: "style/main.css".into()
        }));
        assert!(seen.contains(&Link::CopyFile {
            href: "public/config.json".into()
        }));
    }

    #[test]
    fn links_are_replaced_in_place_and_others_kept() {
        let html = "<head><link rel=\"x\" href=\"a\"><link data-trunk rel=\"css\" href=\"s.css\"/>\n<link data-trunk rel=\"rust\" data-wasm-opt=\"s\" data-wasm-opt-params=\"--flatten  -Os\"></head>";
        let page = fill(html, |link| {
            Ok(match link {
                Link::Css { href } => format!("[css {href}]"),
                Link::Rust { bin, wasm_opt } => format!("[{bin} {}]", wasm_opt.join(" ")),
                _ => String::new(),
            })
        })
        .expect("well-formed links");
        assert_eq!(
            page,
            "<head><link rel=\"x\" href=\"a\">[css s.css]\n[user-admin -Os --flatten -Os]</head>"
        );
    }

    #[test]
    fn an_unknown_link_kind_is_refused() {
        let html = "<link data-trunk rel=\"sass\" href=\"a.scss\">";
        assert!(
            matches!(fill(html, |_| Ok(String::new())), Err(Cause::Refused(m)) if m.contains("rel=sass"))
        );
    }

    #[test]
    fn minify_drops_comments_and_indentation_and_minifies_classic_scripts() {
        let html = "<head>\n  <!-- why -->\n  <script>\n  var a = 1;\n  </script>\n  <script type=\"module\">x</script>\n</head>\n";
        let page =
            minify(html, |js| Ok(js.split_whitespace().collect::<String>())).expect("well-formed");
        assert_eq!(
            page,
            "<head>\n<script>vara=1;</script>\n<script type=\"module\">x</script>\n</head>"
        );
    }
}
