//! Start-up configuration: command-line flags, each with an environment-variable twin.
//! A flag wins over its variable; both win over the default.

use std::path::PathBuf;

use crate::limit::{PLATFORM_READ_LIMIT, PLATFORM_WRITE_LIMIT};
use crate::list::SortDirReading;
use crate::seed::DEMO_ACCOUNTS;

/// How the server runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Loopback port to listen on; 0 picks a free one.
    pub port: u16,
    /// Lifetime of an access token, in seconds (also the token answer's `expires_in`).
    pub token_ttl_secs: u64,
    /// Writes (POST, PUT, DELETE) per sliding minute before 409; 0 turns throttling off.
    pub write_limit: u32,
    /// `/api` calls of any kind allowed per sliding minute before 409; 0 (the default, so
    /// that test suites are not throttled) turns it off. The platform allows 120.
    pub call_limit: u32,
    /// Reads (`GET` under `/api`) allowed per sliding minute before 409; 0 (the default)
    /// turns it off. The platform allows 120 (`--rate-limits`).
    pub read_limit: u32,
    /// Whether the `/__dev/…` test-control endpoints exist.
    pub dev_endpoints: bool,
    /// A folder (the app's release build) to serve next to the API, with SPA fallback.
    pub static_dir: Option<PathBuf>,
    /// The status of a "signed in but not permitted" answer: 401 (the contract) or 403.
    pub forbidden_status: u16,
    /// Whether to answer CORS requests from any origin (off: the app uses a same-origin proxy).
    pub cors: bool,
    /// How many users the seed makes (the demo accounts included); more for benchmarks.
    pub users: usize,
    /// How list queries read `dir`.
    pub sort_dir_reading: SortDirReading,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            port: 8787,
            token_ttl_secs: 3600,
            write_limit: 60,
            call_limit: 0,
            read_limit: 0,
            dev_endpoints: false,
            static_dir: None,
            forbidden_status: 401,
            cors: false,
            users: crate::seed::USER_COUNT,
            sort_dir_reading: SortDirReading::Standard,
        }
    }
}

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
pub enum Parsed {
    /// Run with this configuration.
    Run(Config),
    /// Print [`USAGE`] and exit.
    Help,
}

/// The `--help` text.
pub const USAGE: &str = "\
dev-api: in-memory development implementation of the Users API

