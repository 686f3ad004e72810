//! One page a file.

pub mod not_found;
pub mod sign_in;
pub mod user_edit;
pub mod user_new;
pub mod users;
