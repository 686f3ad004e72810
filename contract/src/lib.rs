//! The Users API as both sides of this project see it: the wire types of
//! `shared/api/CONTRACT.md`, the catalogue of every editable field, the validation
//! rules with the server's wording, the edit form's state ([`Draft`]) and the reading of
//! the server's answers. No browser or server dependency, so it is tested natively and
//! compiled into the WASM app and the development API alike.
//!
//! Dependencies are chosen for the wasm bundle: JSON read and written by [`json`] (serde
//! only behind the `serde` feature, for the development API and the tests), `uuid`
//! without default features, and the WHATWG URL parser behind [`weburl::parse`] (the
//! browser's `URL` in wasm, the `url` crate natively). No regex, no date-time crate.

#![warn(missing_docs)]

pub mod by_name;
pub mod catalogue;
pub mod datetime;
pub mod draft;
pub mod envelope;
pub mod json;
pub mod merge;
pub mod record;
pub mod related;
pub mod server_errors;
pub mod token;
pub mod validate;
pub mod weburl;

pub use catalogue::{field, FieldSpec, Kind, Section, FIELDS};
pub use draft::{display_text, parse_input, Draft};
pub use envelope::{ActionEnvelope, EnvelopeError, ListEnvelope, ServerError};
pub use merge::{Conflict, Rebased};
pub use record::{Language, RecordError, UserRecord};
pub use related::{Related, RelatedKind, RelatedPage, Wanted};
pub use server_errors::{
    map_server_errors, parse_put_response, parse_retry_after, FieldMessages, PutOutcome,
};
pub use token::{parse_token_error, parse_token_response, TokenFailure};
pub use validate::{check_record, check_value, FieldError};