USAGE: dev-api [FLAGS]

  --port N              port on 127.0.0.1 (0 = any free one)  [DEV_API_PORT, default 8787]
  --token-ttl SECS      access-token lifetime in seconds         [DEV_API_TOKEN_TTL, default 3600]
  --write-limit N       writes (POST, PUT, DELETE) per sliding minute before 409; 0 = unlimited
                                                                 [DEV_API_WRITE_LIMIT, default 60]
  --call-limit N        /api calls of any kind per sliding minute before 409; 0 = unlimited
                        (the platform's is 120)                  [DEV_API_CALL_LIMIT, default 0]
  --read-limit N        GET requests under /api per sliding minute before 409; 0 = unlimited
                                                                 [DEV_API_READ_LIMIT, default 0]
  --rate-limits         the platform's limits: write limit 60 and read limit 120; an explicit
                        --write-limit or --read-limit (or its variable) wins, in any order
                                                                 [DEV_API_RATE_LIMITS=1]
  --dev-endpoints       enable the /__dev/ test-control endpoints [DEV_API_DEV_ENDPOINTS=1]
  --static DIR          also serve DIR (the app's build) with SPA fallback to index.html
                                                                 [DEV_API_STATIC]
  --forbidden-status S  status for 'signed in but not permitted': 401 or 403
                                                                 [DEV_API_FORBIDDEN_STATUS, default 401]
  --cors                allow cross-origin calls from any origin [DEV_API_CORS=1]
  --users N             how many users to seed, 6 to 100000      [DEV_API_USERS, default 300]
  --sort-dir-reading R  how lists read dir: standard (1 ascending; 0, -1 descending) or
                        inverted (0 ascending; 1, -1 descending)
                                                                 [DEV_API_SORT_DIR_READING, default standard]
  -h, --help            this text
";

fn flag_value(name: &str, value: &str) -> Result<u64, String> {
    value
        .trim()
        .parse::<u64>()
        .map_err(|_| format!("{name}: expected a whole number ≥ 0, got {value:?}"))
}

fn truthy(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "1" | "true" | "yes" | "on"
    )
}

fn set(config: &mut Config, key: &str, value: &str) -> Result<(), String> {
    match key {
        "port" => {
            config.port = u16::try_from(flag_value("--port", value)?)
                .map_err(|_| format!("--port: {value} is not a port number"))?
        }
        "token-ttl" => {
            let secs = flag_value("--token-ttl", value)?;
            if secs == 0 {
                return Err("--token-ttl: must be at least 1 second".into());
            }
            config.token_ttl_secs = secs;
        }
        "write-limit" => {
            config.write_limit = u32::try_from(flag_value("--write-limit", value)?)
                .map_err(|_| format!("--write-limit: {value} is too large"))?
        }
        "call-limit" => {
            config.call_limit = u32::try_from(flag_value("--call-limit", value)?)
                .map_err(|_| format!("--call-limit: {value} is too large"))?
        }
        "read-limit" => {
            config.read_limit = u32::try_from(flag_value("--read-limit", value)?)
                .map_err(|_| format!("--read-limit: {value} is too large"))?
        }
        "static" => config.static_dir = Some(PathBuf::from(value)),
        "users" => {
            let n = flag_value("--users", value)?;
            let least = DEMO_ACCOUNTS.len() as u64;
            if !(least..=100_000).contains(&n) {
                return Err(format!("--users: expected {least} to 100000, got {n}"));
            }
            config.users = n as usize;
        }
        "sort-dir-reading" => {
            config.sort_dir_reading = SortDirReading::parse(value).ok_or_else(|| {
                format!("--sort-dir-reading: expected standard or inverted, got {value:?}")
            })?
        }
        "forbidden-status" => match value.trim() {
            "401" => config.forbidden_status = 401,
            "403" => config.forbidden_status = 403,
            other => {
                return Err(format!(
                    "--forbidden-status: expected 401 or 403, got {other:?}"
                ))
            }
        },
        other => return Err(format!("unknown setting {other}")),
    }
    Ok(())
}

impl Config {
    /// Reads the environment (through `env`) and then the flags in `args` (without the
    /// program name). `--rate-limits` (or `DEV_API_RATE_LIMITS`) is applied last, to the
    /// write and read limits that no flag or variable of their own set.
    pub fn parse(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Parsed, String> {
        let mut config = Config::default();
        // The limits set by a flag or variable of their own: `--rate-limits` leaves them.
        let mut explicit: Vec<String> = Vec::new();
        let mut rate_limits = false;
        for (var, key) in [
            ("DEV_API_PORT", "port"),
            ("DEV_API_TOKEN_TTL", "token-ttl"),
            ("DEV_API_WRITE_LIMIT", "write-limit"),
            ("DEV_API_CALL_LIMIT", "call-limit"),
            ("DEV_API_READ_LIMIT", "read-limit"),
            ("DEV_API_STATIC", "static"),
            ("DEV_API_FORBIDDEN_STATUS", "forbidden-status"),
            ("DEV_API_USERS", "users"),
            ("DEV_API_SORT_DIR_READING", "sort-dir-reading"),
        ] {
            if let Some(value) = env(var).filter(|v| !v.trim().is_empty()) {
                set(&mut config, key, &value).map_err(|e| format!("{var}: {e}"))?;
                explicit.push(key.to_owned());
            }
        }
        if let Some(value) = env("DEV_API_RATE_LIMITS") {
            rate_limits = truthy(&value);
        }
        if let Some(value) = env("DEV_API_DEV_ENDPOINTS") {
            config.dev_endpoints = truthy(&value);
        }
        if let Some(value) = env("DEV_API_CORS") {
            config.cors = truthy(&value);
        }

        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "-h" | "--help" => return Ok(Parsed::Help),
                "--dev-endpoints" => config.dev_endpoints = true,
                "--cors" => config.cors = true,
                "--rate-limits" => rate_limits = true,
                _ => {
                    let Some(flag) = arg.strip_prefix("--") else {
                        return Err(format!("unexpected argument {arg:?} (see --help)"));
                    };
                    let (key, value) = match flag.split_once('=') {
                        Some((key, value)) => (key.to_owned(), value.to_owned()),
                        None => {
                            let value = args
                                .next()
                                .ok_or_else(|| format!("--{flag} needs a value (see --help)"))?;
                            (flag.to_owned(), value)
                        }
                    };
                    match key.as_str() {
                        "port" | "token-ttl" | "write-limit" | "call-limit" | "read-limit"
                        | "static" | "forbidden-status" | "users" | "sort-dir-reading" => {
                            set(&mut config, &key, &value)?;
                            explicit.push(key);
                        }
                        "dev-endpoints" => config.dev_endpoints = truthy(&value),
                        "cors" => config.cors = truthy(&value),
                        "rate-limits" => rate_limits = truthy(&value),
                        _ => return Err(format!("unknown flag --{key} (see --help)")),
                    }
                }
            }
        }
        if rate_limits {
            let set_alone = |key: &str| explicit.iter().any(|k| k == key);
            if !set_alone("write-limit") {
                config.write_limit = PLATFORM_WRITE_LIMIT;
            }
            if !set_alone("read-limit") {
                config.read_limit = PLATFORM_READ_LIMIT;
            }
        }
        Ok(Parsed::Run(config))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], env: &[(&str, &str)]) -> Result<Parsed, String> {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::parse(args.iter().map(|s| s.to_string()), move |k| {
            env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn defaults() {
        assert_eq!(parse(&[], &[]), Ok(Parsed::Run(Config::default())));
    }

    #[test]
    fn flags_override_env() {
        let Ok(Parsed::Run(c)) = parse(
            &[
                "--port",
                "9000",
                "--token-ttl=5",
                "--dev-endpoints",
                "--static",
                "dist",
            ],
            &[("DEV_API_PORT", "1234"), ("DEV_API_WRITE_LIMIT", "3")],
        ) else {
            panic!("should parse");
        };
        assert_eq!(c.port, 9000);
        assert_eq!(c.token_ttl_secs, 5);
        assert_eq!(c.write_limit, 3);
        assert!(c.dev_endpoints);
        assert_eq!(c.static_dir, Some(PathBuf::from("dist")));
    }

    #[test]
    fn env_switches() {
        let Ok(Parsed::Run(c)) = parse(
            &[],
            &[
                ("DEV_API_DEV_ENDPOINTS", "1"),
                ("DEV_API_FORBIDDEN_STATUS", "403"),
            ],
        ) else {
            panic!("should parse");
        };
        assert!(c.dev_endpoints);
        assert_eq!(c.forbidden_status, 403);
    }

    #[test]
    fn sort_dir_reading_from_flag_or_env() {
        let Ok(Parsed::Run(c)) = parse(&[], &[("DEV_API_SORT_DIR_READING", "inverted")]) else {
            panic!("should parse");
        };
        assert_eq!(c.sort_dir_reading, SortDirReading::Inverted);
        let Ok(Parsed::Run(c)) = parse(
            &["--sort-dir-reading=standard"],
            &[("DEV_API_SORT_DIR_READING", "inverted")],
        ) else {
            panic!("should parse");
        };
        assert_eq!(c.sort_dir_reading, SortDirReading::Standard);
        assert!(parse(&["--sort-dir-reading", "sideways"], &[]).is_err());
        assert!(
            parse(&["--users", "4"], &[]).is_err(),
            "fewer than the demo accounts"
        );
    }

    #[test]
    fn call_limit_from_flag_or_env() {
        let Ok(Parsed::Run(c)) = parse(&[], &[("DEV_API_CALL_LIMIT", "120")]) else {
            panic!("should parse");
        };
        assert_eq!(c.call_limit, 120);
        let Ok(Parsed::Run(c)) = parse(&["--call-limit=5"], &[("DEV_API_CALL_LIMIT", "120")])
        else {
            panic!("should parse");
        };
        assert_eq!(c.call_limit, 5);
        let Ok(Parsed::Run(c)) = parse(&["--call-limit", "0"], &[]) else {
            panic!("should parse");
        };
        assert_eq!(c.call_limit, 0);
        assert!(parse(&["--call-limit", "-1"], &[]).is_err());
        assert!(parse(&["--call-limit", "99999999999"], &[]).is_err());
        assert!(parse(&[], &[("DEV_API_CALL_LIMIT", "many")]).is_err());
    }

    #[test]
    fn read_limit_from_flag_or_env() {
        let Ok(Parsed::Run(c)) = parse(&[], &[("DEV_API_READ_LIMIT", "30")]) else {
            panic!("should parse");
        };
        assert_eq!(c.read_limit, 30);
        let Ok(Parsed::Run(c)) = parse(&["--read-limit=5"], &[("DEV_API_READ_LIMIT", "30")]) else {
            panic!("should parse");
        };
        assert_eq!(c.read_limit, 5);
        assert!(parse(&["--read-limit", "-1"], &[]).is_err());
        assert!(parse(&["--read-limit", "99999999999"], &[]).is_err());
        assert!(parse(&[], &[("DEV_API_READ_LIMIT", "many")]).is_err());
    }

    #[test]
    fn rate_limits_are_the_platforms_unless_a_limit_is_set_alone() {
        let limits = |args: &[&str], env: &[(&str, &str)]| match parse(args, env) {
            Ok(Parsed::Run(c)) => (c.write_limit, c.read_limit, c.call_limit),
            other => panic!("{args:?} {env:?}: {other:?}"),
        };
        assert_eq!(limits(&["--rate-limits"], &[]), (60, 120, 0));
        assert_eq!(limits(&[], &[("DEV_API_RATE_LIMITS", "1")]), (60, 120, 0));
        assert_eq!(
            limits(&["--rate-limits=0"], &[("DEV_API_RATE_LIMITS", "1")]),
            (60, 0, 0)
        );
        // The default write limit is already the platform's; another one replaces it.
        assert_eq!(limits(&["--write-limit", "3"], &[]), (3, 0, 0));
        // A limit set on its own wins, before or after the shorthand, flag or variable.
        assert_eq!(
            limits(&["--rate-limits", "--read-limit", "7"], &[]),
            (60, 7, 0)
        );
        assert_eq!(
            limits(&["--read-limit=7", "--rate-limits"], &[]),
            (60, 7, 0)
        );
        assert_eq!(
            limits(&["--write-limit=0", "--rate-limits"], &[]),
            (0, 120, 0)
        );
        assert_eq!(
            limits(&["--rate-limits"], &[("DEV_API_WRITE_LIMIT", "9")]),
            (9, 120, 0)
        );
        assert_eq!(
            limits(
                &[],
                &[("DEV_API_RATE_LIMITS", "yes"), ("DEV_API_READ_LIMIT", "0")]
            ),
            (60, 0, 0)
        );
    }

    #[test]
    fn errors_are_clear() {
        assert!(parse(&["--port", "x"], &[]).is_err());
        assert!(parse(&["--port"], &[]).is_err());
        assert!(parse(&["--forbidden-status", "404"], &[]).is_err());
        assert!(parse(&["--bogus"], &[]).is_err());
        assert!(parse(&["stray"], &[]).is_err());
        assert_eq!(parse(&["--help"], &[]), Ok(Parsed::Help));
    }
}
