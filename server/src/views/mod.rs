//! The read side: what pages, the API and downloads show, gathered from the
//! database and kept until the figures change. Each view owns its cache;
//! [`Context`] holds what they share (the database, the campaign being
//! served, the units in memory). Views call `render` to draw and never the
//! other way round; `http` calls views.

pub mod briefing;
pub mod chart_data;
pub mod figures;
pub mod files;
pub mod map;
pub mod overview;
pub mod standings;
pub mod tables;
pub mod unit;
pub mod units;

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use tiendo_app::api::BackendError;
use tiendo_core::campaign::Campaign;
use tiendo_core::params::{ParamError, check_in_range, parse_date};
use tiendo_core::units::UnitRef;
use tiendo_core::views::{DataSpan, SearchHit};

use crate::db::{Database, DbError};
use crate::heavy::HeavyError;
use crate::render::RenderError;
use units::Units;

/// Why a view could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    /// A parameter is wrong; the message names it (400).
    #[error("{0}")]
    BadInput(#[from] ParamError),
    /// A unit or other named thing does not exist (404).
    #[error("{0} not found")]
    NotFound(String),
    /// No campaign is loaded yet (503).
    #[error("no campaign is loaded (load one with `tiendo demo`)")]
    NoCampaign,
    /// The reader may not see or do this; says why (403).
    #[error("{0}")]
    Forbidden(String),
    /// Too much heavy work waits already (503).
    #[error("{0}")]
    Busy(String),
    /// The database, a chart or a worker failed; logged, not shown (500).
    #[error("{0}")]
    Internal(String),
}

impl From<DbError> for ViewError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::NotFound(what) => ViewError::NotFound(what),
            // The data layer's own refusals come after the domain checks
            // (which speak both languages): rare, and in English only.
            DbError::Invalid { field, message } => {
                ViewError::BadInput(ParamError::new(field, message.clone(), message))
            }
            other => ViewError::Internal(other.to_string()),
        }
    }
}

impl From<RenderError> for ViewError {
    fn from(e: RenderError) -> Self {
        ViewError::Internal(e.to_string())
    }
}

impl From<HeavyError> for ViewError {
    fn from(e: HeavyError) -> Self {
        match e {
            HeavyError::Busy => ViewError::Busy(e.to_string()),
            HeavyError::Failed(m) => ViewError::Internal(m),
        }
    }
}

impl From<ViewError> for BackendError {
    fn from(e: ViewError) -> Self {
        match e {
            ViewError::BadInput(p) => BackendError::BadInput(p),
            ViewError::NotFound(what) => BackendError::NotFound(what),
            ViewError::NoCampaign => BackendError::NoCampaign,
            ViewError::Busy(m) => BackendError::Busy(m),
            ViewError::Forbidden(m) => BackendError::Forbidden(m),
            ViewError::Internal(detail) => {
                tracing::error!(%detail, "view failed");
                BackendError::Internal
            }
        }
    }
}

/// An error naming the parameter `field`: what is wrong in English and in Vietnamese.
pub fn bad(field: &str, en: impl Into<String>, vi: impl Into<String>) -> ViewError {
    ViewError::BadInput(ParamError::new(field, en, vi))
}

/// "No unit has the code …", for the parameter `field`.
pub fn no_unit(field: &str, code: &str) -> ViewError {
    bad(
        field,
        format!("no unit has the code '{code}'"),
        format!("không có đơn vị nào mã '{code}'"),
    )
}

/// The campaign being served, at one data version.
#[derive(Clone, Debug, PartialEq)]
pub struct Current {
    /// The data version these were read at.
    pub version: i64,
    /// The campaign.
    pub campaign: Campaign,
    /// First and last day with national figures.
    pub first_day: NaiveDate,
    /// Last day with national figures.
    pub last_day: NaiveDate,
}

impl Current {
    /// The days a view can be asked for, as pages show them.
    pub fn span(&self) -> DataSpan {
        DataSpan {
            first_day: self.first_day,
            last_day: self.last_day,
            simulated: self.campaign.simulated,
            updated_at: self.campaign.updated_at.clone(),
        }
    }

    /// The as-of day asked for as `date` (`None`: the last day with data).
    pub fn day(&self, date: Option<&str>) -> Result<NaiveDate, ParamError> {
        match date {
            None => Ok(self.last_day),
            Some(s) => check_in_range(
                "date",
                parse_date("date", s)?,
                self.first_day,
                self.last_day,
            ),
        }
    }
}

/// What every view shares: the database, the campaign being served (read
/// once per data version) and the units (read once).
pub struct Context {
    /// The database.
    pub db: Arc<dyn Database>,
    /// The server's counters (`/metrics`).
    pub metrics: Arc<crate::metrics::Metrics>,
    current: Mutex<Option<Arc<Current>>>,
    reading: tokio::sync::Mutex<()>,
    units: tokio::sync::OnceCell<Arc<Units>>,
    /// The charts pages show, drawn once for every page that shows them.
    pub page_charts: figures::PageCharts,
}

/// What the page charts may keep: about 150 pairs of a unit's two charts.
const PAGE_CHARTS_BUDGET: u64 = 8 << 20;

impl Context {
    /// A context over `db`.
    pub fn new(db: Arc<dyn Database>) -> Self {
        Context {
            db,
            metrics: Arc::default(),
            current: Mutex::new(None),
            reading: tokio::sync::Mutex::new(()),
            units: tokio::sync::OnceCell::new(),
            page_charts: figures::PageCharts::new(PAGE_CHARTS_BUDGET),
        }
    }

