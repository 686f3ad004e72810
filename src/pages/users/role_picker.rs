//! A user role picked by name (the edit page's picker), for the "Has role" filter and
//! the bulk role changes. Where this account may not list roles, a typed id is taken.

use contract::{Related, RelatedKind, RelatedPage, Wanted};
use futures::future::LocalBoxFuture;
use leptos::prelude::*;

use crate::api::{Api, ApiError};
use crate::components::combobox::{Combobox, SearchError};
use crate::search::encode_component;

/// Options a search shows at most.
const PAGE_SIZE: u64 = 10;

async fn search_roles(api: Api, wanted: Wanted) -> Result<RelatedPage, SearchError> {
    let kind = RelatedKind::UserRoles;
    let Some((name, value)) = wanted.filter(kind) else {
        return Ok(RelatedPage {
            records: Vec::new(),
            more: 0,
        });
    };
    let path = format!(
        "{}?{}={}&orderBy=Name&size={PAGE_SIZE}",
        kind.path(),
        encode_component(&name),
        encode_component(&value)
    );
    match api.get(&path).await {
        Ok(body) => RelatedPage::from_json(&body)
            .map_err(|_| SearchError::Failed(ApiError::Malformed.to_string())),
        Err(ApiError::Forbidden) => Err(SearchError::Refused),
        Err(e) => Err(SearchError::Failed(e.to_string())),
    }
}

/// The picker's input (labelled by the caller's `<label for=id>`) and its messages.
#[component]
pub fn RolePicker(
    /// The input's id.
    id: &'static str,
    /// A role was chosen.
    picked: Callback<Related>,
) -> impl IntoView {
    let api = Api::from_context();
    let text = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let message_id = format!("{id}-message");
    let search = Callback::new(move |wanted: Wanted| {
        let api = api.clone();
        Box::pin(search_roles(api, wanted))
            as LocalBoxFuture<'static, Result<RelatedPage, SearchError>>
    });
    let pick = Callback::new(move |role: Related| {
        message.set(None);
        picked.run(role);
    });
    // Enter on typed text: an id is taken as it is (the list may be closed to this
    // account); a name must be chosen from the options.
    let enter = Callback::new(move |()| match Wanted::read(&text.get_untracked()) {
        Wanted::Id(id) => {
            text.set(String::new());
            pick.run(Related {
                id,
                name: String::new(),
                business: None,
                inactive: false,
            });
        }
        Wanted::Name(_) => message.set(Some(
            "Choose a role from the list (Down arrow), or type its id.".to_owned(),
        )),
        Wanted::Nothing => message.set(Some("Type a role’s name or id.".to_owned())),
    });
    let described = {
        let message_id = message_id.clone();
        Signal::derive(move || message.with(Option::is_some).then(|| message_id.clone()))
    };
    view! {
        <Combobox
            id=id.to_owned()
            of="User roles"
            text
            set_text=Callback::new(move |t| text.set(t))
            search
            held=Signal::derive(Vec::new)
            pick
            enter
            described_by=described
            invalid=Signal::derive(move || message.with(Option::is_some))
        />
        <p id=message_id class="field-error" role="status">{move || message.get()}</p>
    }
}
