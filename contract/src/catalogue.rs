//! Every field of the Update User request, declared once.
//!
//! The edit page renders from this list and both sides validate from it, so adding a
//! field here is the whole change.

/// Where a field is shown, in page order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    /// Name, email, language, avatar.
    Profile,
    /// Password, account flags, sign-in history, secrets.
    SignIn,
    /// The notification switches.
    Notifications,
    /// Community digest and message dates.
    Community,
    /// Linked businesses, roles and chat rooms.
    Memberships,
    /// Ids and bookkeeping the platform keeps.
    System,
}

impl Section {
    /// All sections in page order.
    pub const ALL: [Section; 6] = [
        Section::Profile,
        Section::SignIn,
        Section::Notifications,
        Section::Community,
        Section::Memberships,
        Section::System,
    ];

    /// The heading a person reads.
    pub fn title(self) -> &'static str {
        match self {
            Section::Profile => "Profile",
            Section::SignIn => "Sign-in & security",
            Section::Notifications => "Notifications",
            Section::Community => "Community",
            Section::Memberships => "Memberships",
            Section::System => "System",
        }
    }

    /// A stable fragment-free id for the section's heading.
    pub fn slug(self) -> &'static str {
        match self {
            Section::Profile => "profile",
            Section::SignIn => "sign-in",
            Section::Notifications => "notifications",
            Section::Community => "community",
            Section::Memberships => "memberships",
            Section::System => "system",
        }
    }
}

/// What kind of value a field holds, which decides its input and its rules.
///
/// Every field is edited as text (its "input text"); [`crate::draft::display_text`] maps a
/// JSON value to that text and [`crate::draft::parse_input`] maps it back:
///
/// | kind | input text | `""` means |
/// |---|---|---|
/// | `Text`, `ConfirmPassword` | the string as typed (never trimmed) | `""` |
/// | `Email`, `Guid`, `AvatarUrl` | the string, surrounding whitespace trimmed | `null` |
/// | `NewPassword` | the string as typed | `null` (not changing the password) |
/// | `Bool` | `true` / `false` (a missing or null value shows as `false`) | — (error) |
/// | `Integer`, `OptionalId`, `Language` | decimal, e.g. `42` | `null` |
/// | `DateTime` | `datetime-local` text in the administrator's zone (`crate::datetime::Clock`), `YYYY-MM-DDTHH:MM:SS[.fff]` (a fraction is kept to milliseconds, the most that input takes), with its offset where that wall-clock time happens twice; a value that does not parse is shown raw. Typing accepts everything [`crate::datetime::read_input`] does (a wall-clock time the zone skips or repeats is refused, naming why); edited values are sent as `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, in UTC or the wire zone's wall-clock time | `null` |
/// | `IdList` | comma-separated ids, `1, 4, 9` | `[]` |
/// | `Secret`, `ReadOnly` | `Secret`: always `""`, never the secret; `ReadOnly`: the value as text. Neither is editable; both go back unchanged | — |
///
/// A value of the wrong JSON type is shown raw (its JSON text), so nothing is hidden.
/// Unedited values are never re-encoded: they go back byte-identical.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// An email address (WHATWG `input type=email` rule).
    Email,
    /// `NewPassword`: write-only, checked against the password policy.
    NewPassword,
    /// The confirmation of `NewPassword`: client-only, never sent.
    ConfirmPassword,
    /// Stored secret (hash, salt, token): never shown, always sent back unchanged.
    Secret,
    /// The `eLanguage` integer enum.
    Language,
    /// true / false.
    Bool,
    /// A whole number ≥ 0.
    Integer,
    /// A whole number ≥ 0, or null (a link to another record by id).
    OptionalId,
    /// A date-time string, or null.
    DateTime,
    /// A GUID string, or null.
    Guid,
    /// `NewAvatarUrl`: an https URL, or null.
    AvatarUrl,
    /// A list of record ids (`Businesses`, `UserRoles`, `ChatRooms`).
    IdList,
    /// Shown, never edited, echoed back as it came.
    ReadOnly,
}