    /// The data version as the change feed last told it.
    pub fn version(&self) -> i64 {
        self.db.feed().version()
    }

    fn kept_current(&self) -> Option<Arc<Current>> {
        let kept = self.current.lock().expect("current lock").clone();
        kept.filter(|c| c.version >= self.version())
    }

    /// The campaign being served; read from the database only when the
    /// data version moved since it was last read.
    pub async fn current(&self) -> Result<Arc<Current>, ViewError> {
        if let Some(c) = self.kept_current() {
            return Ok(c);
        }
        let _one_reader = self.reading.lock().await;
        if let Some(c) = self.kept_current() {
            return Ok(c);
        }
        let snapshot = self.db.snapshot().await?;
        self.db.feed().publish(snapshot.version);
        let (Some(campaign), Some((first_day, last_day))) = (snapshot.campaign, snapshot.span)
        else {
            return Err(ViewError::NoCampaign);
        };
        let current = Arc::new(Current {
            version: snapshot.version,
            campaign,
            first_day,
            last_day,
        });
        *self.current.lock().expect("current lock") = Some(current.clone());
        Ok(current)
    }

    /// The campaign and the as-of day asked for as `date`.
    pub async fn as_of(&self, date: Option<&str>) -> Result<(Arc<Current>, NaiveDate), ViewError> {
        let current = self.current().await?;
        let day = current.day(date)?;
        Ok((current, day))
    }

    /// Every unit, read once.
    pub async fn units(&self) -> Result<&Arc<Units>, ViewError> {
        self.units
            .get_or_try_init(|| async {
                Ok::<_, ViewError>(Arc::new(Units::new(self.db.all_units().await?)))
            })
            .await
    }

    /// The unit `code`, or a 404 when there is none.
    pub async fn unit(&self, code: &str) -> Result<UnitRef, ViewError> {
        self.units()
            .await?
            .unit_ref(code)
            .ok_or_else(|| ViewError::NotFound(format!("unit '{code}'")))
    }

    /// The unit named by parameter `field`; an unknown code is the user's error.
    pub async fn unit_param(&self, field: &str, code: &str) -> Result<UnitRef, ViewError> {
        self.units()
            .await?
            .unit_ref(code)
            .ok_or_else(|| no_unit(field, code))
    }
}

/// Cache budgets in bytes, per view.
#[derive(Clone, Copy, Debug)]
pub struct Budgets {
    /// Standings inputs per scope and day (a commune-level day is ~2 MB).
    pub standings: u64,
    /// Rendered page views (overview, rankings, unit pages, maps).
    pub views: u64,
}

impl Default for Budgets {
    fn default() -> Self {
        Budgets {
            standings: 32 << 20,
            views: 32 << 20,
        }
    }
}

/// Every view of the site, wired together; what pages and the API read.
pub struct Views {
    /// Shared context.
    pub ctx: Arc<Context>,
    /// Rankings and standings.
    pub standings: Arc<standings::Standings>,
    /// The national overview and unit progress.
    pub overviews: overview::Overviews,
    /// Province, district and commune pages.
    pub unit_pages: unit::UnitPages,
    /// The provinces map.
    pub maps: Arc<map::Maps>,
    /// The daily briefing.
    pub briefings: Arc<briefing::Briefings>,
    /// Chart and briefing downloads.
    pub files: files::Files,
    /// Table downloads.
    pub tables: tables::Tables,
}

impl Views {
    /// Every view over `db`, with caches within `budgets`.
    pub fn new(db: Arc<dyn Database>, budgets: Budgets) -> Self {
        let ctx = Arc::new(Context::new(db));
        let standings = Arc::new(standings::Standings::new(ctx.clone(), budgets));
        let overviews = overview::Overviews::new(ctx.clone(), standings.clone(), budgets);
        let maps = Arc::new(map::Maps::new(ctx.clone(), standings.clone(), budgets));
        let briefings = Arc::new(briefing::Briefings::new(ctx.clone(), standings.clone()));
        Views {
            unit_pages: unit::UnitPages::new(ctx.clone(), standings.clone(), budgets),
            files: files::Files::new(
                ctx.clone(),
                standings.clone(),
                maps.clone(),
                briefings.clone(),
            ),
            tables: tables::Tables::new(ctx.clone(), standings.clone()),
            ctx,
            standings,
            overviews,
            maps,
            briefings,
        }
    }

    /// Each view cache's hits and misses, for the metrics.
    pub fn cache_stats(&self) -> Vec<(&'static str, u64, u64)> {
        [
            ("standings", self.standings.cache_stats()),
            ("overview", self.overviews.cache_stats()),
            ("unit_pages", self.unit_pages.cache_stats()),
            ("map", self.maps.cache_stats()),
            ("briefing", self.briefings.cache_stats()),
            ("page_charts", self.ctx.page_charts.cache_stats()),
        ]
        .into_iter()
        .map(|(name, (hits, misses))| (name, hits, misses))
        .collect()
    }

    /// Units whose name or code matches `q`, best first.
    pub async fn search(&self, q: &str) -> Result<Vec<SearchHit>, ViewError> {
        Ok(self.ctx.units().await?.search("q", q, SEARCH_LIMIT)?)
    }
}

/// Most search results returned.
pub const SEARCH_LIMIT: usize = 20;
