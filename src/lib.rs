//! User Admin: the app.
