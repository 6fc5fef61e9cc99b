//! Server functions: what pages ask of the server, and the boundary the server implements.

use leptos::prelude::*;
use tiendo_core::Lang;
#[cfg(feature = "ssr")]
use tiendo_core::accounts::Actor;
use tiendo_core::alerts::AlertQuery;
use tiendo_core::intake::Change;
use tiendo_core::overview::Overview;
use tiendo_core::units::Level;
use tiendo_core::views::{
    AdminPage, AlertsPage, Briefing, ChartInfo, ChartOptions, MapView, RankingsView, ReportPage,
    SearchHit, SignedIn, SubmitOutcome, UnitView, UploadPreview,
};

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
    /// The chart `kind` with the download parameters `params`, in words.
    async fn chart_info(
        &self,
        kind: String,
        params: Vec<(String, String)>,
    ) -> Result<ChartInfo, BackendError>;
    /// A unit's latest corrections; account names only for a signed-in reader.
    async fn changes(&self, code: String, signed_in: bool) -> Result<Vec<Change>, BackendError>;

    /// Who is signed in, with the CSRF token forms send back.
    async fn signed_in(&self, actor: &Actor, csrf: String) -> Result<SignedIn, BackendError>;
    /// The reporting page for `unit` on `date` (defaults: the only or no commune, the next day to report).
    async fn report_page(
        &self,
        who: SignedIn,
        unit: Option<String>,
        date: Option<String>,
    ) -> Result<ReportPage, BackendError>;
    /// Writes the figures of the form, or says what is wrong (in `lang`).
    async fn submit_report(
        &self,
        actor: &Actor,
        form: ReportForm,
        lang: Lang,
    ) -> Result<SubmitOutcome, BackendError>;
    /// The account's uploaded file, read and checked, if one waits.
    async fn upload_preview(
        &self,
        who: SignedIn,
        lang: Lang,
    ) -> Result<Option<UploadPreview>, BackendError>;
    /// Writes the waiting upload, all or nothing; warnings need `confirmed`.
    async fn commit_upload(
        &self,
        actor: &Actor,
        confirmed: bool,
        lang: Lang,
    ) -> Result<SubmitOutcome, BackendError>;
    /// Forgets the waiting upload.
    async fn discard_upload(&self, actor: &Actor) -> Result<(), BackendError>;
    /// The accounts the actor manages.
    async fn admin_page(&self, who: SignedIn) -> Result<AdminPage, BackendError>;
    /// Creates an account.
    async fn create_account(&self, actor: &Actor, form: AccountForm) -> Result<(), BackendError>;
    /// Disables or enables an account.
    async fn set_disabled(
        &self,
        actor: &Actor,
        name: String,
        disabled: bool,
    ) -> Result<(), BackendError>;
    /// Issues an API token for an account: its text, shown once.
    async fn issue_token(
        &self,
        actor: &Actor,
        name: String,
        label: String,
    ) -> Result<String, BackendError>;
    /// Revokes an account's token.
    async fn revoke_token(&self, actor: &Actor, name: String, id: i64) -> Result<(), BackendError>;
    /// The alerts `query` asks for, as `reader` (if signed in) may see them.
    async fn alerts_page(
        &self,
        reader: Option<SignedIn>,
        query: AlertQuery,
        lang: Lang,
    ) -> Result<AlertsPage, BackendError>;
    /// Acknowledges an alert with a comment.
    async fn acknowledge_alert(
        &self,
        actor: &Actor,
        id: i64,
        comment: String,
    ) -> Result<(), BackendError>;
    /// The data version the server knows of: pages carry it, so that live
    /// updates know whether they show the latest figures.
    fn data_version(&self) -> i64;
}

/// The reporting form as typed.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReportForm {
    /// Commune code.
    pub unit: String,
    /// The day, dd/mm/yyyy.
    pub date: String,
    /// Applications collected that day (blank: not reported).
    pub applications: String,
    /// Cards produced.
    pub produced: String,
    /// Cards delivered.
    pub delivered: String,
    /// Warnings were seen and confirmed.
    pub confirmed: bool,
}

/// A new account as typed on the administration page.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AccountForm {
    /// Sign-in name.
    pub name: String,
    /// Its first password.
    pub password: String,
    /// Role slug.
    pub role: String,
    /// Unit code of its scope.
    pub unit: String,
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
    /// `below=communes`: a province's table ranks every commune in it.
    pub below: Option<String>,
    /// Language.
    pub lang: Lang,
}

/// How the backend is shared with server functions (through Leptos context).
#[cfg(feature = "ssr")]
pub type SharedBackend = std::sync::Arc<dyn Backend>;

