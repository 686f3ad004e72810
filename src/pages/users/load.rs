//! Loading one search: the request, the order check that finds out how the server reads
//! `dir`, and the rule that a newer search never waits for an older one.

use std::future::Future;

use contract::{envelope::ListEnvelope, UserRecord};
use futures::channel::oneshot;
use futures::future::{select, Either};
use futures::StreamExt;
use leptos::prelude::*;

use crate::api::{Api, ApiError};
use crate::search::filters::FilterKind;
use crate::search::{order_of, DirEncoding, SortDir, UsersQuery};

/// Where the tab keeps the encoding once the rows have settled it: a server does not
/// change its reading, and every search would otherwise find out again.
const ENCODING_KEY: &str = "user-admin.sort-dir-encoding";

/// One page of results, as it came back for its search.
pub struct Listing {
    /// The search these rows answer (the address may have moved on since).
    pub query: UsersQuery,
    /// The page.
    pub page: ListEnvelope<UserRecord>,
    /// The order the rows are really in: the one asked for, unless they show otherwise.
    pub order: SortDir,
    /// The role filter's role, as its record names it.
    pub role: Option<Holders>,
    /// A filter that could not be applied, and why: then the rows are not shown, since
    /// they would pass for a filtered list.
    pub unapplied: Option<(FilterKind, String)>,
}

/// A user role and who holds it, from the role's own record (list rows lack the roles).
#[derive(Clone, Debug, PartialEq)]
pub struct Holders {
    /// The role's id, as asked for.
    pub id: u64,
    /// The role's name, when its record has one.
    pub name: Option<String>,
    /// The ids of the users holding it.
    pub ids: Vec<u64>,
}

impl Holders {
    /// Reads user role `id`'s record: `None` when it does not list its users.
    pub fn from_record(id: u64, body: &str) -> Option<Self> {
        let record = contract::json::Value::parse(body).ok()?;
        let ids = record
            .get("Users")?
            .as_array()?
            .iter()
            .map(|v| v.as_u64())
            .collect::<Option<Vec<u64>>>()?;
        let name = record
            .get("Name")
            .and_then(|n| n.as_str())
            .map(str::to_owned);
        Some(Self { id, name, ids })
    }
}

/// The most holders a role filter asks for by id: the ids go in the address, and servers
/// refuse long ones (IIS: 2,048 characters by default; an id takes up to 11 encoded).
const MAX_HOLDERS: usize = 150;

impl Holders {
    /// The holders, as a filter asks for them by id, or why there are too many to.
    pub fn for_filter(self) -> Result<Self, String> {
        if self.ids.len() > MAX_HOLDERS {
            return Err(format!(
                "“Has role” can ask the server for the holders of a role held by up to {MAX_HOLDERS} users; this one is held by {}.",
                self.ids.len()
            ));
        }
        Ok(self)
    }
}

/// Who holds role `id`, or (inner `Err`) why the role filter cannot be applied; the
/// outer `Err` is a failed read the page handles as any other (try again, sign in…).
pub async fn holders(api: &Api, id: u64) -> Result<Result<Holders, String>, ApiError> {
    Ok(match api.get(&format!("/security/userroles/{id}")).await {
        Ok(body) => Holders::from_record(id, &body).ok_or_else(|| {
            "The server’s record of that role does not list its users, so this filter cannot be applied.".to_owned()
        }),
        Err(ApiError::NotFound) => Err(format!("There is no user role {id} (any more).")),
        Err(ApiError::Forbidden) => Err(crate::auth::lacks("UserRole-Read", "read who holds a role")),
        Err(e) => return Err(e),
    })
}

impl Listing {
    fn new(query: UsersQuery, page: ListEnvelope<UserRecord>, role: Option<Holders>) -> Self {
        let shown = order_of(page.records.iter().map(|r| r.get(query.sort.property())));
        let holders = role.as_ref().map(|r| r.ids.as_slice());
        let unapplied = page
            .records
            .iter()
            .find_map(|r| query.filters.unmatched_by(r, holders))
            .map(|kind| {
                (
                    kind,
                    query
                        .filters
                        .unapplied(kind, role.as_ref().and_then(|r| r.name.as_deref())),
                )
            });
        Self {
            order: shown.unwrap_or(query.dir),
            query,
            page,
            role,
            unapplied,
        }
    }

    /// A listing of nobody, when the filters already say so (a role nobody holds).
    fn nobody(
        query: UsersQuery,
        role: Option<Holders>,
        unapplied: Option<(FilterKind, String)>,
    ) -> Self {
        let page = ListEnvelope {
            records: Vec::new(),
            current_page: 1,
            current_page_size: query.size,
            current_order_field: None,
            current_sort_direction: None,
            first_item: 0,
            last_item: 0,
            total_items: 0,
            total_pages: 0,
            has_next_page: false,
            has_previous_page: false,
        };
        Self {
            order: query.dir,
            query,
            page,
            role,
            unapplied,
        }
    }

