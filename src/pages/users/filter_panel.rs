//! The filters beside the search: each control shows what the address holds and goes to
//! a new address when changed; the filters in use show as removable chips, and whatever
//! a hand-edited address held that could not be used is said.

use leptos::prelude::*;

use super::Search;
use crate::search::filters::{Day, DayRange, FilterKind, Filters};

/// How long a date waits for typing to pause before the list follows it.
const DATE_PAUSE_MS: u32 = 700;

/// A yes / no / any choice, as a `<select>`: `""` is any.
#[component]
fn Choice(
    id: &'static str,
    label: &'static str,
    #[prop(into)] value: Signal<Option<bool>>,
    yes: &'static str,
    no: &'static str,
    set: Callback<Option<bool>>,
) -> impl IntoView {
    let on_change = move |ev| {
        set.run(match event_target_value(&ev).as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        })
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id on:change=on_change>
                <option value="" prop:selected=move || value.get().is_none()>"Any"</option>
                <option value="yes" prop:selected=move || value.get() == Some(true)>{yes}</option>
                <option value="no" prop:selected=move || value.get() == Some(false)>{no}</option>
            </select>
        </div>
    }
}

/// "From" and "to" days of a range.
#[component]
fn Range(
    id: &'static str,
    legend: &'static str,
    #[prop(into)] value: Signal<DayRange>,
    set: Callback<DayRange>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    // Chromium fires `change` at every complete date while a year is typed (0002, 0020,
    // 0202, 2026): the range goes out once the typing pauses.
    let typing = StoredValue::new(0u32);
    let day_input = move |end: &'static str, to: bool| {
        let input_id = format!("{id}-{end}");
        let shown = move || {
            let r = value.get();
            if to { r.to } else { r.from }
                .map(|d| d.to_string())
                .unwrap_or_default()
        };
        // A date input holds "" while its text is incomplete: that is no bound yet.
        let on_change = move |ev| {
            let day = Day::parse(&event_target_value(&ev));
            typing.update_value(|n| *n += 1);
            let mine = typing.get_value();
            wasm_bindgen_futures::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(DATE_PAUSE_MS).await;
                if typing.try_get_value() != Some(mine) {
                    return;
                }
                let Some(mut r) = value.try_get_untracked() else {
                    return;
                };
                if to {
                    r.to = day;
                } else {
                    r.from = day;
                }
                set.run(r);
            });
        };
        view! {
            <div class="field">
                <label for=input_id.clone()>{if to { "To" } else { "From" }}</label>
                <input id=input_id type="date" prop:value=shown on:change=on_change disabled=disabled/>
            </div>
        }
    };
    view! {
        <fieldset class="range">
            <legend>{legend}</legend>
            {day_input("from", false)}
            {day_input("to", true)}
        </fieldset>
    }
}

