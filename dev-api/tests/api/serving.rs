//! Serving the app's files next to the API, CORS, and the binary itself.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use crate::client::*;

fn temp_site() -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "dev-api-site-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>User Admin</title>",
    )
    .unwrap();
    std::fs::write(dir.join("assets/app.js"), "console.log('app');").unwrap();
    std::fs::write(dir.join("config.json"), "{\"apiBase\":\"/api\"}").unwrap();
    dir
}

#[test]
fn static_files_with_spa_fallback() {
    let dir = temp_site();
    let s = server_with(|c| c.static_dir = Some(dir.clone()));
    let index = s.send("GET", "/", &[], None);
    assert_eq!(index.status, 200);
    assert!(index.text().contains("User Admin"));
    assert!(index
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));

    let js = s.send("GET", "/assets/app.js", &[], None);
    assert_eq!(js.status, 200);
    assert_eq!(js.text(), "console.log('app');");
    assert!(js.header("content-type").unwrap().contains("javascript"));
    assert_eq!(
        s.send("GET", "/config.json", &[], None).text(),
        "{\"apiBase\":\"/api\"}"
    );

    // Client-side routes get index.html.
    for path in [
        "/users/1001",
        "/users?page=2",
        "/sign-in",
        "/assets/missing.js",
    ] {
        let r = s.send("GET", path, &[], None);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.text().contains("User Admin"), "{path}");
    }
    // …but never an /api path.
    let r = s.send("GET", "/api/nope", &[], None);
    assert_eq!(r.status, 404);
    assert_eq!(r.text(), "\"Not found\"");
    // The API still works on the same origin.
    let t = s.sign_in("admin@example.com");
    assert_eq!(s.get("/api/sys/users/1001", &t).status, 200);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn without_static_other_paths_are_404() {
    let s = server();
    let r = s.send("GET", "/", &[], None);
    assert_eq!(r.status, 404);
    assert!(r.text().contains("development API"));
}

#[test]
fn cors_is_opt_in() {
    let preflight = |s: &Server| {
        s.send(
            "OPTIONS",
            "/api/sys/users",
            &[
                ("Origin", "http://127.0.0.1:9999"),
                ("Access-Control-Request-Method", "PUT"),
                (
                    "Access-Control-Request-Headers",
                    "authorization,content-type",
                ),
            ],
            None,
        )
    };
    let off = server();
    assert!(preflight(&off)
        .header("access-control-allow-origin")
        .is_none());
    let on = server_with(|c| c.cors = true);
    let r = preflight(&on);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    let t = on.sign_in("admin@example.com");
    let auth = format!("Bearer {t}");
    let r = on.send(
        "GET",
        "/api/sys/users/1001",
        &[
            ("Origin", "http://127.0.0.1:9999"),
            ("Authorization", &auth),
        ],
        None,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert!(r
        .header("access-control-expose-headers")
        .is_some_and(|h| h.to_ascii_lowercase().contains("retry-after")));
}

#[test]
fn binary_prints_url_and_demo_accounts_and_serves() {
    let exe = env!("CARGO_BIN_EXE_dev-api");
    let help = Command::new(exe).arg("--help").output().unwrap();
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("--token-ttl"));
    let bad = Command::new(exe).args(["--port", "x"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let missing = Command::new(exe)
        .args(["--static", "/nonexistent/dir"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));

    let mut child = Command::new(exe)
        .args(["--port", "0", "--token-ttl", "60"])
        .env("DEV_API_DEV_ENDPOINTS", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let mut banner = String::new();
    // The banner's last line names the /__dev switch; the server then stays quiet.
    for _ in 0..40 {
        match lines.next() {
            Some(Ok(line)) => {
                banner.push_str(&line);
                banner.push('\n');
                if line.contains("/__dev") {
                    break;
                }
            }
            _ => break,
        }
    }
    let addr = banner
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .and_then(|a| a.parse().ok());
    let result = std::panic::catch_unwind(|| {
        for account in dev_api::DEMO_ACCOUNTS {
            assert!(banner.contains(account.email), "{banner}");
        }
        assert!(
            banner.contains("Admin#2026") && banner.contains("123456"),
            "{banner}"
        );
        assert!(banner.contains("ON"), "{banner}");
        let addr = addr.expect("the banner names the URL");
        let r = raw(
            addr,
            "POST",
            "/api/token",
            &[("Content-Type", "application/x-www-form-urlencoded")],
            Some(b"grant_type=password&username=admin%40example.com&password=Admin%232026"),
        )
        .unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.json()["expires_in"], 60);
        let stats = raw(addr, "GET", "/__dev/stats", &[], None).unwrap();
        assert_eq!(stats.status, 200);
    });
    let _ = child.kill();
    let _ = child.wait();
    std::thread::sleep(Duration::from_millis(10));
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}