/// One field of the Update User request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// The JSON property name, exactly as the API spells it.
    pub name: &'static str,
    /// The label a person reads.
    pub label: &'static str,
    /// Where it is shown.
    pub section: Section,
    /// Its kind.
    pub kind: Kind,
    /// Whether the PUT must carry a value.
    pub required: bool,
    /// A hint shown under the label; empty for none.
    pub help: &'static str,
    /// The longest value the platform takes, where one is known.
    pub max_len: Option<usize>,
}

const fn f(name: &'static str, label: &'static str, section: Section, kind: Kind) -> FieldSpec {
    FieldSpec {
        name,
        label,
        section,
        kind,
        required: false,
        help: "",
        max_len: None,
    }
}

impl FieldSpec {
    const fn required(mut self) -> Self {
        self.required = true;
        self
    }
    const fn help(mut self, help: &'static str) -> Self {
        self.help = help;
        self
    }
    const fn max(mut self, n: usize) -> Self {
        self.max_len = Some(n);
        self
    }

    /// Whether an administrator can change it.
    pub fn editable(&self) -> bool {
        !matches!(self.kind, Kind::Secret | Kind::ReadOnly)
    }

    /// Whether it goes into the PUT body (the confirmation never does).
    pub fn sent(&self) -> bool {
        self.kind != Kind::ConfirmPassword
    }
}

use Kind::*;
use Section::*;

/// The password policy, as a hint and as the rule's message.
pub const PASSWORD_POLICY: &str = "At least 8 characters, with an upper-case letter, a lower-case letter, a digit and one of ! £ $ % ^ & \\ - * # : @ ? > <";