/// The filter controls and the chips of the filters in use.
#[component]
pub fn FilterPanel(
    search: Search,
    /// The role filter's role name, once its record was read.
    #[prop(into)]
    role_name: Signal<Option<String>>,
) -> impl IntoView {
    let query = search.query;
    let filters = Memo::new(move |_| query.read().filters.clone());
    let apply = move |change: &dyn Fn(&mut Filters)| {
        let q = query.get_untracked();
        let mut f = q.filters.clone();
        change(&mut f);
        if f != q.filters {
            search.go(&q.filtered(f), false);
        }
    };
    let choice = move |kind: FilterKind| {
        Callback::new(move |v: Option<bool>| {
            apply(&|f: &mut Filters| match kind {
                FilterKind::Active => f.active = v,
                FilterKind::Admin => f.admin = v,
                _ => f.two_factor = v,
            })
        })
    };
    let range = move |created: bool| {
        Callback::new(move |r: DayRange| {
            apply(&|f: &mut Filters| {
                if created {
                    f.created = r
                } else {
                    f.last_access = r
                }
            })
        })
    };
    let role_picked = Callback::new(move |role: contract::Related| {
        apply(&|f: &mut Filters| f.role = Some(role.id))
    });
    let never = move || filters.read().never_signed_in;
    view! {
        <section class="filters" aria-labelledby="filters-heading">
            <h2 id="filters-heading" class="visually-hidden">"Filters"</h2>
            <div class="filter-row">
                <Choice id="filter-active" label="Active" value=Signal::derive(move || filters.read().active) yes="Yes" no="No" set=choice(FilterKind::Active)/>
                <Choice id="filter-admin" label="Administrator" value=Signal::derive(move || filters.read().admin) yes="Yes" no="No" set=choice(FilterKind::Admin)/>
                <Choice id="filter-twofactor" label="Two-factor" value=Signal::derive(move || filters.read().two_factor) yes="On" no="Off" set=choice(FilterKind::TwoFactor)/>
                <div class="field checkbox">
                    <input
                        id="filter-failing"
                        type="checkbox"
                        prop:checked=move || filters.read().failing
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            apply(&|f: &mut Filters| f.failing = on)
                        }
                    />
                    <label for="filter-failing">"Locked out or failing sign-ins"</label>
                </div>
                <div class="field role-filter">
                    <label for="filter-role">"Has role"</label>
                    <super::role_picker::RolePicker id="filter-role" picked=role_picked/>
                </div>
            </div>
            <div class="filter-row">
                <Range id="filter-access" legend="Last access (UTC days)" value=Signal::derive(move || filters.read().last_access) set=range(false) disabled=Signal::derive(never)/>
                <div class="field checkbox">
                    <input
                        id="filter-never"
                        type="checkbox"
                        prop:checked=never
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            apply(&|f: &mut Filters| {
                                f.never_signed_in = on;
                                if on {
                                    f.last_access = DayRange::default();
                                }
                            })
                        }
                    />
                    <label for="filter-never">"Never signed in"</label>
                </div>
                <Range id="filter-created" legend="Created (UTC days)" value=Signal::derive(move || filters.read().created) set=range(true)/>
            </div>
            <Chips search filters role_name/>
            <LeftOutNote search/>
        </section>
    }
}

/// A chip per filter in use, each a button that removes it, and "Clear all filters".
#[component]
fn Chips(
    search: Search,
    filters: Memo<Filters>,
    role_name: Signal<Option<String>>,
) -> impl IntoView {
    let remove = move |kind: FilterKind| {
        let q = search.query.get_untracked();
        search.go(&q.filtered(q.filters.without(kind)), false);
        // The chip is gone: the focus goes to the next one, else to the search box.
        crate::components::focus_when_shown("user-search");
    };
    move || {
        let f = filters.get();
        let used = f.in_use();
        if used.is_empty() {
            return None;
        }
        let role = role_name.get();
        let chips = used
            .into_iter()
            .map(|kind| {
                let text = f.describe(kind, role.as_deref());
                let label = format!("Remove filter {text}");
                view! {
                    <li>
                        <button type="button" class="chip" aria-label=label on:click=move |_| remove(kind)>
                            {text}<span aria-hidden="true">" ×"</span>
                        </button>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <div class="chips">
                <ul aria-label="Filters in use">{chips}</ul>
                <button type="button" class="link" on:click=move |_| {
                    let q = search.query.get_untracked();
                    search.go(&q.filtered(Filters::default()), false);
                }>"Clear all filters"</button>
            </div>
        })
    }
}

/// What the address held that is not used, and why.
#[component]
fn LeftOutNote(search: Search) -> impl IntoView {
    move || {
        let left = search.left_out.get();
        (!left.is_empty()).then(|| {
            let items = left
                .into_iter()
                .map(|l| view! { <li>{l.why}</li> })
                .collect_view();
            view! {
                <div class="note" role="status">
                    <p>"Left out of this list, as the address could not be used:"</p>
                    <ul>{items}</ul>
                </div>
            }
        })
    }
}
