//! Everything the server remembers, behind one mutex (never held across an `.await`).

use std::collections::hash_map::RandomState;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::config::Config;
use crate::list::{IdFilter, Reading, SortDirReading};
use crate::seed;

/// Refresh tokens live 15 days, as the platform documents.
pub const REFRESH_TTL: Duration = Duration::from_secs(15 * 24 * 3600);
/// How many requests `/__dev/stats` remembers.
pub const REQUEST_LOG_LEN: usize = 200;

/// An issued access token.
#[derive(Clone, Debug)]
pub struct AccessToken {
    /// Whose it is.
    pub user_id: i64,
    /// When it stops working.
    pub expires: Instant,
}

/// An issued refresh token.
#[derive(Clone, Debug)]
pub struct RefreshToken {
    /// Whose it is.
    pub user_id: i64,
    /// The `client_id` header it was issued to (None = sent without one).
    pub client_id: Option<String>,
    /// When it stops working.
    pub expires: Instant,
}

/// One injected fault (see `POST /__dev/faults`).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// HTTP method to match, any when null.
    #[serde(default)]
    pub method: Option<String>,
    /// Path prefix to match (e.g. `/api/sys/users`), any `/api` path when null.
    #[serde(default)]
    pub path: Option<String>,
    /// How many matching requests get the fault.
    #[serde(default = "one")]
    pub count: u32,
    /// Answer this status instead of the real one.
    #[serde(default)]
    pub status: Option<u16>,
    /// With `status`: the raw body to send (may be malformed on purpose).
    #[serde(default)]
    pub body: Option<String>,
    /// Wait this long first.
    #[serde(default)]
    pub delay_ms: u64,
    /// Close the connection without a valid HTTP answer.
    #[serde(default)]
    pub drop: bool,
    /// With `status`: a `Retry-After` header value.
    #[serde(default)]
    pub retry_after: Option<Value>,
    /// With `drop` or `status`: the request is handled first, so a write is applied, and
    /// only its answer is lost or replaced (a client must then find out what happened).
    #[serde(default)]
    pub applied: bool,
}

fn one() -> u32 {
    1
}

/// One line of the request log.
#[derive(Clone, Debug, Serialize)]
pub struct LoggedRequest {
    /// e.g. `PUT`.
    pub method: String,
    /// The path without the query.
    pub path: String,
    /// The query string, if any.
    pub query: Option<String>,
    /// The status answered (0 when the connection was dropped).
    pub status: u16,
    /// Which fault was applied: `status`, `drop`, `delay`, or null.
    pub fault: Option<&'static str>,
}

/// Counters for `/__dev/stats`.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    /// Token requests by grant type (`password`, `refresh_token`, `other`), answered or not.
    pub token_requests: BTreeMap<String, u64>,
    /// Successful token answers by grant type.
    pub tokens_issued: BTreeMap<String, u64>,
    /// The last [`REQUEST_LOG_LEN`] `/api` requests, oldest first.
    pub requests: VecDeque<LoggedRequest>,
}

/// The settings that `/__dev/config` may change at run time (and `/__dev/reset` restores).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Access-token lifetime in seconds.
    pub token_ttl: u64,
    /// Writes (POST, PUT, DELETE of users) per sliding minute; 0 = unlimited.
    pub write_limit: u32,
    /// `/api` calls of any kind per sliding minute; 0 = unlimited.
    pub call_limit: u32,
    /// Reads (`GET` under `/api`) per sliding minute; 0 = unlimited.
    pub read_limit: u32,
    /// 401 or 403 for "not permitted".
    pub forbidden_status: u16,
    /// How many users the seed makes (fixed at start-up).
    pub user_count: usize,
    /// How list queries read `dir`.
    pub sort_dir_reading: SortDirReading,
    /// What list queries do with `id=[…]`.
    pub id_filter: IdFilter,
    /// A `Cache-Control` value for every 2xx answer to a `GET` under `/api/`; none when
    /// null (the answers then carry none, as ever).
    pub cache_control: Option<String>,
    /// Query parameters that list queries ignore as if not sent (compared
    /// case-insensitively), as a platform that does not know those filters would.
    pub ignored_filters: Vec<String>,
}

impl Settings {
    /// How list queries read what the platform's docs leave open.
    pub fn list_reading(&self) -> Reading<'_> {
        Reading {
            dir: self.sort_dir_reading,
            id_filter: self.id_filter,
            ignored: &self.ignored_filters,
        }
    }
}

