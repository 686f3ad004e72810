//! Pieces shared by the pages.

pub mod shell;
pub mod sign_in_form;

use leptos::prelude::*;

/// Sets the document title for the page that calls it.
pub fn set_title(title: &str) {
    document().set_title(&format!("{title} — User Admin"));
}
