//! Every endpoint and error case of the development API, over real HTTP on loopback.
//! One test binary (one link) with a fresh server per test.

mod cache_control;
mod call_limit;
mod client;
mod create;
mod delete;
mod dev;
mod guard;
mod read_limit;
mod related;
mod search;
mod seed_facts;
mod serving;
mod several;
mod token;
mod update;
