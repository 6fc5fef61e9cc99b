//! The national overview (`/`) and a unit's progress (`GET /api/v1/progress`).

use std::sync::Arc;

use chrono::NaiveDate;
use tiendo_core::overview::{Overview, ProvinceScore, UnitProgress};
use tiendo_core::rankings::{competition_ranks, rank_order};
use tiendo_core::units::{NATION_CODE, Scope};
use tiendo_core::{Lang, Stage};

use super::figures::{PageChart, UnitFigures, national_marks};
use super::standings::Standings;
use super::{Budgets, Context, Current, ViewError};
use crate::cache::{Kept, Weigh};

/// The overview, kept per data version, day and language.
pub struct Overviews {
    ctx: Arc<Context>,
    standings: Arc<Standings>,
    kept: Kept<(i64, NaiveDate, Lang), Overview>,
}

impl Overviews {
    /// Cache hits and misses so far.
    pub fn cache_stats(&self) -> (u64, u64) {
        self.kept.stats()
    }

    /// Overviews over `ctx`.
    pub fn new(ctx: Arc<Context>, standings: Arc<Standings>, budgets: Budgets) -> Self {
        Overviews {
            ctx,
            standings,
            kept: Kept::new(budgets.views / 4),
        }
    }

    /// The national overview as of `date` in `lang`.
    pub async fn overview(
        &self,
        date: Option<&str>,
        lang: Lang,
    ) -> Result<Arc<Overview>, ViewError> {
        let (cur, day) = self.ctx.as_of(date).await?;
        let key = (cur.version, day, lang);
        self.kept
            .get_or_compute(&key, self.build(&cur, day, lang))
            .await
    }

    async fn build(
        &self,
        cur: &Current,
        day: NaiveDate,
        lang: Lang,
    ) -> Result<Overview, ViewError> {
        let campaign = &cur.campaign;
        let nation = self.ctx.unit(NATION_CODE).await?;
        let figures = UnitFigures::read(&self.ctx, campaign.id, NATION_CODE).await?;
        let marks = national_marks(&self.ctx, Stage::Applications, day).await?;
        let chart = |chart| {
            let charts = &self.ctx.page_charts;
            charts.chart(
                cur.version,
                NATION_CODE,
                &figures,
                campaign,
                chart,
                day,
                &marks,
                lang,
            )
        };
        let cumulative_chart_svg = chart(PageChart::Cumulative(Stage::Applications)).await?;
        let daily_chart_svg = chart(PageChart::Daily).await?;
        let (leaders, laggards) = leaders_and_laggards(&self.standings, cur, day, 5).await?;
        Ok(Overview {
            campaign_name: campaign.name.clone(),
            simulated: campaign.simulated,
            first_day: cur.first_day,
            last_day: cur.last_day,
            progress: figures.progress(campaign, nation, day),
            cumulative_chart_svg,
            daily_chart_svg,
            leaders,
            laggards,
            updated_at: campaign.updated_at.clone(),
            open_alerts: self
                .ctx
                .db
                .open_alerts_within(campaign.id, NATION_CODE)
                .await?,
        })
    }

    /// A unit's progress in every stage as of `date` (`None`: the last day with data).
    pub async fn unit_progress(
        &self,
        code: &str,
        date: Option<&str>,
    ) -> Result<UnitProgress, ViewError> {
        let unit = self.ctx.unit(code).await?;
        let (cur, day) = self.ctx.as_of(date).await?;
        let figures = UnitFigures::read(&self.ctx, cur.campaign.id, code).await?;
        Ok(figures.progress(&cur.campaign, unit, day))
    }
}

/// The `n` provinces furthest ahead and the `n` furthest behind in
/// applications, by % of target as it stands: a province that has reported
/// nothing is at 0 % and the furthest behind, not left out as in rankings.
pub async fn leaders_and_laggards(
    standings: &Standings,
    cur: &Current,
    day: NaiveDate,
    n: usize,
) -> Result<(Vec<ProvinceScore>, Vec<ProvinceScore>), ViewError> {
    let scope = Scope::ChildrenOf(NATION_CODE.to_string());
    let provinces = standings
        .standings(cur, &scope, Stage::Applications, day)
        .await?;
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
                name: s.unit.display_name.clone(),
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

impl Weigh for Overview {
    fn weigh(&self) -> u64 {
        (self.cumulative_chart_svg.len() + self.daily_chart_svg.len() + 4096) as u64
    }
}