/// Every field, in page order within each section.
pub static FIELDS: &[FieldSpec] = &[
    // Profile
    f("FullName", "Full name", Profile, Text)
        .required()
        .max(255),
    f("Email", "Email address", Profile, Email)
        .required()
        .max(255),
    f("Language", "Language", Profile, Language).required(),
    f(
        "PreferredLanguageId",
        "Preferred language id",
        Profile,
        OptionalId,
    )
    .help(
        "Id of a language record; leave empty for none. \
         The API documents no list of languages to pick one by name.",
    ),
    f("NewAvatarUrl", "New avatar URL", Profile, AvatarUrl)
        .help("An https address of an image to upload as the avatar."),
    f(
        "ClearAvatarFile",
        "Remove the current avatar",
        Profile,
        Bool,
    ),
    f("AvatarFileName", "Current avatar file", Profile, ReadOnly),
    f("Devices", "Devices", Profile, Text),
    // Sign-in & security
    f("NewPassword", "New password", SignIn, NewPassword).help(PASSWORD_POLICY),
    f(
        "ConfirmNewPassword",
        "Confirm new password",
        SignIn,
        ConfirmPassword,
    ),
    f("Active", "Active", SignIn, Bool).help("An inactive user cannot sign in."),
    f("IsAdmin", "Administrator", SignIn, Bool),
    f("APIAccess", "API access", SignIn, Bool),
    f("Validated", "Validated", SignIn, Bool),
    f(
        "MustResetPassword",
        "Must reset password at next sign-in",
        SignIn,
        Bool,
    ),
    f(
        "InvalidLoginAttempts",
        "Invalid sign-in attempts",
        SignIn,
        Integer,
    )
    .required(),
    f("LastLoginAttempt", "Last sign-in attempt", SignIn, DateTime),
    f("LastAccess", "Last access", SignIn, DateTime),
    f("EmailCallBackGuid", "Email call-back GUID", SignIn, Guid)
        .help("For example 3f2504e0-4f89-11d3-9a0c-0305e82c3301."),
    f("Password", "Password (stored hash)", SignIn, Secret),
    f("PasswordSalt", "Password salt", SignIn, Secret).required(),
    f("AccessToken", "Access token", SignIn, Secret),
    f("TwoFactorSecret", "Two-factor secret", SignIn, Secret),
    // Notifications
    f("OnNewEmail", "New email", Notifications, Bool),
    f("OnHelpDeskMsg", "Help-desk message", Notifications, Bool),
    f("OnNewWallPost", "New wall post", Notifications, Bool),
    f("OnNewMember", "New member", Notifications, Bool),
    f("OnProfileChanges", "Profile changes", Notifications, Bool),
    f("OnNewBlogComment", "New blog comment", Notifications, Bool),
    f(
        "OnNewEventComment",
        "New event comment",
        Notifications,
        Bool,
    ),
    f("OnTariffChange", "Tariff change", Notifications, Bool),
    f("OnBookingChange", "Booking change", Notifications, Bool),
    f(
        "OnTentativeBookingChange",
        "Tentative booking change",
        Notifications,
        Bool,
    ),
    f("OnPurchases", "Purchases", Notifications, Bool),
    f(
        "OnVisitorRegistration",
        "Visitor registration",
        Notifications,
        Bool,
    ),
    f(
        "OnPlaformInvoices",
        "Platform invoices",
        Notifications,
        Bool,
    ),
    f(
        "OnAccessControlErrors",
        "Access-control errors",
        Notifications,
        Bool,
    ),
    f(
        "OnMemberRemovedFromTeam",
        "Member removed from team",
        Notifications,
        Bool,
    ),
    f(
        "OnVirtualOfficeTariffChange",
        "Virtual-office tariff change",
        Notifications,
        Bool,
    ),
    f(
        "OnVirtualOfficeDeliveryPreferenceUpdate",
        "Virtual-office delivery preference update",
        Notifications,
        Bool,
    ),
    f(
        "OnIdentityCheckUpdate",
        "Identity check update",
        Notifications,
        Bool,
    ),
    // Community
    f(
        "ReceiveCommunityDigest",
        "Receive the community digest",
        Community,
        Bool,
    ),
    f(
        "ReceiveEveryMessage",
        "Receive every community message",
        Community,
        Bool,
    ),
    f(
        "NextCommunityDigest",
        "Next community digest",
        Community,
        DateTime,
    ),
    f(
        "LastReceivedCommunityThreadDate",
        "Last community thread received",
        Community,
        DateTime,
    ),
    f(
        "LastReceivedCommunityMessageDate",
        "Last community message received",
        Community,
        DateTime,
    ),
    // Memberships
    f("Businesses", "Businesses", Memberships, IdList),
    f("UserRoles", "User roles", Memberships, IdList),
    f("ChatRooms", "Chat rooms", Memberships, IdList),
    // System
    f("Id", "User id", System, ReadOnly).required(),
    f("UniqueId", "Unique id", System, ReadOnly),
    f("ApplicationId", "Application id", System, OptionalId).help(
        "Id of an application. The API documents no list of applications to pick one by name.",
    ),
    f("LastHelpVisited", "Last help page visited", System, Integer).required(),
    f(
        "NextHelpDeskMessageReminder",
        "Next help-desk reminder",
        System,
        DateTime,
    ),
    f(
        "SupportTeamUserEmail",
        "Support team user email",
        System,
        Email,
    )
    .max(255),
    f("CreatedOn", "Created on", System, ReadOnly),
    f("UpdatedOn", "Updated on", System, ReadOnly),
    f("UpdatedBy", "Updated by", System, ReadOnly),
];

/// The field with this JSON name, matched case-insensitively (the server's
/// `PropertyName` casing is not guaranteed).
pub fn field(name: &str) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|f| f.name.eq_ignore_ascii_case(name))
}

/// The fields of one section, in page order.
pub fn section_fields(section: Section) -> impl Iterator<Item = &'static FieldSpec> {
    FIELDS.iter().filter(move |f| f.section == section)
}
