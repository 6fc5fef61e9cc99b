//! A province, district or commune page (`/p/{code}`, `/d/{code}`, `/c/{code}`).

use std::sync::Arc;

use chrono::NaiveDate;
use tiendo_app::api::UnitRequest;
use tiendo_core::rankings::Measure;
use tiendo_core::units::{Level, Scope};
use tiendo_core::views::UnitView;
use tiendo_core::{Lang, Stage};

use super::figures::{PageChart, UnitFigures};
use super::standings::{Standings, measure_param, stage_param};
use super::{Budgets, Context, Current, ViewError, bad};
use crate::cache::{Kept, Weigh};

type Key = (i64, String, Stage, Measure, NaiveDate, Lang, Option<Level>);

/// Unit pages, kept per data version and what the page asks for.
pub struct UnitPages {
    ctx: Arc<Context>,
    standings: Arc<Standings>,
    kept: Kept<Key, UnitView>,
}

impl UnitPages {
    /// Cache hits and misses so far.
    pub fn cache_stats(&self) -> (u64, u64) {
        self.kept.stats()
    }

    /// Unit pages over `ctx`.
    pub fn new(ctx: Arc<Context>, standings: Arc<Standings>, budgets: Budgets) -> Self {
        UnitPages {
            ctx,
            standings,
            kept: Kept::new(budgets.views / 2),
        }
    }

    /// The page `r` asks for; a unit of another level is not found.
    pub async fn unit_view(&self, r: &UnitRequest) -> Result<Arc<UnitView>, ViewError> {
        let stage = stage_param(r.stage.as_deref())?;
        let measure = measure_param(r.by.as_deref())?;
        let unit = self
            .ctx
            .unit(&r.code)
            .await
            .ok()
            .filter(|u| u.level == r.level)
            .ok_or_else(|| ViewError::NotFound(format!("{} '{}'", r.level.slug(), r.code)))?;
        let children_level = match r.below.as_deref() {
            None => unit.level.child(),
            Some("communes") if unit.level != Level::Commune => Some(Level::Commune),
            Some(v) => {
                return Err(bad(
                    "below",
                    format!("expected 'communes' on a province or district page, got '{v}'"),
                    format!("chỉ dùng 'communes' trên trang tỉnh hoặc huyện, nhận được '{v}'"),
                ));
            }
        };
        let (cur, day) = self.ctx.as_of(r.date.as_deref()).await?;
        let key = (
            cur.version,
            unit.code.clone(),
            stage,
            measure,
            day,
            r.lang,
            children_level,
        );
        self.kept
            .get_or_compute(
                &key,
                self.build(&cur, unit, stage, measure, day, r.lang, children_level),
            )
            .await
    }

    async fn build(
        &self,
        cur: &Current,
        unit: tiendo_core::units::UnitRef,
        stage: Stage,
        measure: Measure,
        day: NaiveDate,
        lang: Lang,
        children_level: Option<Level>,
    ) -> Result<UnitView, ViewError> {
        let level = unit.level;
        let path = self.ctx.units().await?.ancestors(&unit.code);
        let parent = path.last().map(|p| p.code.clone()).unwrap_or_default();
        let siblings = Scope::ChildrenOf(parent);
        let among_siblings = self
            .standings
            .rank_among(cur, &siblings, stage, measure, day, &unit.code)
            .await?;
        let nationwide = if level == Level::Province {
            among_siblings
        } else {
            self.standings
                .rank_among(cur, &Scope::Level(level), stage, measure, day, &unit.code)
                .await?
        };
        let region = match level {
            Level::Province => self
                .ctx
                .units()
                .await?
                .get(&unit.code)
                .and_then(|u| u.region.clone()),
            _ => None,
        };
        let children = match children_level {
            None => Vec::new(),
            Some(l) if Some(l) == level.child() => {
                let scope = Scope::ChildrenOf(unit.code.clone());
                let mut rows = self.standings.standings(cur, &scope, stage, day).await?;
                self.standings
                    .add_trends(cur, &unit.code, stage, day, &mut rows)
                    .await?;
                rows
            }
            // Every commune of a province in one list; trends are drawn
            // per parent, so this long list goes without them.
            Some(l) => {
                let scope = Scope::Within(unit.code.clone(), l);
                self.standings.standings(cur, &scope, stage, day).await?
            }
        };
        let figures = UnitFigures::read(&self.ctx, cur.campaign.id, &unit.code).await?;
        let chart = |chart| {
            let charts = &self.ctx.page_charts;
            charts.chart(
                cur.version,
                &unit.code,
                &figures,
                &cur.campaign,
                chart,
                day,
                &[],
                lang,
            )
        };
        let cumulative_chart_svg = chart(PageChart::Cumulative(stage)).await?;
        let daily_chart_svg = chart(PageChart::Daily).await?;
        let open_alerts = self
            .ctx
            .db
            .open_alerts_within(cur.campaign.id, &unit.code)
            .await?;
        Ok(UnitView {
            open_alerts,
            span: cur.span(),
            progress: figures.progress(&cur.campaign, unit, day),
            path,
            region,
            stage,
            measure,
            among_siblings,
            nationwide,
            cumulative_chart_svg,
            daily_chart_svg,
            children_level,
            children,
        })
    }
}

impl Weigh for UnitView {
    fn weigh(&self) -> u64 {
        (self.cumulative_chart_svg.len() + self.daily_chart_svg.len() + 4096) as u64
            + self.children.weigh()
    }
}