/// Errors the backend reports to the UI.
#[derive(Clone, Debug, thiserror::Error)]
pub enum BackendError {
    /// The user's input is wrong; the message names the field (in both languages).
    #[error("{0}")]
    BadInput(tiendo_core::params::ParamError),
    /// Something asked for does not exist.
    #[error("{0} not found")]
    NotFound(String),
    /// No campaign is loaded yet: the pages say so instead of showing figures.
    #[error("no campaign is loaded yet")]
    NoCampaign,
    /// The server is too busy; try again shortly.
    #[error("{0}")]
    Busy(String),
    /// Not signed in (or the session ended).
    #[error("sign in first")]
    SignIn,
    /// Signed in, but not allowed; says why.
    #[error("{0}")]
    Forbidden(String),
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
        BackendError::SignIn => http::StatusCode::UNAUTHORIZED,
        BackendError::Forbidden(_) => http::StatusCode::FORBIDDEN,
        BackendError::Internal => http::StatusCode::INTERNAL_SERVER_ERROR,
    };
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
    match e {
        BackendError::BadInput(p) => ServerFnError::new(p.text(request_lang())),
        other => ServerFnError::new(other.to_string()),
    }
}

/// The language of the request being answered: its `lang` parameter, or the
/// `lang` of the page that sent it (a server function called from a page),
/// Vietnamese otherwise.
#[cfg(feature = "ssr")]
fn request_lang() -> Lang {
    let Some(parts) = use_context::<http::request::Parts>() else {
        return Lang::Vi;
    };
    let lang_in = |query: &str| {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix("lang="))
            .map(|v| Lang::from_param(Some(v)))
    };
    let referer = parts
        .headers
        .get(http::header::REFERER)
        .and_then(|r| r.to_str().ok())
        .and_then(|r| r.split_once('?'))
        .map(|(_, q)| q.to_string());
    parts
        .uri
        .query()
        .and_then(lang_in)
        .or_else(|| referer.as_deref().and_then(lang_in))
        .unwrap_or(Lang::Vi)
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

/// A chart in words: its text alternative and what its citation says (`/charts`).
#[server]
pub async fn get_chart_info(
    kind: String,
    params: Vec<(String, String)>,
) -> Result<ChartInfo, ServerFnError> {
    backend()?.chart_info(kind, params).await.map_err(fail)
}

/// The daily briefing (`/briefing`).
#[server]
pub async fn get_briefing(date: Option<String>, lang: Lang) -> Result<Briefing, ServerFnError> {
    backend()?
        .briefing(page_date(date), lang)
        .await
        .map_err(fail)
}

/// The account acting on this request, as the server resolved it.
#[cfg(feature = "ssr")]
fn actor() -> Option<Actor> {
    use_context::<http::request::Parts>()?
        .extensions
        .get::<Actor>()
        .cloned()
}

/// Who is signed in, or a redirect to the sign-in page (back to `here` after).
#[cfg(feature = "ssr")]
async fn signed_in(here: &str) -> Result<(SharedBackend, SignedIn), ServerFnError> {
    let backend = backend()?;
    let parts = use_context::<http::request::Parts>();
    let csrf = parts
        .as_ref()
        .and_then(|p| p.extensions.get::<tiendo_core::accounts::Csrf>().cloned());
    match (actor(), csrf) {
        (Some(actor), Some(csrf)) => {
            let who = backend.signed_in(&actor, csrf.0).await.map_err(fail)?;
            Ok((backend, who))
        }
        _ => {
            // The redirect's own status stands: no error status over it.
            leptos_axum::redirect(&format!(
                "/sign-in?next={}",
                tiendo_core::params::encode(here)
            ));
            Err(ServerFnError::new(BackendError::SignIn.to_string()))
        }
    }
}

/// The actor of a write, once its CSRF token matches the session's.
#[cfg(feature = "ssr")]
fn writer(csrf: &str) -> Result<(SharedBackend, Actor), ServerFnError> {
    let parts = use_context::<http::request::Parts>();
    let expected = parts
        .as_ref()
        .and_then(|p| p.extensions.get::<tiendo_core::accounts::Csrf>().cloned());
    let (Some(actor), Some(expected)) = (actor(), expected) else {
        return Err(fail(BackendError::SignIn));
    };
    if expected.0 != csrf {
        return Err(fail(BackendError::Forbidden(
            "the form is out of date (CSRF token); reload the page and send it again".into(),
        )));
    }
    Ok((backend()?, actor))
}

/// Who is signed in, if anyone (the top bar).
#[server]
pub async fn get_signed_in() -> Result<Option<SignedIn>, ServerFnError> {
    reader().await
}

/// Who reads, if signed in (a reader without a session reads as the public).
#[cfg(feature = "ssr")]
async fn reader() -> Result<Option<SignedIn>, ServerFnError> {
    let parts = use_context::<http::request::Parts>();
    let csrf = parts
        .as_ref()
        .and_then(|p| p.extensions.get::<tiendo_core::accounts::Csrf>().cloned());
    match (actor(), csrf) {
        (Some(actor), Some(csrf)) => Ok(Some(
            backend()?.signed_in(&actor, csrf.0).await.map_err(fail)?,
        )),
        _ => Ok(None),
    }
}

