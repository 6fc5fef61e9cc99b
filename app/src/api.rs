//! Server functions: what pages ask of the server, and the boundary the server implements.

use leptos::prelude::*;
use tiendo_core::Lang;
use tiendo_core::overview::Overview;

/// What the UI needs from the server's data; implemented by the `tiendo` server.
///
/// Server functions reach data only through this trait, so the UI crate never
/// sees SQL or the database driver.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    /// The national overview as of `date` (`None`: the last day with data).
    async fn overview(&self, date: Option<String>, lang: Lang) -> Result<Overview, BackendError>;
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
    /// The server failed; details are in its log.
    #[error("internal error, see the server log")]
    Internal,
}

#[cfg(feature = "ssr")]
fn backend() -> Result<SharedBackend, ServerFnError> {
    use_context::<SharedBackend>().ok_or_else(|| ServerFnError::new("no backend in context"))
}

/// The national overview for the as-of `date` (YYYY-MM-DD) in `lang`.
#[server]
pub async fn get_overview(date: Option<String>, lang: Lang) -> Result<Overview, ServerFnError> {
    backend()?
        .overview(date, lang)
        .await
        .map_err(|e| ServerFnError::new(e.to_string()))
}
