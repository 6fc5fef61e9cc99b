//! Answers "where does a unit stand on a day": progress per stage, the national
//! overview with its charts and leaders, cached until the figures change.

use std::sync::Arc;

use chrono::NaiveDate;
use tiendo_app::api::{Backend, BackendError, UnitRequest};
use tiendo_core::overview::{Overview, PerStage, ProvinceScore, UnitProgress};
use tiendo_core::params::{ParamError, check_in_range, parse_date};
use tiendo_core::progress::{ProgressInput, compute};
use tiendo_core::units::{NATION_CODE, UnitRef};
use tiendo_core::{Lang, Stage};

use tiendo_core::rankings::Measure;
use tiendo_core::rankings::{competition_ranks, rank_order};
use tiendo_core::standings::UnitCounts;
use tiendo_core::views::{
    Briefing, ChartOptions, MapView, Mover, RankingsView, SearchHit, UnitView,
};

use crate::rankings::span_of;

use crate::cache::Cache;
use crate::charts::{self, ChartError, CumulativeChart, CumulativeLine, DailyChart, Mark};
use crate::db::{Campaign, DayTotal, Db, DbError, Scope};
use crate::figures::ChartFile;
use crate::search::UnitIndex;

/// Errors of progress queries.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// A parameter is wrong; the message names it.
    #[error("{0}")]
    BadInput(#[from] ParamError),
    /// A unit, campaign or figures do not exist.
    #[error("{0} not found")]
    NotFound(String),
    /// The database failed.
    #[error(transparent)]
    Db(DbError),
    /// A chart could not be drawn.
    #[error(transparent)]
    Chart(#[from] ChartError),
}

impl From<DbError> for QueryError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::NotFound(what) => QueryError::NotFound(what),
            other => QueryError::Db(other),
        }
    }
}

impl From<QueryError> for BackendError {
    fn from(e: QueryError) -> Self {
        match e {
            QueryError::BadInput(p) => BackendError::BadInput(p.to_string()),
            QueryError::NotFound(what) => BackendError::NotFound(what),
            other => {
                tracing::error!(error = %other, "overview failed");
                BackendError::Internal
            }
        }
    }
}

/// What identifies one version of the figures: the campaign and when it last changed.
pub(crate) type Version = (i64, Option<String>);

/// Progress queries over one database, with caches of computed views.
///
/// Every cache key starts with the figures' [`Version`], so new figures are
/// never served stale.
pub struct Progress {
    pub(crate) db: Db,
    overviews: Cache<(Version, NaiveDate, Lang), Overview>,
    pub(crate) counts: Cache<(Version, Scope, NaiveDate), Vec<UnitCounts>>,
    pub(crate) rankings_views: Cache<(Version, Stage, NaiveDate), RankingsView>,
    pub(crate) unit_views: Cache<(Version, String, Stage, Measure, NaiveDate, Lang), UnitView>,
    pub(crate) maps: Cache<(Version, Stage, Measure, NaiveDate, Lang), MapView>,
    pub(crate) unit_index: tokio::sync::OnceCell<UnitIndex>,
    /// Downloaded charts per URL and as-of day, weighed in bytes.
    pub(crate) chart_files: Cache<(Version, String, NaiveDate), ChartFile>,
}

impl Progress {
    /// Queries over `db`.
    pub fn new(db: Db) -> Self {
        Progress {
            db,
            // Plenty for every day × language of the campaign.
            overviews: Cache::new(2_000),
            counts: Cache::new(2_000),
            rankings_views: Cache::new(2_000),
            unit_views: Cache::new(5_000),
            maps: Cache::new(2_000),
            unit_index: tokio::sync::OnceCell::new(),
            chart_files: Cache::new(64 << 20),
        }
    }

    /// The database (for health checks).
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The current campaign and the as-of day asked for (`None`: the last day with data).
    pub(crate) async fn campaign_and_day(
        &self,
        date: Option<&str>,
    ) -> Result<(Campaign, NaiveDate, (NaiveDate, NaiveDate)), QueryError> {
        let campaign = self.db.current_campaign().await?;
        let span = self.db.data_span(campaign.id).await?.ok_or_else(|| {
            QueryError::NotFound("figures (load the demo with `tiendo demo`)".into())
        })?;
        let day = match date {
            None => span.1,
            Some(s) => check_in_range("date", parse_date("date", s)?, span.0, span.1)?,
        };
        Ok((campaign, day, span))
    }

