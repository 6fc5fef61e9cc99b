//! `GET /api/openapi.json`: the API described as OpenAPI 3, generated from
//! the handlers' annotations and the types they answer with.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

/// Any error: what went wrong, naming the parameter.
#[derive(serde::Serialize, ToSchema)]
#[allow(dead_code)]
pub(super) struct ErrorBody {
    /// e.g. "date: expected a date as YYYY-MM-DD, got '01/06'".
    error: String,
}

/// Refused figures: one entry per problem; nothing was written.
#[derive(serde::Serialize, ToSchema)]
#[allow(dead_code)]
pub(super) struct Problems {
    /// A summary.
    error: String,
    /// Each problem.
    problems: Vec<ProblemBody>,
}

/// One problem with one item.
#[derive(serde::Serialize, ToSchema)]
#[allow(dead_code)]
pub(super) struct ProblemBody {
    /// The item's index in `reports`.
    index: usize,
    /// unit, date, stage or count.
    field: String,
    /// In words.
    message: String,
    /// error, or warning (needs `confirm_warnings`).
    severity: String,
}

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token: `tiendo token add NAME`, or the admin page",
                    ))
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tiendo API",
        description = "Progress of the chip-based citizen ID card campaign: read progress and rankings, download files, send figures."
    ),
    paths(
        super::progress::unit_progress,
        super::rankings::rankings,
        super::units::search,
        super::reports::submit,
        super::exports::chart,
        super::exports::table,
        super::exports::briefing,
        super::alerts::list,
        super::alerts::acknowledge,
        super::events::events,
    ),
    modifiers(&BearerToken),
    tags(
        (name = "read", description = "Figures, as JSON"),
        (name = "files", description = "Charts, tables and the briefing"),
        (name = "write", description = "Figures in"),
        (name = "alerts", description = "Campaign alerts"),
        (name = "live", description = "Server-sent events when the figures change"),
    )
)]
struct ApiDoc;

/// The document, as JSON.
pub(super) async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_every_route_and_its_errors() {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        for path in [
            "/api/v1/progress/{code}",
            "/api/v1/rankings",
            "/api/v1/units/search",
            "/api/v1/reports",
            "/export/chart/{file}",
            "/api/v1/alerts",
            "/api/v1/alerts/{id}/acknowledge",
            "/api/v1/events",
        ] {
            assert!(doc["paths"][path].is_object(), "{path} is missing");
        }
        let post = &doc["paths"]["/api/v1/reports"]["post"];
        for status in ["200", "401", "403", "422"] {
            assert!(post["responses"][status].is_object(), "{status}");
        }
        assert!(doc["components"]["schemas"]["UnitProgress"].is_object());
        assert_eq!(
            doc["components"]["securitySchemes"]["token"]["scheme"],
            "bearer"
        );
    }
}
