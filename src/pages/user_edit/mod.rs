//! The user edit page: load the whole record, edit any field, validate as the admin
//! types, and save it back without undoing what others changed meanwhile.

mod away;
mod conflicts;
mod delete;
pub(crate) mod draft_offer;
mod edit_form;
mod offboard;
pub(crate) mod related;
mod review;
mod save;
mod save_bar;

use contract::envelope::is_not_found_body;
use contract::UserRecord;
use leptos::prelude::*;

use crate::api::{Api, ApiError};
use crate::auth::Auth;
use crate::components::throttle_note::ThrottleNote;
use crate::components::{count_down, set_title};
use edit_form::EditForm;

/// The route's id, when it is one: a whole number above zero.
pub fn parse_user_id(text: &str) -> Option<u64> {
    text.parse::<u64>().ok().filter(|id| *id > 0)
}

/// The record as the server has it now; [`ApiError::NotFound`] when it is gone,
/// [`ApiError::WrongRecord`] when the answer is another user's.
pub(crate) async fn fetch_user(api: &Api, id: u64) -> Result<UserRecord, ApiError> {
    let body = api.get(&format!("/sys/users/{id}")).await?;
    if is_not_found_body(&body) {
        return Err(ApiError::NotFound);
    }
    let record = UserRecord::from_json(&body).map_err(|_| ApiError::Malformed)?;
    if record.id().and_then(|n| u64::try_from(n).ok()) == Some(id) {
        Ok(record)
    } else {
        Err(ApiError::WrongRecord)
    }
}

/// The page for `/users/{id}`, given the id as the address writes it.
#[component]
pub fn UserEdit(id: String) -> impl IntoView {
    set_title("Edit user");
    let id = parse_user_id(&id);
    let api = Api::from_context();
    let (records, pause) = related::records();
    provide_context(records);
    // Bumped to load again: "Try again", the end of a throttle wait, signing in again.
    let version = RwSignal::new(0u32);
    let record = LocalResource::new(move || {
        version.track();
        let api = api.clone();
        async move {
            match id {
                Some(id) => fetch_user(&api, id).await,
                None => Err(ApiError::NotFound),
            }
        }
    });
    let again = move || version.update(|n| *n += 1);
    expect_context::<Auth>().resume_after_sign_in(
        move || {
            record
                .get_untracked()
                .is_some_and(|r| r == Err(ApiError::SignedOut))
        },
        again,
    );
    let wait = RwSignal::new(None::<u64>);
    let loading = || view! { <p role="status" class="summary">"Loading the user…"</p> };
    view! {
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match record.await {
                    Ok(record) => {
                        view! { <EditForm id=id.unwrap_or_default() record pause/> }.into_any()
                    }
                    Err(ApiError::NotFound) => {
                        set_title("User not found");
                        view! {
                            <h1>"User not found"</h1>
                            <p>"This user no longer exists, or the address is wrong. "<a href="/users">"Find a user"</a>"."</p>
                        }
                        .into_any()
                    }
                    // The sign-in dialog is up; the load runs again once signed in.
                    Err(ApiError::SignedOut) => loading().into_any(),
                    Err(ApiError::Throttled(secs)) => {
                        count_down(secs, wait, || true, again);
                        view! { <ThrottleNote remaining=wait what="Loading"/> }.into_any()
                    }
                    Err(e) => view! {
                        <h1>"Edit user"</h1>
                        <div role="alert" class="problem">
                            <p>{format!("The user could not be loaded. {e}")}</p>
                            <button type="button" class="secondary" on:click=move |_| again()>"Try again"</button>
                        </div>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

#[cfg(test)]
mod tests {
    use super::parse_user_id;

    #[test]
    fn route_ids_are_positive_whole_numbers() {
        assert_eq!(parse_user_id("42"), Some(42));
        for bad in ["0", "-1", "abc", "", "4.2", " 4", "99999999999999999999999"] {
            assert_eq!(parse_user_id(bad), None, "{bad:?}");
        }
    }
}
