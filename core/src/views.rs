//! What the rankings, unit, search and map pages show: the data the server
//! sends and the browser renders.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::accounts::{Account, Actor, Role, Token};
use crate::alerts::{Alert, AlertQuery, DeliveryFailure};
use crate::intake::Change;
use crate::overview::{PerStage, ProvinceScore, UnitProgress};
use crate::rankings::Measure;
use crate::stage::Stage;
use crate::standings::Standing;
use crate::units::{Level, UnitRef};

/// The days a view can be asked for, and whether its figures are simulated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DataSpan {
    /// First day with data.
    pub first_day: NaiveDate,
    /// Last day with data.
    pub last_day: NaiveDate,
    /// Figures come from the simulated demo campaign.
    pub simulated: bool,
    /// When the last report was received (RFC 3339), if any.
    pub updated_at: Option<String>,
}

/// The 63 provinces' standings in one stage on one day (`/rankings`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RankingsView {
    /// Days with data.
    pub span: DataSpan,
    /// The stage.
    pub stage: Stage,
    /// The as-of day.
    pub date: NaiveDate,
    /// One row per province, by code; the browser ranks and sorts them.
    pub rows: Vec<Standing>,
}

/// A unit's place among a set of units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankAmong {
    /// Rank (ties equal); `None` when it cannot be ranked by the measure.
    pub rank: Option<u32>,
    /// How many units are ranked together.
    pub of: usize,
    /// Places gained in 7 days.
    pub change: Option<i64>,
}

/// A province, district or commune page (`/p/{code}`, `/d/{code}`, `/c/{code}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitView {
    /// Days with data.
    pub span: DataSpan,
    /// The unit's progress in every stage.
    pub progress: UnitProgress,
    /// Its ancestors, nation first.
    pub path: Vec<UnitRef>,
    /// Its region (provinces).
    pub region: Option<String>,
    /// Stage the places and children are ranked in.
    pub stage: Stage,
    /// Measure the places are ranked by.
    pub measure: Measure,
    /// Place among its siblings.
    pub among_siblings: RankAmong,
    /// Place among every unit of its level nationwide.
    pub nationwide: RankAmong,
    /// Cumulative count of the stage against the target trajectory (SVG).
    pub cumulative_chart_svg: String,
    /// Daily counts per stage (SVG).
    pub daily_chart_svg: String,
    /// Level of the units in `children`: the level below, or every commune
    /// of a province (`below=communes`); `None` for a commune.
    pub children_level: Option<Level>,
    /// The standings of the units below it (empty for a commune).
    pub children: Vec<Standing>,
    /// Alerts open (or acknowledged) on the unit and below, now.
    pub open_alerts: u64,
}

/// A unit found by a search.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    /// The unit.
    pub unit: UnitRef,
    /// Its official full name ("Quận Hà Đông").
    pub full_name: String,
    /// The province it lies in (`None` for a province).
    pub province: Option<String>,
    /// The district it lies in (communes only).
    pub district: Option<String>,
}

/// The choropleth map of the provinces (`/map`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapView {
    /// Days with data.
    pub span: DataSpan,
    /// The stage.
    pub stage: Stage,
    /// The measure provinces are coloured by.
    pub measure: Measure,
    /// The as-of day.
    pub date: NaiveDate,
    /// The map, with its legend (SVG; provinces link to their pages).
    pub svg: String,
    /// The provinces' standings: the map's table alternative.
    pub rows: Vec<Standing>,
}

/// What the chart builder offers: the days with data and the units to draw.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChartOptions {
    /// Days with data.
    pub span: DataSpan,
    /// The 63 provinces, by name.
    pub provinces: Vec<UnitRef>,
    /// The province of the chosen unit (itself, or a district's province).
    pub province: Option<String>,
    /// The districts of that province, by name (empty without one).
    pub districts: Vec<UnitRef>,
}

/// A chart in words: its text alternative, and what a citation and the
/// embed page say of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChartInfo {
    /// The chart's title.
    pub title: String,
    /// Its scope, stages and period.
    pub subtitle: String,
    /// The key figures in a sentence or two, for screen readers.
    pub alt: String,
    /// Its source line (with "Số liệu mô phỏng" on simulated figures).
    pub source: String,
    /// The as-of day.
    pub date: NaiveDate,
}

impl ChartInfo {
    /// How to cite the chart: who, its title and scope, the source and day
    /// (with the simulated-data warning); its link and licence follow it.
    pub fn citation(&self) -> String {
        format!(
            "Tiendo, “{}”, {}. {}.",
            self.title, self.subtitle, self.source
        )
    }
}

/// A province whose rank moved since the day before.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mover {
    /// GSO code.
    pub code: String,
    /// Short name.
    pub name: String,
    /// Rank on the as-of day.
    pub rank: u32,
    /// Places gained (positive) or lost (negative) since the day before.
    pub change: i64,
}

