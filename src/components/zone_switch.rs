//! The header's time-zone switch: the zone dates and times are shown and typed in, named
//! ("Madrid time, UTC+1"); opened, a choice of every zone the browser knows, kept on this
//! device. The list is a part of its own (with the rare question of `twice`): it is
//! opened rarely.

use leptos::prelude::*;

use crate::clock::{shown_label, zone_name, TimeZones};
use crate::components::deferred::{Deferred, Part};
use crate::components::focus_by_id;
use crate::js;

const BUTTON_ID: &str = "zone-button";
const SELECT_ID: &str = "zone-choice";

crate::deferred!(zones, fn zone_panel = |given| match crate::components::deferred::args::<RwSignal<bool>>(given) {
    Some(open) => view! { <ZonePanel open/> }.into_any(),
    None => ().into_any(),
});

/// The button in the header, and the panel it opens.
#[component]
pub fn ZoneSwitch() -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <button
            type="button"
            id=BUTTON_ID
            class="secondary zone"
            aria-expanded=move || if open.get() { "true" } else { "false" }
            on:click=move |_| open.update(|o| *o = !*o)
        >
            <span class="visually-hidden">"Time zone: "</span>
            {shown_label}
        </button>
        {move || open.get().then(|| view! {
            <Deferred load=zone_panel show=move |part: Part| part(Box::new(open))/>
        })}
    }
}

/// Every zone the browser knows (`Intl.supportedValuesOf`), UTC first.
fn known_zones() -> Vec<String> {
    let listed = js::global("Intl")
        .and_then(|intl| js::method(&intl, "supportedValuesOf")?.call1(&intl, &"timeZone".into()))
        .and_then(|list| js::method(&list, "join")?.call1(&list, &"\n".into()))
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default();
    let mut zones = vec!["UTC".to_owned()];
    zones.extend(listed.lines().filter(|z| *z != "UTC").map(str::to_owned));
    zones
}

/// The choice of zone: applied as it is chosen, closed by "Done" or Escape, which give
/// the focus back to the header's button.
#[component]
fn ZonePanel(open: RwSignal<bool>) -> impl IntoView {
    let Some(zones) = TimeZones::get() else {
        return ().into_any();
    };
    let browser = crate::clock::browser_zone().map_or_else(|| "UTC".to_owned(), |z| zone_name(&z));
    let close = move || {
        open.set(false);
        focus_by_id(BUTTON_ID);
    };
    request_animation_frame(|| {
        focus_by_id(SELECT_ID);
    });
    let chosen = zones.chosen_untracked().unwrap_or_default();
    let options = known_zones().into_iter().map(|id| {
        let selected = id == chosen;
        view! { <option value=id.clone() selected=selected>{id.clone()}</option> }
    });
    view! {
        <div
            class="zone-panel"
            role="group"
            aria-labelledby="zone-heading"
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    close();
                }
            }
        >
            <h2 id="zone-heading">"Time zone"</h2>
            <div class="field">
                <label for=SELECT_ID>"Show and type dates and times in"</label>
                <p class="hint" id="zone-hint">"Kept on this device. What is saved does not change."</p>
                <select
                    id=SELECT_ID
                    aria-describedby="zone-hint"
                    on:change=move |ev| {
                        let id = event_target_value(&ev);
                        zones.choose((!id.is_empty()).then_some(id));
                    }
                >
                    <option value="" selected=chosen.is_empty()>{format!("This browser's zone ({browser})")}</option>
                    {options.collect_view()}
                </select>
            </div>
            <button type="button" on:click=move |_| close()>"Done"</button>
        </div>
    }
    .into_any()
}
