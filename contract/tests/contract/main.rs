//! The contract crate's tests, in one binary (one link on a two-core machine).

#![recursion_limit = "256"]

mod draft;
mod fixtures;
mod props;
mod responses;
mod rules;
