//! Server functions: what pages ask of the server, and the boundary the server implements.

use leptos::prelude::*;
use tiendo_core::Lang;
use tiendo_core::overview::Overview;
use tiendo_core::units::Level;
use tiendo_core::views::{Briefing, ChartOptions, MapView, RankingsView, SearchHit, UnitView};

/// What the UI needs from the server's data; implemented by the `tiendo` server.
///
/// Server functions reach data only through this trait, so the UI crate never
/// sees SQL or the database driver.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    /// The national overview as of `date` (`None`: the last day with data).
    async fn overview(&self, date: Option<String>, lang: Lang) -> Result<Overview, BackendError>;
    /// The provinces' standings in `stage` as of `date`.
    async fn rankings(
        &self,
        stage: Option<String>,
        date: Option<String>,
    ) -> Result<RankingsView, BackendError>;
    /// A unit page: the unit `code` must be of `level`.
    async fn unit(&self, request: UnitRequest) -> Result<UnitView, BackendError>;
    /// The provinces map coloured by `by` in `stage`.
    async fn map(
        &self,
        stage: Option<String>,
        by: Option<String>,
        date: Option<String>,
        lang: Lang,
    ) -> Result<MapView, BackendError>;
    /// Units whose name or code matches `q`.
    async fn search(&self, q: String) -> Result<Vec<SearchHit>, BackendError>;
    /// The daily briefing as of `date`.
    async fn briefing(&self, date: Option<String>, lang: Lang) -> Result<Briefing, BackendError>;
    /// The chart builder's choices: days with data, provinces, and the districts of `unit`'s province.
    async fn chart_options(&self, unit: Option<String>) -> Result<ChartOptions, BackendError>;
}

/// What a unit page asks for; the optional fields are URL parameters as typed.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UnitRequest {
    /// The unit's code.
    pub code: String,
    /// The level the page is for (`/p` province, `/d` district, `/c` commune).
    pub level: Level,
    /// `stage=`.
    pub stage: Option<String>,
    /// `by=`.
    pub by: Option<String>,
    /// `date=`.
    pub date: Option<String>,
    /// Language.
    pub lang: Lang,
}

/// How the backend is shared with server functions (through Leptos context).
#[cfg(feature = "ssr")]
pub type SharedBackend = std::sync::Arc<dyn Backend>;

/// Errors the backend reports to the UI.
#[derive(Clone, Debug, thiserror::Error)]
pub enum BackendError {
    /// The user's input is wrong; the message names the field.
    #[error("{0}")]
    BadInput(String),
    /// Something asked for does not exist.
    #[error("{0} not found")]
    NotFound(String),
    /// No campaign is loaded yet: the pages say so instead of showing figures.
    #[error("no campaign is loaded yet")]
    NoCampaign,
    /// The server is too busy; try again shortly.
    #[error("{0}")]
    Busy(String),
    /// The server failed; details are in its log.
    #[error("internal error, see the server log")]
    Internal,
}

#[cfg(feature = "ssr")]
fn backend() -> Result<SharedBackend, ServerFnError> {
    use_context::<SharedBackend>().ok_or_else(|| ServerFnError::new("no backend in context"))
}

/// The error for the page, with the response status set to match: a bad
/// parameter is a 400 and an unknown unit a 404, for pages as for the API.
#[cfg(feature = "ssr")]
fn fail(e: BackendError) -> ServerFnError {
    let status = match e {
        BackendError::BadInput(_) => http::StatusCode::BAD_REQUEST,
        BackendError::NotFound(_) => http::StatusCode::NOT_FOUND,
        BackendError::NoCampaign | BackendError::Busy(_) => http::StatusCode::SERVICE_UNAVAILABLE,
        BackendError::Internal => http::StatusCode::INTERNAL_SERVER_ERROR,
    };
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
    ServerFnError::new(e.to_string())
}

/// A page's `date` as typed into its GET form without JavaScript
/// (dd/mm/yyyy) in the ISO form the server reads; anything else as it came,
/// for the server to name in its error.
#[cfg(feature = "ssr")]
fn page_date(date: Option<String>) -> Option<String> {
    date.map(|d| tiendo_core::params::parse_typed_day(&d).map_or(d, |day| day.to_string()))
}

/// The national overview for the as-of `date` (YYYY-MM-DD) in `lang`.
#[server]
pub async fn get_overview(date: Option<String>, lang: Lang) -> Result<Overview, ServerFnError> {
    backend()?
        .overview(page_date(date), lang)
        .await
        .map_err(fail)
}

/// The provinces' standings for `/rankings`.
#[server]
pub async fn get_rankings(
    stage: Option<String>,
    date: Option<String>,
) -> Result<RankingsView, ServerFnError> {
    backend()?
        .rankings(stage, page_date(date))
        .await
        .map_err(fail)
}

/// A province, district or commune page.
#[server]
pub async fn get_unit(request: UnitRequest) -> Result<UnitView, ServerFnError> {
    let request = UnitRequest {
        date: page_date(request.date.clone()),
        ..request
    };
    backend()?.unit(request).await.map_err(fail)
}

/// The provinces map.
#[server]
pub async fn get_map(
    stage: Option<String>,
    by: Option<String>,
    date: Option<String>,
    lang: Lang,
) -> Result<MapView, ServerFnError> {
    backend()?
        .map(stage, by, page_date(date), lang)
        .await
        .map_err(fail)
}

/// Units matching a search.
#[server]
pub async fn search_units(q: String) -> Result<Vec<SearchHit>, ServerFnError> {
    backend()?.search(q).await.map_err(fail)
}

/// The chart builder's choices (`/charts`).
#[server]
pub async fn get_chart_options(unit: Option<String>) -> Result<ChartOptions, ServerFnError> {
    backend()?.chart_options(unit).await.map_err(fail)
}

/// The daily briefing (`/briefing`).
#[server]
pub async fn get_briefing(date: Option<String>, lang: Lang) -> Result<Briefing, ServerFnError> {
    backend()?
        .briefing(page_date(date), lang)
        .await
        .map_err(fail)
}