    /// A unit's progress in every stage as of `date` (`None`: the last day with data).
    pub async fn unit_progress(
        &self,
        code: &str,
        date: Option<&str>,
    ) -> Result<UnitProgress, QueryError> {
        let unit = self.db.unit(code).await?;
        let (campaign, day, _) = self.campaign_and_day(date).await?;
        self.progress_on(&campaign, unit, day).await
    }

    pub(crate) async fn progress_on(
        &self,
        campaign: &Campaign,
        unit: UnitRef,
        day: NaiveDate,
    ) -> Result<UnitProgress, QueryError> {
        let code = unit.code.as_str();
        let mut stages = Vec::with_capacity(3);
        for stage in Stage::ALL {
            let f = self.db.figures(campaign.id, code, stage, day).await?;
            let target = self.db.target(campaign.id, code, stage).await?;
            stages.push(compute(ProgressInput {
                as_of: day,
                cumulative: f.cumulative,
                cumulative_week_before: f.cumulative_week_before,
                daily: f.daily,
                target,
                deadline: campaign.goals.get(stage).deadline,
            }));
        }
        let mut it = stages.into_iter();
        let mut next = || it.next().expect("three stages");
        Ok(UnitProgress {
            unit,
            date: day,
            stages: PerStage {
                applications: next(),
                produced: next(),
                delivered: next(),
            },
        })
    }

    /// A unit's whole daily series in every stage.
    pub(crate) async fn stage_series(
        &self,
        campaign: &Campaign,
        code: &str,
    ) -> Result<PerStage<Vec<DayTotal>>, QueryError> {
        Ok(PerStage {
            applications: self
                .db
                .series(campaign.id, code, Stage::Applications)
                .await?,
            produced: self.db.series(campaign.id, code, Stage::Produced).await?,
            delivered: self.db.series(campaign.id, code, Stage::Delivered).await?,
        })
    }