/// A unit's latest corrections (its page).
#[server]
pub async fn get_changes(code: String) -> Result<Vec<Change>, ServerFnError> {
    backend()?
        .changes(code, actor().is_some())
        .await
        .map_err(fail)
}

/// The reporting page (`/report?unit=&date=`).
#[server]
pub async fn get_report_page(
    unit: Option<String>,
    date: Option<String>,
) -> Result<ReportPage, ServerFnError> {
    let (backend, who) = signed_in("/report").await?;
    backend
        .report_page(who, unit, page_date(date))
        .await
        .map_err(fail)
}

/// Sends the reporting form (its fields flat, as a plain form posts them).
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn submit_report(
    csrf: String,
    unit: String,
    date: String,
    applications: String,
    produced: String,
    delivered: String,
    confirmed: Option<String>,
    lang: Option<String>,
) -> Result<SubmitOutcome, ServerFnError> {
    let (backend, actor) = writer(&csrf)?;
    let form = ReportForm {
        unit,
        date,
        applications,
        produced,
        delivered,
        confirmed: confirmed.is_some_and(|c| c == "true"),
    };
    let lang = Lang::from_param(lang.as_deref());
    backend
        .submit_report(&actor, form, lang)
        .await
        .map_err(fail)
}

/// The uploaded file waiting to be written (`/report/upload`).
#[server]
pub async fn get_upload(lang: Lang) -> Result<Option<UploadPreview>, ServerFnError> {
    let (backend, who) = signed_in("/report/upload").await?;
    backend.upload_preview(who, lang).await.map_err(fail)
}

/// Writes the uploaded file.
#[server]
pub async fn commit_upload(
    csrf: String,
    confirmed: bool,
    lang: Lang,
) -> Result<SubmitOutcome, ServerFnError> {
    let (backend, actor) = writer(&csrf)?;
    backend
        .commit_upload(&actor, confirmed, lang)
        .await
        .map_err(fail)
}

/// Forgets the uploaded file.
#[server]
pub async fn discard_upload(csrf: String) -> Result<(), ServerFnError> {
    let (backend, actor) = writer(&csrf)?;
    backend.discard_upload(&actor).await.map_err(fail)
}

/// The administration page (`/admin`).
#[server]
pub async fn get_admin() -> Result<AdminPage, ServerFnError> {
    let (backend, who) = signed_in("/admin").await?;
    backend.admin_page(who).await.map_err(fail)
}

/// Creates an account (its fields flat, as a plain form posts them).
#[server]
pub async fn create_account(
    csrf: String,
    name: String,
    password: String,
    role: String,
    unit: String,
) -> Result<(), ServerFnError> {
    let (backend, actor) = writer(&csrf)?;
    let form = AccountForm {
        name,
        password,
        role,
        unit,
    };
    backend.create_account(&actor, form).await.map_err(fail)
}

/// Disables or enables an account.
#[server]
pub async fn set_account_disabled(
    csrf: String,
    name: String,
    disabled: bool,
) -> Result<(), ServerFnError> {
    let (backend, actor) = writer(&csrf)?;
    backend
        .set_disabled(&actor, name, disabled)
        .await
        .map_err(fail)
}

/// Issues an API token: its text, shown once.
#[server]
pub async fn issue_token(
    csrf: String,
    name: String,
    label: String,
) -> Result<String, ServerFnError> {
    let (backend, actor) = writer(&csrf)?;
    backend.issue_token(&actor, name, label).await.map_err(fail)
}

/// Revokes a token.
#[server]
pub async fn revoke_token(csrf: String, name: String, id: i64) -> Result<(), ServerFnError> {
    let (backend, actor) = writer(&csrf)?;
    backend.revoke_token(&actor, name, id).await.map_err(fail)
}

/// The alerts page (`/alerts?state=&rule=&severity=&province=&unit=`).
#[server]
pub async fn get_alerts(query: AlertQuery, lang: Lang) -> Result<AlertsPage, ServerFnError> {
    let reader = reader().await?;
    backend()?
        .alerts_page(reader, query, lang)
        .await
        .map_err(fail)
}

/// Acknowledges an alert.
#[server]
pub async fn acknowledge_alert(
    csrf: String,
    id: i64,
    comment: String,
) -> Result<(), ServerFnError> {
    let (backend, actor) = writer(&csrf)?;
    backend
        .acknowledge_alert(&actor, id, comment)
        .await
        .map_err(fail)
}

/// The data version the page was made at (the live updates' starting point).
#[cfg(feature = "ssr")]
pub fn data_version() -> Option<i64> {
    use_context::<SharedBackend>().map(|b| b.data_version())
}
