//! Every endpoint and error case of the development API, over real HTTP on loopback.
//! One test binary (one link) with a fresh server per test.

mod client;
mod dev;
mod guard;
mod related;
mod search;
mod serving;
mod token;
mod update;
