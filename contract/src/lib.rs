//! The Users API as both sides of this project see it: the wire types of
//! `shared/api/CONTRACT.md`, the catalogue of every editable field, and the validation
//! rules with the server's wording. No browser or server dependency, so it is tested
//! natively and compiled into the WASM app and the development API alike.

pub mod catalogue;
pub mod envelope;
pub mod record;
pub mod token;
pub mod validate;

pub use catalogue::{field, FieldSpec, Kind, Section, FIELDS};
pub use record::{Language, UserRecord};
pub use validate::FieldError;