    /// The two charts of a unit up to `day`: the cumulative count of `stage`
    /// against `target` with published `marks`, and daily counts per stage.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn unit_charts(
        &self,
        campaign: &Campaign,
        code: &str,
        stage: Stage,
        day: NaiveDate,
        target: Option<u64>,
        marks: &[Mark],
        lang: Lang,
    ) -> Result<(String, String), QueryError> {
        let series = self.stage_series(campaign, code).await?;
        let cumulative = charts::cumulative_svg(
            &CumulativeChart {
                lines: vec![CumulativeLine {
                    stage,
                    series: series.get(stage),
                    target,
                    deadline: campaign.goals.get(stage).deadline,
                }],
                start: campaign.start,
                from: campaign.start,
                as_of: day,
                marks,
                show_target: true,
                show_deadline: true,
                lang,
            },
            680,
            380,
        )?;
        let daily = charts::daily_svg(
            &DailyChart {
                series: Stage::ALL
                    .into_iter()
                    .map(|s| (s, series.get(s).as_slice()))
                    .collect(),
                from: campaign.start,
                as_of: day,
                lang,
            },
            680,
            460,
        )?;
        Ok((cumulative, daily))
    }

    /// A unit's figures per day up to the as-of day: for each day with any
    /// figure, the day's count and the running total of every stage.
    pub async fn daily_series(
        &self,
        code: &str,
        date: Option<&str>,
    ) -> Result<(UnitRef, NaiveDate, Vec<(NaiveDate, PerStage<(u64, u64)>)>), QueryError> {
        let unit = self.unit_param("unit", code).await?;
        let (campaign, day, _) = self.campaign_and_day(date).await?;
        let mut days: std::collections::BTreeMap<NaiveDate, PerStage<(u64, u64)>> =
            std::collections::BTreeMap::new();
        let all = self.stage_series(&campaign, &unit.code).await?;
        for stage in Stage::ALL {
            let series = all.get(stage).iter().copied();
            // Totals are sparse: a day without a row keeps the last running total.
            for t in series.filter(|t| t.day <= day) {
                days.entry(t.day)
                    .or_insert_with(|| PerStage::from_fn(|_| (0, 0)))
                    .get_mut(stage)
                    .clone_from(&(t.count, t.cumulative));
            }
        }
        let mut running = PerStage::from_fn(|_| 0u64);
        let rows = days
            .into_iter()
            .map(|(d, mut per)| {
                for stage in Stage::ALL {
                    let (count, cumulative) = per.get_mut(stage);
                    if *count == 0 && *cumulative == 0 {
                        *cumulative = *running.get(stage);
                    }
                    *running.get_mut(stage) = *cumulative;
                }
                (d, per)
            })
            .collect();
        Ok((unit, day, rows))
    }

    /// The national overview as of `date` in `lang`.
    pub async fn overview(
        &self,
        date: Option<&str>,
        lang: Lang,
    ) -> Result<Arc<Overview>, QueryError> {
        let (campaign, day, span) = self.campaign_and_day(date).await?;
        let key = (campaign.version(), day, lang);
        if let Some(hit) = self.overviews.get(&key) {
            return Ok(hit);
        }
        let built = self.build_overview(&campaign, day, span, lang).await?;
        Ok(self.overviews.put(key, built))
    }

    async fn build_overview(
        &self,
        campaign: &Campaign,
        day: NaiveDate,
        span: (NaiveDate, NaiveDate),
        lang: Lang,
    ) -> Result<Overview, QueryError> {
        let nation = self.db.unit(NATION_CODE).await?;
        let progress = self.progress_on(campaign, nation, day).await?;
        let marks = self.national_marks(Stage::Applications, day).await?;
        let goal = campaign.goals.get(Stage::Applications);
        let (cumulative_chart_svg, daily_chart_svg) = self
            .unit_charts(
                campaign,
                NATION_CODE,
                Stage::Applications,
                day,
                Some(goal.target),
                &marks,
                lang,
            )
            .await?;
        let (leaders, laggards) = self.leaders_and_laggards(campaign, day, 5).await?;
        Ok(Overview {
            campaign_name: campaign.name.clone(),
            simulated: campaign.simulated,
            first_day: span.0,
            last_day: span.1,
            progress,
            cumulative_chart_svg,
            daily_chart_svg,
            leaders,
            laggards,
            updated_at: campaign.updated_at.clone(),
        })
    }

    /// The published national figures of `stage` up to `day`, to mark on charts.
    pub(crate) async fn national_marks(
        &self,
        stage: Stage,
        day: NaiveDate,
    ) -> Result<Vec<Mark>, QueryError> {
        Ok(self
            .db
            .national_milestones(stage)
            .await?
            .into_iter()
            .filter(|m| m.day <= day)
            .filter_map(|m| {
                Some(Mark {
                    day: m.day,
                    value: m.value? as f64,
                })
            })
            .collect())
    }

    /// The `n` provinces furthest ahead and the `n` furthest behind in applications, by % of target.
    async fn leaders_and_laggards(
        &self,
        campaign: &Campaign,
        day: NaiveDate,
        n: usize,
    ) -> Result<(Vec<ProvinceScore>, Vec<ProvinceScore>), QueryError> {
        let scope = Scope::ChildrenOf(NATION_CODE.to_string());
        let provinces = self
            .standings(campaign, &scope, Stage::Applications, day)
            .await?;
        // By % of target as it stands: a province that has reported nothing is
        // at 0 % and the furthest behind, not left out as it is in rankings.
        let percent: Vec<Option<f64>> = provinces
            .iter()
            .map(|s| s.progress.percent_of_target)
            .collect();
        let ranks = competition_ranks(&percent, true);
        let scored: Vec<ProvinceScore> = rank_order(&percent, true)
            .into_iter()
            .filter_map(|i| {
                let s = &provinces[i];
                Some(ProvinceScore {
                    rank: ranks[i]?,
                    code: s.unit.code.clone(),
                    name: s.unit.name.clone(),
                    region: s.region.clone().unwrap_or_default(),
                    cumulative: s.progress.cumulative,
                    percent_of_target: percent[i]?,
                })
            })
            .collect();
        let leaders = scored.iter().take(n).cloned().collect();
        let laggards = scored.iter().rev().take(n).cloned().collect();
        Ok((leaders, laggards))
    }

    /// The daily briefing as of `date` in `lang`.
    pub async fn briefing(&self, date: Option<&str>, lang: Lang) -> Result<Briefing, QueryError> {
        let (campaign, day, span) = self.campaign_and_day(date).await?;
        let overview = self.overview(Some(&day.to_string()), lang).await?;
        let (top, bottom) = self.leaders_and_laggards(&campaign, day, 10).await?;
        let (risers, fallers) = self.movers(&campaign, day, span.0).await?;
        let since = day - chrono::Duration::days(SILENT_DAYS.into());
        let (silent_communes, communes) = self.db.silent_communes(campaign.id, since, day).await?;
        Ok(Briefing {
            span: span_of(&campaign, span),
            campaign_name: campaign.name.clone(),
            progress: overview.progress.clone(),
            chart_svg: overview.cumulative_chart_svg.clone(),
            top,
            bottom,
            risers,
            fallers,
            silent_communes,
            communes,
            silent_days: SILENT_DAYS,
        })
    }

    /// The 5 provinces that gained most places by % of target in
    /// applications since the day before, and the 5 that lost most.
    async fn movers(
        &self,
        campaign: &Campaign,
        day: NaiveDate,
        first_day: NaiveDate,
    ) -> Result<(Vec<Mover>, Vec<Mover>), QueryError> {
        let Some(before) = day.pred_opt().filter(|d| *d >= first_day) else {
            return Ok((Vec::new(), Vec::new()));
        };
        let scope = Scope::ChildrenOf(NATION_CODE.to_string());
        let percent =
            |rows: &[tiendo_core::standings::Standing]| -> Vec<(String, String, Option<f64>)> {
                rows.iter()
                    .map(|s| {
                        (
                            s.unit.code.clone(),
                            s.unit.name.clone(),
                            s.progress.percent_of_target,
                        )
                    })
                    .collect()
            };
        let now = percent(
            &self
                .standings(campaign, &scope, Stage::Applications, day)
                .await?,
        );
        let then = percent(
            &self
                .standings(campaign, &scope, Stage::Applications, before)
                .await?,
        );
        let values =
            |rows: &[(String, String, Option<f64>)]| rows.iter().map(|r| r.2).collect::<Vec<_>>();
        let ranks_now = competition_ranks(&values(&now), true);
        let before_by_code: std::collections::HashMap<&str, Option<u32>> = then
            .iter()
            .map(|r| r.0.as_str())
            .zip(competition_ranks(&values(&then), true))
            .collect();
        let mut moved: Vec<Mover> = now
            .iter()
            .zip(ranks_now)
            .filter_map(|((code, name, _), rank)| {
                let rank = rank?;
                let was = (*before_by_code.get(code.as_str())?)?;
                Some(Mover {
                    code: code.clone(),
                    name: name.clone(),
                    rank,
                    change: was as i64 - rank as i64,
                })
            })
            .filter(|m| m.change != 0)
            .collect();
        moved.sort_by(|a, b| b.change.cmp(&a.change).then(a.rank.cmp(&b.rank)));
        let risers = moved
            .iter()
            .filter(|m| m.change > 0)
            .take(5)
            .cloned()
            .collect();
        let fallers = moved
            .iter()
            .rev()
            .filter(|m| m.change < 0)
            .take(5)
            .cloned()
            .collect();
        Ok((risers, fallers))
    }
}

