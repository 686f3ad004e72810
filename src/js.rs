//! Browser APIs the app uses in a few places (`Intl`, `Blob`, `Date`, `CSSStyleSheet`),
//! reached through `Reflect` and the `Function.call` imports the app has anyway. Typed
//! bindings would each add an import to the glue every page loads, the edit page's
//! included (BENCHMARKS.md, "The workbench").

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// `target[key]`.
pub fn get(target: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    Reflect::get(target, &JsValue::from_str(key))
}

/// `target[key]` as a function, to `call1`/`call2` with `target` as `this`.
pub fn method(target: &JsValue, key: &str) -> Result<Function, JsValue> {
    get(target, key).map(JsCast::unchecked_into)
}

/// `globalThis[name]`.
pub fn global(name: &str) -> Result<JsValue, JsValue> {
    get(&js_sys::global(), name)
}

/// `new globalThis[class](...args)`, `args` an array (an empty object for none).
pub fn construct(class: &str, args: &JsValue) -> Result<JsValue, JsValue> {
    let reflect = global("Reflect")?;
    method(&reflect, "construct")?.call2(&reflect, &global(class)?, args)
}

/// `new globalThis[class]()`.
pub fn construct0(class: &str) -> Result<JsValue, JsValue> {
    // An object without `length` is an empty argument list to `construct`.
    construct(class, &Object::new())
}
