//! The OpenAPI schemas that cannot be derived where their types live (only
//! with the `openapi` feature, which the server enables and the wasm app
//! does not): dates and months, which serde writes as text by hand, and the
//! types of `access` and `validate`, described from their own values.

use crate::access::Role;
use crate::date::LocalDate;
use crate::report::tally::Month;
use utoipa::openapi::schema::{
    ArrayBuilder, KnownFormat, ObjectBuilder, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

impl PartialSchema for LocalDate {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
            .description(Some("A calendar day, `YYYY-MM-DD`."))
            .into()
    }
}

impl ToSchema for LocalDate {}

impl PartialSchema for Month {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(r"^[0-9]{4}-(0[1-9]|1[0-2])$"))
            .description(Some("A calendar month, `YYYY-MM`."))
            .into()
    }
}

impl ToSchema for Month {}

/// A role, as serde writes each of [`Role::ALL`].
pub fn role() -> ObjectBuilder {
    let names = Role::ALL
        .iter()
        .filter_map(|r| serde_json::to_value(r).ok());
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(names))
}

/// Why a change may not be recorded for its organisation
/// (`shared::access::Denied`, a snake_case name).
pub fn denied() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(
            "unknown_organisation, out_of_scope or retired_organisation",
        ))
}

/// The rules an entry broke (`shared::validate::ValidationError`): objects
/// tagged by `rule`, with the field, limit or kind they name.
pub fn validation_errors() -> ArrayBuilder {
    let rule = ObjectBuilder::new()
        .schema_type(SchemaType::from(Type::Object))
        .property("rule", ObjectBuilder::new().schema_type(Type::String))
        .required("rule");
    ArrayBuilder::new().items(rule)
}
