//! The records a user's three id lists point at (user roles, businesses, chat rooms):
//! where to find them, what the administrator typed to find one, and the readers of a
//! record and of a page of them. See "Related records" in `shared/api/CONTRACT.md`.

use crate::envelope::{object_of, EnvelopeError, ListEnvelope, Members};
use crate::json::Map;
use crate::record::UserRecord;

/// One of the lists a user's id lists point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelatedKind {
    /// `UserRoles`: user roles, each at a location.
    UserRoles,
    /// `Businesses`: locations.
    Businesses,
    /// `ChatRooms`: chat rooms.
    ChatRooms,
}

impl RelatedKind {
    /// The list a user property (a catalogue field name) points at.
    pub fn of_field(name: &str) -> Option<Self> {
        match name {
            "UserRoles" => Some(Self::UserRoles),
            "Businesses" => Some(Self::Businesses),
            "ChatRooms" => Some(Self::ChatRooms),
            _ => None,
        }
    }

    /// The list's path under the API base; one record is at `{path}/{id}`.
    pub fn path(self) -> &'static str {
        match self {
            Self::UserRoles => "/security/userroles",
            Self::Businesses => "/sys/businesses",
            Self::ChatRooms => "/support/chatrooms",
        }
    }

    /// The prefix of its filters: `UserRole_Name`.
    pub fn entity(self) -> &'static str {
        match self {
            Self::UserRoles => "UserRole",
            Self::Businesses => "Business",
            Self::ChatRooms => "ChatRoom",
        }
    }
}

/// What the administrator typed into a list's picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wanted {
    /// Nothing to look for.
    Nothing,
    /// A number, or `#8`: that id.
    Id(u64),
    /// Part of a name.
    Name(String),
}

impl Wanted {
    /// Reads the picker's text: `8`, `#8` and ` # 8 ` are an id, any other text a name.
    pub fn read(text: &str) -> Self {
        let text = text.trim();
        let digits = text.strip_prefix('#').map_or(text, str::trim_start);
        if text.is_empty() {
            Self::Nothing
        } else if let Some(id) = digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse().ok())
            .flatten()
        {
            Self::Id(id)
        } else {
            Self::Name(text.to_owned())
        }
    }

    /// The search's filter as a query parameter (name, value unencoded): a name matches
    /// by "contains", an id by equality (one record or none). `None` for nothing.
    pub fn filter(&self, kind: RelatedKind) -> Option<(String, String)> {
        match self {
            Self::Nothing => None,
            Self::Id(id) => Some((format!("{}_Id", kind.entity()), id.to_string())),
            Self::Name(name) => Some((format!("{}_Name", kind.entity()), name.clone())),
        }
    }
}

/// A related record, as much of it as the app shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// `Id`.
    pub id: u64,
    /// `Name` (empty when the record has none).
    pub name: String,
    /// A user role's location, `BusinessName`: the same role name exists per location.
    pub business: Option<String>,
    /// `Active: false` (chat rooms); a record saying nothing is active.
    pub inactive: bool,
}

impl Related {
    /// Reads one record of the list; it must carry a whole-number `Id`.
    fn from_map(map: &Map) -> Result<Self, EnvelopeError> {
        let m = Members(map);
        Ok(Self {
            id: m.count("Id")?,
            name: m.optional_text("Name")?.unwrap_or_default(),
            business: m
                .optional_text("BusinessName")?
                .filter(|b| !b.trim().is_empty()),
            inactive: map.get("Active").and_then(|v| v.as_bool()) == Some(false),
        })
    }

    /// Reads the answer of `GET {path}/{id}`: the bare record.
    pub fn from_json(body: &str) -> Result<Self, EnvelopeError> {
        Self::from_map(&object_of(body)?)
    }

    /// How the app names it: "Front desk — Harbour Works Lisbon", "Lisbon book club
    /// (inactive)", or `#24` for a record without a name.
    pub fn label(&self) -> String {
        let mut label = if self.name.trim().is_empty() {
            format!("#{}", self.id)
        } else {
            self.name.clone()
        };
        if let Some(business) = &self.business {
            label = format!("{label} — {business}");
        }
        if self.inactive {
            label.push_str(" (inactive)");
        }
        label
    }
}

/// A page of search results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelatedPage {
    /// The records of the page.
    pub records: Vec<Related>,
    /// How many more match than the page holds.
    pub more: u64,
}

impl RelatedPage {
    /// Reads a list answer: the users' envelope, whose reader takes any JSON object for
    /// a record, so its paging is read in one place; then each record as a [`Related`].
    pub fn from_json(body: &str) -> Result<Self, EnvelopeError> {
        let page = ListEnvelope::<UserRecord>::from_json(body)?;
        let records = page
            .records
            .iter()
            .map(|r| Related::from_map(r.as_map()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            more: page.total_items.saturating_sub(records.len() as u64),
            records,
        })
    }
}
