//! The records a user's id lists point at, read-only: `/api/security/userroles`,
//! `/api/sys/businesses`, `/api/support/chatrooms`, each as a list and one by id.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{Map, Value};

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

    fn records(self, data: &Data) -> &BTreeMap<i64, Map<String, Value>> {
        match self {
            Collection::UserRoles => &data.user_roles,
            Collection::Businesses => &data.businesses,
            Collection::ChatRooms => &data.chat_rooms,
        }
    }
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
    match list::search(
        collection.records(&data).values().collect(),
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
    one(collection.records(&data), &id)
}