/// The daily briefing for leadership (`/briefing`): one printable page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Briefing {
    /// Days with data.
    pub span: DataSpan,
    /// The campaign's name.
    pub campaign_name: String,
    /// National progress per stage on the as-of day.
    pub progress: UnitProgress,
    /// Cumulative applications against the target (SVG).
    pub chart_svg: String,
    /// The 10 provinces furthest ahead by % of target in applications.
    pub top: Vec<ProvinceScore>,
    /// The 10 furthest behind, last first.
    pub bottom: Vec<ProvinceScore>,
    /// Provinces that gained most places since the day before, most first.
    pub risers: Vec<Mover>,
    /// Provinces that lost most places, most first.
    pub fallers: Vec<Mover>,
    /// Communes without an applications report in the last `silent_days` days.
    pub silent_communes: u64,
    /// All communes.
    pub communes: u64,
    /// The silence window, in days.
    pub silent_days: u32,
    /// Alerts first found on the day, most urgent first (at most 20).
    pub new_alerts: Vec<AlertRow>,
}

/// Who is signed in, as pages show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignedIn {
    /// The account acting.
    pub actor: Actor,
    /// The unit its role is scoped to, by name.
    pub scope_name: String,
    /// The token forms send back with every write (against cross-site requests).
    pub csrf: String,
}

/// One day of a unit's reports, as the reporting page lists them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportedDay {
    /// The day.
    pub day: NaiveDate,
    /// Each stage's reported count, if any.
    pub counts: PerStage<Option<u64>>,
}

/// The reporting page (`/report`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportPage {
    /// Who reports.
    pub signed_in: SignedIn,
    /// The communes the account reports for, by name (empty when there are
    /// too many to list: the code is typed then).
    pub communes: Vec<UnitRef>,
    /// How many communes the account reports for.
    pub commune_count: usize,
    /// The commune chosen, if any.
    pub unit: Option<UnitRef>,
    /// The day chosen.
    pub day: NaiveDate,
    /// First day figures may be for.
    pub first_day: NaiveDate,
    /// Last day figures may be for (today in Vietnam).
    pub last_day: NaiveDate,
    /// The chosen commune's reports on the day and the days before it.
    pub recent: Vec<ReportedDay>,
    /// Its latest changes.
    pub changes: Vec<Change>,
}

/// What became of a form's submission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmitOutcome {
    /// Whether the figures were written.
    pub written: bool,
    /// Errors, each naming its field (nothing was written).
    pub errors: Vec<String>,
    /// Warnings to confirm (nothing was written until confirmed).
    pub warnings: Vec<String>,
    /// What was written, in words.
    pub summary: Vec<String>,
}

/// A row of an uploaded file, as its preview shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreviewRow {
    /// The file's row number.
    pub row: usize,
    /// Unit code as read.
    pub unit: String,
    /// The unit's name, when the code is known.
    pub name: Option<String>,
    /// Date as read.
    pub date: String,
    /// Each stage's count as read.
    pub counts: PerStage<String>,
    /// Errors on this row.
    pub errors: Vec<String>,
    /// Warnings on this row.
    pub warnings: Vec<String>,
}

/// An uploaded file, read and checked, before anything is written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UploadPreview {
    /// Who uploaded it.
    pub signed_in: SignedIn,
    /// The file's name.
    pub file_name: String,
    /// Every row with its problems.
    pub rows: Vec<PreviewRow>,
    /// Problems of the file itself (its header, its format).
    pub file_errors: Vec<String>,
    /// Rows with errors.
    pub rows_with_errors: usize,
    /// Rows with warnings only.
    pub rows_with_warnings: usize,
    /// Figures that would be written.
    pub figures: usize,
}

/// An account as the administration page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountRow {
    /// The account.
    pub account: Account,
    /// Its unit's name.
    pub unit_name: String,
    /// Its API tokens.
    pub tokens: Vec<Token>,
}

/// The administration page (`/admin`): accounts and tokens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminPage {
    /// Who manages.
    pub signed_in: SignedIn,
    /// The accounts they manage.
    pub accounts: Vec<AccountRow>,
    /// The roles they may create.
    pub roles: Vec<Role>,
    /// Alert notifications to the webhook (ministry and administrators only).
    pub webhook: Option<WebhookStatus>,
}

/// How the alert webhook is doing, for operators.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WebhookStatus {
    /// Notifications waiting to be sent.
    pub pending: u64,
    /// The latest failed deliveries, newest first.
    pub failures: Vec<DeliveryFailure>,
}

/// An alert shown in a list: the alert and its words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlertRow {
    /// The alert (who acknowledged it and why only for signed-in readers).
    pub alert: Alert,
    /// What tripped it, in words.
    pub text: String,
    /// The unit's page.
    pub link: String,
    /// The reader may acknowledge it.
    pub may_acknowledge: bool,
}

/// The alerts page (`/alerts`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlertsPage {
    /// Who reads, if signed in.
    pub signed_in: Option<SignedIn>,
    /// The filters as applied (slugs and codes; empty: any).
    pub filter: AlertQuery,
    /// Provinces the reader may filter on: (code, name).
    pub provinces: Vec<(String, String)>,
    /// The alerts, most urgent and newest first.
    pub alerts: Vec<AlertRow>,
    /// More alerts match than are listed.
    pub truncated: bool,
}
