//! Which release of the app this tab runs. The release is split into parts with
//! content-hashed names, fetched when first used; after a deploy, a tab opened before it
//! asks for names the server may no longer have. Telling that apart from a lost
//! connection decides what the page says: reload (the edits are kept), or try again.

/// Whether a part of this tab's release was answered with an error status (a 404, once
/// a newer release replaced this one's files): the split's loader marks it
/// (xtask/src/glue.rs). A connection that failed leaves no mark.
pub fn part_gone() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &"__userAdminPartGone".into())
        .is_ok_and(|gone| gone.is_truthy())
}