/// Days without a report after which a commune counts as silent in the briefing.
pub const SILENT_DAYS: u32 = 3;

#[async_trait::async_trait]
impl Backend for Progress {
    async fn briefing(&self, date: Option<String>, lang: Lang) -> Result<Briefing, BackendError> {
        Ok(Progress::briefing(self, date.as_deref(), lang).await?)
    }

    async fn overview(&self, date: Option<String>, lang: Lang) -> Result<Overview, BackendError> {
        Ok((*Progress::overview(self, date.as_deref(), lang).await?).clone())
    }

    async fn rankings(
        &self,
        stage: Option<String>,
        date: Option<String>,
    ) -> Result<RankingsView, BackendError> {
        Ok((*self
            .rankings_view(stage.as_deref(), date.as_deref())
            .await?)
            .clone())
    }

    async fn unit(&self, r: UnitRequest) -> Result<UnitView, BackendError> {
        let view = self
            .unit_view(
                &r.code,
                r.level,
                r.stage.as_deref(),
                r.by.as_deref(),
                r.date.as_deref(),
                r.lang,
            )
            .await?;
        Ok((*view).clone())
    }

    async fn map(
        &self,
        stage: Option<String>,
        by: Option<String>,
        date: Option<String>,
        lang: Lang,
    ) -> Result<MapView, BackendError> {
        let view = self
            .map_view(stage.as_deref(), by.as_deref(), date.as_deref(), lang)
            .await?;
        Ok((*view).clone())
    }

    async fn search(&self, q: String) -> Result<Vec<SearchHit>, BackendError> {
        Ok(Progress::search(self, &q).await?)
    }

    async fn chart_options(&self, unit: Option<String>) -> Result<ChartOptions, BackendError> {
        Ok(Progress::chart_options(self, unit.as_deref()).await?)
    }
}
