//! The contract crate's tests, in one binary (one link on a two-core machine).

#![recursion_limit = "256"]

/// `serde_json::json!`, made the contract's own JSON value.
macro_rules! json {
    ($($t:tt)+) => {
        contract::json::Value::from(serde_json::json!($($t)+))
    };
}

mod draft;
mod fixtures;
mod merge;
mod props;
mod related;
mod responses;
mod rules;
mod zones;
