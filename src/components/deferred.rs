//! Parts of the app kept out of the first download. In a release build made with
//! `--cfg split` (release.toml, `cargo xtask release`), each part declared with [`deferred!`] and
//! all the code only it reaches go to a module of their own, fetched the first time the
//! part is shown; every other build links them in as usual.

use std::any::Any;

use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use crate::components::leave_guard::LeaveGuard;

/// A part's entry point: renders it from what its caller hands over (`()` when nothing).
/// One type for every part, so [`Deferred`] is compiled once, not once a part.
pub type Part = fn(Box<dyn Any>) -> AnyView;

/// Fetches a part (at once where the module is not split).
pub type LoadPart = fn() -> LocalBoxFuture<'static, Result<Part, SplitLoaderError>>;

/// Declares `fn $name() -> …` ([`LoadPart`]), a part in the split module `$module`,
/// rendered by `$render` ([`Part`]). The component `$render` names and everything only it
/// uses move with it.
///
/// With `fn $name -> $ty = $entry`, the part is code that shows nothing of its own: `$name`
/// fetches `$entry`, a function pointer of type `$ty`.
#[macro_export]
macro_rules! deferred {
    ($module:ident, $vis:vis fn $name:ident -> $ty:ty = $entry:expr) => {
        $vis fn $name() -> ::futures::future::LocalBoxFuture<
            'static,
            Result<$ty, ::leptos::wasm_split::SplitLoaderError>,
        > {
            #[cfg(split)]
            #[::leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn $name() -> Result<$ty, ::leptos::wasm_split::SplitLoaderError> {
                Ok($entry)
            }
            #[cfg(not(split))]
            async fn $name() -> Result<$ty, ::leptos::wasm_split::SplitLoaderError> {
                Ok($entry)
            }
            // (The split point is named after the part: the splitter tells them apart by name.)
            ::std::boxed::Box::pin($name())
        }
    };
    ($module:ident, $vis:vis fn $name:ident = $render:expr) => {
        $crate::deferred!($module, $vis fn $name -> $crate::components::deferred::Part = $render);
    };
}

/// The words of [`NOT_DOWNLOADED`], for the texts built on them.
macro_rules! not_downloaded {
    () => {
        "This part of User Admin could not be downloaded. Check the connection, then try again."
    };
}

/// What a part that could not be downloaded says (a failed fetch is not remembered: the
/// next attempt starts afresh).
pub const NOT_DOWNLOADED: &str = not_downloaded!();

/// What a part that belongs to a release no longer deployed says: trying again cannot
/// fetch it, a reload can (the edit page's changes are kept in this tab).
pub const NEW_VERSION: &str =
    "A new version of User Admin is available. Reload to go on — your changes are kept.";

/// What a part that could not be had says: that a newer release is deployed, when the
/// server no longer has this release's parts ([`crate::release::part_gone`]), with the
/// button that reloads the page; else that it could not be downloaded (and that the
/// edits are kept, when `kept`), with "Try again" when `again` is given (bumped to fetch
/// afresh). The reload lets the leave guard go first: the edits are kept in the tab (the
/// draft offer brings them back), so the browser's "leave this page?" would only get in
/// the way.
#[component]
pub fn PartMissing(
    #[prop(optional)] again: Option<RwSignal<u32>>,
    #[prop(optional)] kept: bool,
) -> impl IntoView {
    let newer = crate::release::part_gone();
    let guard = expect_context::<LeaveGuard>();
    let on_click = move |_| {
        if newer {
            guard.release();
            let _ = window().location().reload();
        } else if let Some(again) = again {
            again.update(|n| *n += 1);
        }
    };
    let text = match (newer, kept) {
        (true, _) => NEW_VERSION,
        (false, true) => concat!(not_downloaded!(), " Your changes are still here."),
        (false, false) => NOT_DOWNLOADED,
    };
    view! {
        <p>{text}</p>
        {(newer || again.is_some()).then(|| view! {
            <button type="button" class="secondary" on:click=on_click>
                {if newer { "Reload" } else { "Try again" }}
            </button>
        })}
    }
}

/// The arguments a part was handed, as the type it renders from; `None` (and nothing
/// shown) if a caller handed another type.
pub fn args<T: 'static>(args: Box<dyn Any>) -> Option<T> {
    args.downcast().ok().map(|boxed| *boxed)
}

/// Shows a deferred part through `show`: a note while its module arrives, or what went
/// wrong with a way on (a failed fetch is not remembered; the next attempt starts afresh).
#[component]
pub fn Deferred(load: LoadPart, #[prop(into)] show: Callback<Part, AnyView>) -> impl IntoView {
    let attempt = RwSignal::new(0u32);
    let part = LocalResource::new(move || {
        attempt.track();
        load()
    });
    move || match part.get() {
        None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
        Some(Ok(part)) => show.run(part),
        Some(Err(_)) => {
            view! { <div class="problem" role="alert"><PartMissing again=attempt/></div> }
                .into_any()
        }
    }
}
