//! The development API: an in-memory implementation of `shared/api/CONTRACT.md`, used to
//! run the app locally and by every browser test.
//!
//! [`app`] builds the router; [`serve`] runs it on a listener; [`spawn`] starts it on a
//! background thread (tests use port 0 and read the address back).

pub mod config;
pub mod dev;
pub mod guard;
pub mod limit;
pub mod list;
pub mod related;
pub mod seed;
pub mod state;
pub mod time;
pub mod token;
pub mod users;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post, MethodRouter};
use axum::Router;
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};

pub use config::{Config, Parsed, USAGE};
use related::Collection;
pub use seed::{DemoAccount, DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP};
use state::Shared;

async fn api_not_found() -> Response {
    users::not_found()
}

async fn no_app() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Not found. This is the development API (routes under /api); \
         start it with --static DIR to serve the app too.\n",
    )
        .into_response()
}

fn related_list(collection: Collection) -> MethodRouter<Arc<Shared>> {
    get(
        move |shared: State<Arc<Shared>>, headers: HeaderMap, query: RawQuery| {
            related::list(collection, shared, headers, query)
        },
    )
}

fn related_one(collection: Collection) -> MethodRouter<Arc<Shared>> {
    get(
        move |shared: State<Arc<Shared>>, headers: HeaderMap, id: Path<String>| {
            related::get_one(collection, shared, headers, id)
        },
    )
}

/// The whole service: the API, the `/__dev` endpoints when enabled, and the app's files
/// when `static_dir` is set. `config.port` must be the port it is reached on (for the
/// `/__dev/` origin check; [`serve`] sets it).
pub fn app(config: Config) -> Router {
    let static_dir = config.static_dir.clone();
    let dev_endpoints = config.dev_endpoints;
    let cors = config.cors;
    let port = config.port;
    let shared = Arc::new(Shared::new(config));

    // The lists answer with a trailing slash too: the contract writes "load several" as
    // `GET /api/sys/users/?id=[1,2,3]`, and axum tells `/x/` from `/x`. A create to the
    // list's address is accepted at both spellings for the same reason.
    let mut router = Router::new()
        .route("/api/token", post(token::token))
        .route(
            "/api/sys/users",
            get(users::list).put(users::put).post(users::create),
        )
        .route("/api/sys/users/", get(users::list).post(users::create))
        .route(
            "/api/sys/users/{id}",
            get(users::get_one).delete(users::delete),
        );
    for (path, collection) in [
        ("/api/security/userroles", Collection::UserRoles),
        ("/api/sys/businesses", Collection::Businesses),
        ("/api/support/chatrooms", Collection::ChatRooms),
    ] {
        router = router
            .route(path, related_list(collection))
            .route(&format!("{path}/"), related_list(collection))
            .route(&format!("{path}/{{id}}"), related_one(collection));
    }
    router = router
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found));

    router = if dev_endpoints {
        let dev_routes = Router::new()
            .route("/__dev/reset", post(dev::reset))
            .route(
                "/__dev/faults",
                post(dev::add_fault)
                    .get(dev::list_faults)
                    .delete(dev::clear_faults),
            )
            .route("/__dev/stats", get(dev::stats))
            .route("/__dev/expire-tokens", post(dev::expire_tokens))
            .route("/__dev/revoke-refresh", post(dev::revoke_refresh))
            .route("/__dev/config", get(dev::config).post(dev::config))
            .route("/__dev/users/{id}/change", post(dev::change_user))
            .route_layer(axum::middleware::from_fn_with_state(
                port,
                guard::dev_only_json,
            ));
        router.merge(dev_routes)
    } else {
        router.route("/__dev/{*rest}", any(api_not_found))
    };

    router = match static_dir {
        Some(dir) => {
            let index = ServeFile::new(dir.join("index.html"));
            router.fallback_service(ServeDir::new(dir).fallback(index))
        }
        None => router.fallback(no_app),
    };

    let mut router = router
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            dev::api_middleware,
        ))
        .layer(axum::middleware::from_fn(guard::check_host))
        .with_state(shared);
    if cors {
        router = router.layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods(Any)
                .allow_headers(Any)
                .expose_headers([header::RETRY_AFTER]),
        );
    }
    router
}

/// Serves [`app`] on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, mut config: Config) -> std::io::Result<()> {
    // With port 0 the system picked one: the /__dev/ origin check needs the real one.
    config.port = listener.local_addr()?.port();
    axum::serve(listener, app(config)).await
}

/// Binds `127.0.0.1:{config.port}` (0 = any free port).
pub fn bind(config: &Config) -> std::io::Result<std::net::TcpListener> {
    let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, config.port))?;
    listener.set_nonblocking(true)?;
    Ok(listener)
}

/// A server running on a background thread.
#[derive(Clone, Copy, Debug)]
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
}

impl Running {
    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Starts the server on its own thread and runtime; returns once it is listening.
pub fn spawn(config: Config) -> std::io::Result<Running> {
    let listener = bind(&config)?;
    let addr = listener.local_addr()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::Builder::new()
        .name(format!("dev-api-{}", addr.port()))
        .spawn(move || {
            runtime.block_on(async move {
                match tokio::net::TcpListener::from_std(listener) {
                    Ok(listener) => {
                        if let Err(e) = serve(listener, config).await {
                            eprintln!("dev-api: server stopped: {e}");
                        }
                    }
                    Err(e) => eprintln!("dev-api: cannot use the listener: {e}"),
                }
            })
        })?;
    Ok(Running { addr })
}

/// The start-up banner: URL, demo credentials, switches.
pub fn banner(config: &Config, addr: SocketAddr) -> String {
    let mut out = String::new();
    let url = format!("http://{addr}");
    out.push_str(&format!(
        "dev-api listening on {url}  (API base {url}/api)\n"
    ));
    if let Some(dir) = &config.static_dir {
        out.push_str(&format!(
            "  serving the app from {} at {url}/\n",
            dir.display()
        ));
    }
    out.push_str("  demo accounts (password / TOTP):\n");
    for a in DEMO_ACCOUNTS {
        let totp = a.totp.map(|t| format!(" + TOTP {t}")).unwrap_or_default();
        out.push_str(&format!(
            "    {:<24} {}{totp}  — {}\n",
            a.email, a.password, a.note
        ));
    }
    let off = |limit: u32| if limit == 0 { " (off)" } else { "" };
    out.push_str(&format!(
        "  token lifetime {}s, write limit {}/min{}, read limit {}/min{}, call limit {}/min{}, not-permitted status {}\n",
        config.token_ttl_secs,
        config.write_limit,
        off(config.write_limit),
        config.read_limit,
        off(config.read_limit),
        config.call_limit,
        off(config.call_limit),
        config.forbidden_status,
    ));
    if config.sort_dir_reading == list::SortDirReading::Inverted {
        out.push_str("  lists read dir inverted: 0 ascending, 1 and -1 descending\n");
    }
    out.push_str(&format!(
        "  /__dev test-control endpoints: {}{}\n",
        if config.dev_endpoints { "ON" } else { "off" },
        if config.cors {
            "; CORS: any origin"
        } else {
            ""
        },
    ));
    out
}
