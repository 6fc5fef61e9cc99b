//! The daily briefing for leadership (`/briefing` and its PDF).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use tiendo_core::rankings::competition_ranks;
use tiendo_core::standings::Standing;
use tiendo_core::units::{NATION_CODE, Scope};
use tiendo_core::views::{Briefing, Mover};
use tiendo_core::{Lang, Stage};

use super::figures::{PageChart, UnitFigures, national_marks};
use super::overview::leaders_and_laggards;
use super::standings::Standings;
use super::{Context, Current, ViewError};
use crate::cache::{Kept, Weigh};

/// Days without a report after which a commune counts as silent in the briefing.
pub const SILENT_DAYS: u32 = 3;
/// Briefings kept: one page per day and language.
const BUDGET: u64 = 4 << 20;

/// Briefings, kept per data version, day and language.
pub struct Briefings {
    ctx: Arc<Context>,
    standings: Arc<Standings>,
    kept: Kept<(i64, NaiveDate, Lang), Briefing>,
}

/// New alerts a briefing lists.
const NEW_ALERTS_SHOWN: i64 = 20;

impl Briefings {
    /// Cache hits and misses so far.
    pub fn cache_stats(&self) -> (u64, u64) {
        self.kept.stats()
    }

    /// Briefings over `ctx`.
    pub fn new(ctx: Arc<Context>, standings: Arc<Standings>) -> Self {
        Briefings {
            ctx,
            standings,
            kept: Kept::new(BUDGET),
        }
    }

    /// The daily briefing as of `date` in `lang`.
    pub async fn briefing(
        &self,
        date: Option<&str>,
        lang: Lang,
    ) -> Result<Arc<Briefing>, ViewError> {
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
    ) -> Result<Briefing, ViewError> {
        let campaign = &cur.campaign;
        let nation = self.ctx.unit(NATION_CODE).await?;
        let figures = UnitFigures::read(&self.ctx, campaign.id, NATION_CODE).await?;
        let marks = national_marks(&self.ctx, Stage::Applications, day).await?;
        let chart = PageChart::Cumulative(Stage::Applications);
        let chart_svg = (self.ctx.page_charts)
            .chart(
                cur.version,
                NATION_CODE,
                &figures,
                campaign,
                chart,
                day,
                &marks,
                lang,
            )
            .await?;
        let (top, bottom) = leaders_and_laggards(&self.standings, cur, day, 10).await?;
        let (risers, fallers) = self.movers(cur, day).await?;
        let since = day - chrono::Duration::days(SILENT_DAYS.into());
        let (silent_communes, communes) =
            self.ctx.db.silent_communes(campaign.id, since, day).await?;
        let new_alerts = self
            .ctx
            .db
            .alerts(
                campaign.id,
                &crate::db::AlertFilter {
                    state: Some(None),
                    first_day: Some(day),
                    limit: NEW_ALERTS_SHOWN,
                    ..Default::default()
                },
            )
            .await?;
        // Who acknowledged and why stay off a page anyone may read.
        let new_alerts = crate::alerts::rows(&self.ctx, new_alerts, lang, None).await?;
        Ok(Briefing {
            new_alerts,
            span: cur.span(),
            campaign_name: campaign.name.clone(),
            progress: figures.progress(campaign, nation, day),
            chart_svg,
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
        cur: &Current,
        day: NaiveDate,
    ) -> Result<(Vec<Mover>, Vec<Mover>), ViewError> {
        let Some(before) = day.pred_opt().filter(|d| *d >= cur.first_day) else {
            return Ok((Vec::new(), Vec::new()));
        };
        let scope = Scope::ChildrenOf(NATION_CODE.to_string());
        let now = self
            .standings
            .standings(cur, &scope, Stage::Applications, day)
            .await?;
        let then = self
            .standings
            .standings(cur, &scope, Stage::Applications, before)
            .await?;
        Ok(movers(&now, &then, 5))
    }
}

/// The `n` units of `now` that gained most places by % of target since
/// `then`, and the `n` that lost most.
fn movers(now: &[Standing], then: &[Standing], n: usize) -> (Vec<Mover>, Vec<Mover>) {
    let percent = |rows: &[Standing]| -> Vec<Option<f64>> {
        rows.iter().map(|s| s.progress.percent_of_target).collect()
    };
    let ranks_now = competition_ranks(&percent(now), true);
    let before: HashMap<&str, Option<u32>> = then
        .iter()
        .map(|s| s.unit.code.as_str())
        .zip(competition_ranks(&percent(then), true))
        .collect();
    let mut moved: Vec<Mover> = now
        .iter()
        .zip(ranks_now)
        .filter_map(|(s, rank)| {
            let rank = rank?;
            let was = (*before.get(s.unit.code.as_str())?)?;
            Some(Mover {
                code: s.unit.code.clone(),
                name: s.unit.display_name.clone(),
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
        .take(n)
        .cloned()
        .collect();
    let fallers = moved
        .iter()
        .rev()
        .filter(|m| m.change < 0)
        .take(n)
        .cloned()
        .collect();
    (risers, fallers)
}

impl Weigh for Briefing {
    fn weigh(&self) -> u64 {
        (self.chart_svg.len() + 8192) as u64
    }
}
