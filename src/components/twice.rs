//! The question a wall-clock time that happens twice asks (the hour the clocks go back):
//! which of the two is meant. Off the first download: it is needed an hour a year.

use contract::datetime::{offset_label, read_input, shown_text, twice_in_shown};
use leptos::prelude::*;

use crate::components::deferred;
use crate::form::FormState;

// In the zone switch's part: both need the zone's rules, which then come once.
crate::deferred!(zones, pub fn twice_choice = |given| match deferred::args::<&'static str>(given) {
    Some(name) => view! { <TwiceChoice name/> }.into_any(),
    None => ().into_any(),
});

/// Two radio buttons, the earlier and the later reading; choosing one sets the field to
/// that instant.
#[component]
fn TwiceChoice(name: &'static str) -> impl IntoView {
    let form = expect_context::<FormState>();
    move || {
        crate::clock::track();
        let text = form.input(name);
        let both = twice_in_shown(&text)?;
        let chosen = read_input(&text).ok();
        // Both readings show the same wall-clock time.
        let (wall, _) = contract::datetime::shown_wall(&both[0].0);
        let time = format!("{:02}:{:02}", wall.hour, wall.minute);
        let legend = format!("Which {time}? It happens twice as the clocks go back.");
        let options = both.into_iter().enumerate().map(|(i, (instant, offset))| {
            let id = format!("f-{name}-twice-{i}");
            let label = format!(
                "{time}, the {} time ({})",
                if i == 0 { "first" } else { "second" },
                offset_label(offset)
            );
            let checked = chosen.as_ref() == Some(&instant);
            let pinned = shown_text(&instant);
            view! {
                <div class="field checkbox">
                    <input
                        type="radio"
                        id=id.clone()
                        name=format!("f-{name}-twice")
                        prop:checked=checked
                        on:change=move |_| form.set(name, pinned.clone())
                    />
                    <label for=id>{label}</label>
                </div>
            }
        });
        Some(view! {
            <fieldset class="twice">
                <legend>{legend}</legend>
                {options.collect_view()}
            </fieldset>
        })
    }
}
