//! The contract crate's tests, in one binary (one link on a two-core machine).

mod draft;
mod fixtures;
mod props;
mod responses;
mod rules;
