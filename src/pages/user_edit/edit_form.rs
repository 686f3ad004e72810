//! The form over a loaded record: its parts, named as a person finds them.

use contract::catalogue::section_fields;
use contract::{Section, UserRecord, FIELDS};
use leptos::prelude::*;

use crate::components::deferred::{Deferred, Part};
use crate::components::error_summary::{focus_field, ErrorSummary};
use crate::components::fields::Field;
use crate::components::leave_guard::LeaveGuard;
use crate::components::set_title;
use crate::form::FormState;

use super::away::AwayRefresh;
use super::conflicts::conflict_panel;
use super::draft_offer::DraftOffer;
use super::offboard::offboard_section;
use super::related::LookupPause;
use super::save::Saver;
use super::save_bar::SaveBar;

/// The form; `user_id` is the route's.
#[component]
pub fn EditForm(
    #[prop(name = "id")] user_id: u64,
    record: UserRecord,
    /// Holds the names' lookups back while a save is on its way.
    pause: LookupPause,
) -> impl IntoView {
    let form = FormState::new(record);
    provide_context(form);
    let saver = Saver::new(form, user_id, pause);
    // The heading follows the saved name, not the one being typed.
    let name = Memo::new(move |_| {
        form.with_field("FullName", |d| {
            d.baseline()
                .get_str("FullName")
                .filter(|n| !n.trim().is_empty())
                .map(str::to_owned)
                .unwrap_or_else(|| format!("user {user_id}"))
        })
    });
    let problems = form.problems();
    // The document title is outside Leptos: an effect tells it.
    Effect::new(move || {
        let errors = problems.with(|p| !p.is_empty());
        set_title(&format!(
            "{}Edit {}",
            if errors { "Error: " } else { "" },
            name.get()
        ));
    });
    expect_context::<LeaveGuard>().watch(form.dirty().into());
    // Once the form is on screen: the admin's first keystroke comes later than that, and
    // the section at its foot can wait (its part's fetch is not the form's).
    let foot = RwSignal::new(false);
    crate::components::after_next_frame(move || {
        form.warm_up(FIELDS[0].name);
        foot.try_set(true);
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saver.save();
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("s") {
            ev.prevent_default();
            saver.save();
        }
    };
    view! {
        <div class="edit-page" on:keydown=on_keydown>
            <p class="breadcrumb"><a href="/users">"Users"</a>" › Edit"</p>
            <h1>{move || format!("Edit {}", name.get())}</h1>
            <DraftOffer name=user_id.to_string() conflicts=saver.conflicts/>
            <ErrorSummary/>
            <Show when=move || saver.conflicts.with(|c| !c.is_empty())>
                <Deferred load=conflict_panel show=move |panel: Part| panel(Box::new(saver.conflicts))/>
            </Show>
            <AwayRefresh user_id saver/>
            <SectionNav/>
            <form class="edit-form" method="post" novalidate=true on:submit=on_submit aria-label="Edit user">
                {Section::ALL.into_iter().map(|section| view! { <FormSection section/> }).collect_view()}
                <SaveBar saver/>
            </form>
            <Show when=move || foot.get()>
                <Deferred load=offboard_section show=move |section: Part| section(Box::new((user_id, saver)))/>
            </Show>
        </div>
    }
}

/// Links to each section's heading, without touching the address.
#[component]
fn SectionNav() -> impl IntoView {
    view! {
        <nav class="sections" aria-label="Sections of the form">
            <ul>
                {Section::ALL
                    .into_iter()
                    .map(|s| {
                        let id = format!("section-{}", s.slug());
                        view! {
                            <li>
                                <a href=format!("#{id}") on:click=move |ev| {
                                    ev.prevent_default();
                                    focus_field(&id);
                                }>{s.title()}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// One section of the catalogue: its heading and its fields.
#[component]
fn FormSection(section: Section) -> impl IntoView {
    let id = format!("section-{}", section.slug());
    let heading = id.clone();
    view! {
        <section class="form-section" aria-labelledby=heading>
            <h2 id=id tabindex="-1">{section.title()}</h2>
            <div class=format!("fields fields-{}", section.slug())>
                {section_fields(section).map(|spec| view! { <Field spec/> }).collect_view()}
            </div>
        </section>
    }
}
