//! The records a user's id lists point at, read-only: `/api/security/userroles`,
//! `/api/sys/businesses`, `/api/support/chatrooms`, each as a list and one by id. A user
//! role is read with `Users`, the users holding it now.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::list;
use crate::state::{Shared, State as Data};
use crate::users::{authorize, message, one, Permission};

/// One kind of related record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Collection {
    /// `UserRole`: a named bundle of permissions at one location.
    UserRoles,
    /// `Business`: a location or a group of them.
    Businesses,
    /// `ChatRoom`.
    ChatRooms,
}

impl Collection {
    /// The entity name its filters start with (`UserRole_Name`).
    fn entity(self) -> &'static str {
        match self {
            Collection::UserRoles => "UserRole",
            Collection::Businesses => "Business",
            Collection::ChatRooms => "ChatRoom",
        }
    }

    fn list_permission(self) -> Permission {
        match self {
            Collection::UserRoles => Permission::UserRoleList,
            Collection::Businesses => Permission::BusinessList,
            Collection::ChatRooms => Permission::ChatRoomList,
        }
    }

    fn read_permission(self) -> Permission {
        match self {
            Collection::UserRoles => Permission::UserRoleRead,
            Collection::Businesses => Permission::BusinessRead,
            Collection::ChatRooms => Permission::ChatRoomRead,
        }
    }

    /// The records as the API reads them: the stored ones, but user roles carry `Users`.
    fn records(self, data: &Data) -> Cow<'_, BTreeMap<i64, Map<String, Value>>> {
        match self {
            Collection::UserRoles => Cow::Owned(user_roles_with_users(data)),
            Collection::Businesses => Cow::Borrowed(&data.businesses),
            Collection::ChatRooms => Cow::Borrowed(&data.chat_rooms),
        }
    }
}

/// The user roles, each with `Users`: the ids (ascending) of the users whose `UserRoles`
/// holds its id, from the users as they are now, so that every create, PUT, delete or
/// `/__dev` change shows at once. A `Users` the stored record may have is replaced.
pub fn user_roles_with_users(data: &Data) -> BTreeMap<i64, Map<String, Value>> {
    let mut holders: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
    for (user_id, user) in &data.users {
        let roles = user.get("UserRoles").and_then(Value::as_array);
        for role in roles.into_iter().flatten().filter_map(Value::as_i64) {
            holders.entry(role).or_default().insert(*user_id);
        }
    }
    data.user_roles
        .iter()
        .map(|(id, role)| {
            let mut role = role.clone();
            let users = holders.remove(id).unwrap_or_default();
            role.insert("Users".to_owned(), json!(users));
            (*id, role)
        })
        .collect()
}

/// `GET` the list (with a trailing slash too): the users' query rules with
/// `<Entity>_<Property>` filters and `id=[1,2,3]`.
pub async fn list(
    collection: Collection,
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let data = shared.lock();
    if let Err(denied) = authorize(&data, &headers, collection.list_permission()) {
        return denied.into_response();
    }
    let records = collection.records(&data);
    match list::search(
        records.values().collect(),
        collection.entity(),
        query.as_deref().unwrap_or_default(),
        data.settings.list_reading(),
        |r| Value::Object(r.clone()),
    ) {
        Ok(envelope) => Json(envelope).into_response(),
        Err(text) => message(StatusCode::BAD_REQUEST, &text),
    }
}

/// `GET …/{id}`: the bare record, 404 `"Not found"`, or 400 for an id that is not a number.
pub async fn get_one(
    collection: Collection,
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let data = shared.lock();
    if let Err(denied) = authorize(&data, &headers, collection.read_permission()) {
        return denied.into_response();
    }
    one(&collection.records(&data), &id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn users_are_computed_and_replace_a_stored_list() {
        let shared = Shared::new(Config::default());
        let mut data = shared.lock();
        if let Some(role) = data.user_roles.get_mut(&13) {
            role.insert("Users".into(), json!([1, 2, 3]));
        }
        if let Some(user) = data.users.get_mut(&1004) {
            // Twice, and next to what is no id: one entry, ids only.
            user.insert("UserRoles".into(), json!([13, "x", 13, null, 2]));
        }
        let roles = user_roles_with_users(&data);
        assert_eq!(roles.len(), data.user_roles.len());
        assert_eq!(roles[&13]["Users"], json!([1004]));
        assert_eq!(
            roles[&2]["Users"],
            json!([1001, 1002, 1003, 1004, 1006, 1007])
        );
        assert_eq!(roles[&20]["Users"], json!([]));
        // The rest of the record is the stored one.
        let mut stored = data.user_roles[&2].clone();
        stored.insert("Users".into(), roles[&2]["Users"].clone());
        assert_eq!(roles[&2], stored);
    }
}
