//! In the browser the app starts from wasm-bindgen's start hook, not from a `main`: std's
//! process start-up (stdout and its flushing, the main thread's name) stays out of the
//! module.
#![cfg_attr(target_arch = "wasm32", no_main)]

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
fn main() {
    user_admin::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    user_admin::start();
}