    /// The last page, when this one is past it (an old bookmark, fewer users now).
    pub fn past_the_end(&self) -> Option<u64> {
        let p = &self.page;
        (p.records.is_empty() && p.total_pages > 0 && self.query.page > p.total_pages)
            .then_some(p.total_pages)
    }

    fn backwards(&self) -> bool {
        self.order != self.query.dir
    }

    /// The status line: what the page shows, said here too so an empty result is
    /// announced like any other.
    pub fn summary(&self) -> String {
        let filtered = self.query.filters.any();
        if self.unapplied.is_some() {
            return String::new();
        }
        match self.page.total_items {
            0 if filtered => "No users match the filters".to_owned(),
            0 if self.query.text.is_empty() => "No users".to_owned(),
            0 => format!("No users match “{}”", self.query.text),
            1 => "Showing the only matching user".to_owned(),
            total => format!(
                "Showing {}–{} of {total} {}users",
                self.page.first_item,
                self.page.last_item,
                if filtered { "matching " } else { "" }
            ),
        }
    }
}

fn stored_encoding() -> Option<DirEncoding> {
    let store = window().session_storage().ok()??;
    DirEncoding::from_stored(&store.get_item(ENCODING_KEY).ok()??)
}

fn store_encoding(encoding: DirEncoding) {
    if let Ok(Some(store)) = window().session_storage() {
        // Not kept (private mode, full): the next page load finds out again.
        let _ = store.set_item(ENCODING_KEY, encoding.as_stored());
    }
}

/// How this tab writes `dir`, as far as it knows.
pub fn encoding() -> DirEncoding {
    stored_encoding().unwrap_or_default()
}

async fn fetch(
    api: &Api,
    q: &UsersQuery,
    encoding: DirEncoding,
    role: &Option<Holders>,
) -> Result<Listing, ApiError> {
    let holders = role.as_ref().map(|r| r.ids.as_slice());
    let body = api.get(&q.to_api_path(encoding, holders)).await?;
    let page = ListEnvelope::<UserRecord>::from_json(&body).map_err(|_| ApiError::Malformed)?;
    Ok(Listing::new(q.clone(), page, role.clone()))
}

/// The page for `q`. Until the tab knows how the server reads `dir`, rows that come back
/// the other way round are asked for once more in the other encoding, and whichever the
/// rows bear out is kept for the session; if neither is, the first stays, and the page
/// shows the order the rows really have.
pub async fn load(api: Api, q: UsersQuery) -> Result<Listing, ApiError> {
    let role = match q.filters.role {
        Some(id) => match holders(&api, id).await?.and_then(Holders::for_filter) {
            Ok(h) if h.ids.is_empty() => return Ok(Listing::nobody(q, Some(h), None)),
            Ok(h) => Some(h),
            Err(why) => return Ok(Listing::nobody(q, None, Some((FilterKind::Role, why)))),
        },
        None => None,
    };
    let settled = stored_encoding();
    let encoding = settled.unwrap_or_default();
    let listing = fetch(&api, &q, encoding, &role).await?;
    if settled.is_some() || !listing.backwards() {
        return Ok(listing);
    }
    let again = fetch(&api, &q, encoding.other(), &role).await?;
    store_encoding(if again.backwards() {
        encoding
    } else {
        encoding.other()
    });
    Ok(again)
}

/// Runs `work` to its end in the background and hands back its result, unless `key`
/// moves away from `mine` first; then `None` at once. A resource runs one load at a
/// time, so a newer search would otherwise wait for an answer nobody will see. The
/// abandoned request still finishes: the API client retries each request refused
/// during a token refresh once, and dropping it half-way would leave that uncounted.
pub async fn unless_overtaken<K, T>(
    key: Memo<K>,
    mine: K,
    work: impl Future<Output = T> + 'static,
) -> Option<T>
where
    K: Clone + PartialEq + Send + Sync + 'static,
    T: 'static,
{
    // Overtaken already, or the page is gone (then watching `key` would read a disposed
    // memo, which panics).
    if key.try_get_untracked().as_ref() != Some(&mine) {
        return None;
    }
    let (answer, answered) = oneshot::channel();
    wasm_bindgen_futures::spawn_local(async move {
        let _ = answer.send(work.await);
    });
    let overtaken = async move {
        let mut keys = key.to_stream();
        while let Some(now) = keys.next().await {
            if now != mine {
                return;
            }
        }
    };
    match select(answered, std::pin::pin!(overtaken)).await {
        Either::Left((Ok(result), _)) => Some(result),
        _ => None,
    }
}