/// The mutable state.
pub struct State {
    /// Users by id, as JSON objects.
    pub users: BTreeMap<i64, Map<String, Value>>,
    /// The id the next created user gets. Kept apart from `users`: after the user with the
    /// highest id is deleted, its id must not come back (a page may still name it).
    pub next_user_id: i64,
    /// User roles by id (read-only).
    pub user_roles: BTreeMap<i64, Map<String, Value>>,
    /// Businesses by id (read-only).
    pub businesses: BTreeMap<i64, Map<String, Value>>,
    /// Chat rooms by id (read-only).
    pub chat_rooms: BTreeMap<i64, Map<String, Value>>,
    /// Sign-in passwords by user id (only users that can sign in).
    pub passwords: HashMap<i64, String>,
    /// Live access tokens.
    pub access: HashMap<String, AccessToken>,
    /// Live refresh tokens.
    pub refresh: HashMap<String, RefreshToken>,
    /// When the writes of the last minute happened.
    pub writes: VecDeque<Instant>,
    /// When the `/api` calls of the last minute happened (counted with the limit off too).
    pub calls: VecDeque<Instant>,
    /// When the reads (`GET` under `/api`) of the last minute happened (counted with the
    /// limit off too).
    pub reads: VecDeque<Instant>,
    /// Pending faults, first match wins.
    pub faults: Vec<Fault>,
    /// Counters.
    pub stats: Stats,
    /// Run-time settings.
    pub settings: Settings,
}

impl State {
    fn seeded(settings: Settings) -> Self {
        let by_id = |records: Vec<Map<String, Value>>| {
            records
                .into_iter()
                .filter_map(|r| r.get("Id").and_then(Value::as_i64).map(|id| (id, r)))
                .collect()
        };
        let passwords = seed::DEMO_ACCOUNTS
            .iter()
            .map(|a| (a.id, a.password.to_owned()))
            .collect();
        let users: BTreeMap<i64, _> = by_id(seed::users(settings.user_count));
        let next_user_id = users.keys().next_back().map_or(1, |id| id + 1);
        Self {
            users,
            next_user_id,
            user_roles: by_id(seed::user_roles()),
            businesses: by_id(seed::businesses()),
            chat_rooms: by_id(seed::chat_rooms()),
            passwords,
            access: HashMap::new(),
            refresh: HashMap::new(),
            writes: VecDeque::new(),
            calls: VecDeque::new(),
            reads: VecDeque::new(),
            faults: Vec::new(),
            stats: Stats::default(),
            settings,
        }
    }

    /// Restores seed data, settings, faults, counters and throttles; keeps tokens.
    pub fn reset(&mut self, settings: Settings) {
        let access = std::mem::take(&mut self.access);
        let refresh = std::mem::take(&mut self.refresh);
        *self = Self::seeded(settings);
        self.access = access;
        self.refresh = refresh;
    }

    /// The id of the user with this email (case-insensitive).
    pub fn user_by_email(&self, email: &str) -> Option<i64> {
        let wanted = email.trim().to_lowercase();
        self.users
            .iter()
            .find(|(_, u)| {
                u.get("Email")
                    .and_then(Value::as_str)
                    .is_some_and(|e| e.trim().to_lowercase() == wanted)
            })
            .map(|(id, _)| *id)
    }
}

/// What every handler shares.
pub struct Shared {
    /// The start-up configuration.
    pub config: Config,
    state: Mutex<State>,
    hasher: RandomState,
    counter: AtomicU64,
}

impl Shared {
    /// A fresh, seeded server state.
    pub fn new(config: Config) -> Self {
        let settings = Self::initial_settings(&config);
        Self {
            config,
            state: Mutex::new(State::seeded(settings)),
            hasher: RandomState::new(),
            counter: AtomicU64::new(0),
        }
    }

    /// The settings the server started with.
    pub fn initial_settings(config: &Config) -> Settings {
        Settings {
            token_ttl: config.token_ttl_secs,
            write_limit: config.write_limit,
            call_limit: config.call_limit,
            read_limit: config.read_limit,
            forbidden_status: config.forbidden_status,
            user_count: config.users,
            sort_dir_reading: config.sort_dir_reading,
            id_filter: IdFilter::default(),
            cache_control: None,
            ignored_filters: Vec::new(),
        }
    }

    /// Locks the state; a poisoned lock (a panic elsewhere) is recovered, not propagated.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// An unguessable-enough token for a development server: 128 bits from the
    /// process's random hasher keys, a counter and the clock. Not cryptographic.
    pub fn new_token(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        let mut out = String::with_capacity(32);
        for part in 0..2u64 {
            let mut h = self.hasher.build_hasher();
            h.write_u64(n);
            h.write_u64(nanos);
            h.write_u64(part);
            out.push_str(&format!("{:016x}", h.finish()));
        }
        out
    }
}
