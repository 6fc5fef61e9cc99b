//! Where units stand against each other: the standings of a set of units in
//! a stage on a day, their ranks by any measure, the `/rankings` page and
//! the ranked lists of the API and the exports.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use tiendo_core::Stage;
use tiendo_core::overview::PerStage;
use tiendo_core::params::ParamError;
use tiendo_core::progress::Verdict;
use tiendo_core::rankings::Measure;
use tiendo_core::search::slug;
use tiendo_core::standings::{
    self, Place, StageCounts, Standing, UnitCounts, places, unranked_reason,
};
use tiendo_core::units::{Level, NATION_CODE, Scope, Unit};
use tiendo_core::views::{RankAmong, RankingsView};

use super::{Budgets, Context, Current, ViewError, bad};
use crate::cache::{Kept, Weigh};
use crate::db::{TotalsOn, standing_days};
use crate::heavy;
use crate::render::charts;

/// Days of daily counts drawn in a sparkline.
pub const TREND_DAYS: i64 = 28;
/// Units above which standings are computed on a blocking thread.
const HEAVY_UNITS: usize = 2_000;

/// The parameters of a ranked list, parsed: `GET /api/v1/rankings`.
#[derive(Clone, Debug, PartialEq)]
pub struct RankingQuery {
    /// Whose children, or which level nationwide.
    pub scope: Scope,
    /// Level of the ranked units.
    pub level: Level,
    /// Stage.
    pub stage: Stage,
    /// Measure.
    pub measure: Measure,
}

/// One unit of a ranked list.
#[derive(Clone, Debug, PartialEq)]
pub struct RankedUnit {
    /// Its place by the measure.
    pub place: Place,
    /// Its standing.
    pub standing: Standing,
    /// Why it has no rank, if it has none.
    pub unranked: Option<standings::Unranked>,
}

/// The stage parameter, defaulting to applications.
pub fn stage_param(value: Option<&str>) -> Result<Stage, ParamError> {
    value.map_or(Ok(Stage::Applications), |v| Stage::parse("stage", v))
}

/// The measure parameter (`by`), defaulting to % of target.
pub fn measure_param(value: Option<&str>) -> Result<Measure, ParamError> {
    value.map_or(Ok(Measure::PercentOfTarget), |v| Measure::parse("by", v))
}

/// The places of every unit of a scope by one measure, by code.
struct PlaceIndex {
    places: HashMap<String, Place>,
    of: usize,
}

type CountsKey = (i64, Scope, NaiveDate);

/// A level's units and targets, without figures: the frame a day's totals fill in.
struct LevelFrame(Vec<UnitCounts>);
type PlacesKey = (i64, Scope, Stage, Measure, NaiveDate);

/// Standings, with the counts they come from and the places they give, kept
/// per data version.
pub struct Standings {
    ctx: Arc<Context>,
    counts: Kept<CountsKey, Vec<UnitCounts>>,
    frames: Kept<(i64, Level), LevelFrame>,
    places: Kept<PlacesKey, PlaceIndex>,
    views: Kept<(i64, Stage, NaiveDate), RankingsView>,
}

impl Standings {
    /// Cache hits and misses so far, over its four caches.
    pub fn cache_stats(&self) -> (u64, u64) {
        [
            self.counts.stats(),
            self.frames.stats(),
            self.places.stats(),
            self.views.stats(),
        ]
        .into_iter()
        .fold((0, 0), |(h, m), (a, b)| (h + a, m + b))
    }

    /// Standings over `ctx`.
    pub fn new(ctx: Arc<Context>, budgets: Budgets) -> Self {
        Standings {
            ctx,
            counts: Kept::new(budgets.standings * 5 / 8),
            frames: Kept::new(budgets.standings / 8),
            places: Kept::new(budgets.standings / 4),
            views: Kept::new(budgets.views / 8),
        }
    }

    /// Running totals of every unit in `scope` on `day` and the days before.
    pub async fn counts(
        &self,
        cur: &Current,
        scope: &Scope,
        day: NaiveDate,
    ) -> Result<Arc<Vec<UnitCounts>>, ViewError> {
        let key = (cur.version, scope.clone(), day);
        self.counts
            .get_or_compute(&key, async {
                match scope {
                    Scope::ChildrenOf(parent) => Ok(self
                        .ctx
                        .db
                        .children_counts(cur.campaign.id, parent, day)
                        .await?),
                    Scope::Level(level) => self.level_counts(cur, *level, day).await,
                    Scope::Within(ancestor, level) => {
                        // The level's frame read nationwide (kept), cut to the unit.
                        let all = self.level_counts(cur, *level, day).await?;
                        let units = self.ctx.units().await?;
                        Ok(all
                            .into_iter()
                            .filter(|c| units.lies_within(&c.unit.code, ancestor))
                            .collect())
                    }
                }
            })
            .await
    }

    /// Every unit of a level: its frame (kept per version) filled in with
    /// the totals of the four days, read a day at a time along the day-major
    /// index; a unit without a row on one of them is looked up on its own.
    async fn level_counts(
        &self,
        cur: &Current,
        level: Level,
        day: NaiveDate,
    ) -> Result<Vec<UnitCounts>, ViewError> {
        let frame = self
            .frames
            .get_or_compute(&(cur.version, level), async {
                let targets = self.ctx.db.all_targets(cur.campaign.id).await?;
                let units = self.ctx.units().await?;
                Ok::<_, ViewError>(LevelFrame(level_frame(units.all(), level, targets)))
            })
            .await?;
        let days = standing_days(day);
        let totals = self.ctx.db.totals_on(cur.campaign.id, &days).await?;
        Ok(fill_frame(&frame.0, &days, totals))
    }

    /// Standings of every unit in `scope` in `stage` on `day`, by code.
    pub async fn standings(
        &self,
        cur: &Current,
        scope: &Scope,
        stage: Stage,
        day: NaiveDate,
    ) -> Result<Vec<Standing>, ViewError> {
        let counts = self.counts(cur, scope, day).await?;
        let deadline = cur.campaign.goals.get(stage).deadline;
        let units = counts.len();
        let compute = move || {
            counts
                .iter()
                .map(|c| standings::standing(c, stage, day, deadline))
                .collect::<Vec<_>>()
        };
        large_off_thread(units, compute).await
    }

    /// `code`'s place among the units of `scope` by `measure`.
    pub async fn rank_among(
        &self,
        cur: &Current,
        scope: &Scope,
        stage: Stage,
        measure: Measure,
        day: NaiveDate,
        code: &str,
    ) -> Result<RankAmong, ViewError> {
        let key = (cur.version, scope.clone(), stage, measure, day);
        let index = self
            .places
            .get_or_compute(&key, async {
                let rows = self.standings(cur, scope, stage, day).await?;
                let n = rows.len();
                large_off_thread(n, move || {
                    let p = places(&rows, measure);
                    PlaceIndex {
                        of: rows.len(),
                        places: rows.into_iter().map(|r| r.unit.code).zip(p).collect(),
                    }
                })
                .await
            })
            .await?;
        let place = index.places.get(code);
        Ok(RankAmong {
            rank: place.and_then(|p| p.rank),
            of: index.of,
            change: place.and_then(|p| p.change),
        })
    }

    /// Draws each row's sparkline: daily counts over the last [`TREND_DAYS`].
    pub async fn add_trends(
        &self,
        cur: &Current,
        parent: &str,
        stage: Stage,
        day: NaiveDate,
        rows: &mut [Standing],
    ) -> Result<(), ViewError> {
        let from = day - Duration::days(TREND_DAYS);
        let daily = self
            .ctx
            .db
            .children_daily(cur.campaign.id, parent, stage, from, day)
            .await?;
        for row in rows {
            let mut counts = vec![0u64; TREND_DAYS as usize];
            for (d, c) in daily.get(&row.unit.code).into_iter().flatten() {
                let day_index = (*d - from).num_days() - 1;
                if let Some(slot) = usize::try_from(day_index)
                    .ok()
                    .and_then(|i| counts.get_mut(i))
                {
                    *slot = *c;
                }
            }
            row.trend_svg = Some(charts::sparkline_svg(&counts, stage)?);
        }
        Ok(())
    }

    /// The 63 provinces' standings for `/rankings`.
    pub async fn rankings_view(
        &self,
        stage: Option<&str>,
        date: Option<&str>,
    ) -> Result<Arc<RankingsView>, ViewError> {
        let stage = stage_param(stage)?;
        let (cur, day) = self.ctx.as_of(date).await?;
        let key = (cur.version, stage, day);
        self.views
            .get_or_compute(&key, async {
                let scope = Scope::ChildrenOf(NATION_CODE.to_string());
                let mut rows = self.standings(&cur, &scope, stage, day).await?;
                self.add_trends(&cur, NATION_CODE, stage, day, &mut rows)
                    .await?;
                Ok(RankingsView {
                    span: cur.span(),
                    stage,
                    date: day,
                    rows,
                })
            })
            .await
    }

    /// Parses the parameters of a ranked list; errors name the parameter.
    pub async fn ranking_query(
        &self,
        level: Option<&str>,
        parent: Option<&str>,
        stage: Option<&str>,
        by: Option<&str>,
    ) -> Result<RankingQuery, ViewError> {
        let level = match level {
            None => None,
            Some(v) => match Level::from_slug(v) {
                Some(l @ (Level::Province | Level::District | Level::Commune)) => Some(l),
                _ => {
                    return Err(bad(
                        "level",
                        format!("unknown level '{v}' (allowed: province, district, commune)"),
                        format!("không có cấp '{v}' (dùng: province, district, commune)"),
                    ));
                }
            },
        };
        let (scope, level) = match parent {
            Some(code) => {
                let parent = self.ctx.unit_param("parent", code).await?;
                let child = parent.level.child().ok_or_else(|| {
                    bad(
                        "parent",
                        format!(
                            "{} is a commune: it has no units below it",
                            parent.display_name
                        ),
                        format!(
                            "{} là cấp xã: không có đơn vị cấp dưới",
                            parent.display_name
                        ),
                    )
                })?;
                match level {
                    None => (Scope::ChildrenOf(parent.code), child),
                    Some(l) if l == child => (Scope::ChildrenOf(parent.code), child),
                    Some(l) if l > child => (Scope::Within(parent.code, l), l),
                    Some(l) => {
                        return Err(bad(
                            "level",
                            format!(
                                "the units below {} are {}s, not {}s",
                                parent.display_name,
                                child.slug(),
                                l.slug()
                            ),
                            format!(
                                "đơn vị dưới {} là cấp {}, không phải {}",
                                parent.display_name,
                                child.slug(),
                                l.slug()
                            ),
                        ));
                    }
                }
            }
            None => {
                let level = level.unwrap_or(Level::Province);
                (Scope::Level(level), level)
            }
        };
        Ok(RankingQuery {
            scope,
            level,
            stage: stage_param(stage)?,
            measure: measure_param(by)?,
        })
    }

    /// A ranked list, best first, units without a rank last.
    pub async fn ranked(
        &self,
        query: &RankingQuery,
        date: Option<&str>,
    ) -> Result<(NaiveDate, Vec<RankedUnit>), ViewError> {
        let (cur, day) = self.ctx.as_of(date).await?;
        let rows = self.standings(&cur, &query.scope, query.stage, day).await?;
        let measure = query.measure;
        let ranked = large_off_thread(rows.len(), move || {
            let p = places(&rows, measure);
            let order = standings::sorted(&rows, &p, standings::Column::Rank, false);
            let mut slots: Vec<Option<Standing>> = rows.into_iter().map(Some).collect();
            order
                .into_iter()
                .map(|i| {
                    let standing = slots[i].take().expect("each row once");
                    RankedUnit {
                        place: p[i],
                        unranked: unranked_reason(&standing, measure),
                        standing,
                    }
                })
                .collect::<Vec<_>>()
        })
        .await?;
        Ok((day, ranked))
    }
}

/// The units of `level` by code, with their targets and no figures yet.
fn level_frame<'a>(
    units: impl Iterator<Item = &'a Unit>,
    level: Level,
    targets: Vec<(Stage, Vec<(String, u64)>)>,
) -> Vec<UnitCounts> {
    let mut frame: Vec<UnitCounts> = units
        .filter(|u| u.level == level)
        .map(|u| UnitCounts {
            unit: u.to_ref(),
            region: u.region.clone(),
            stages: PerStage::from_fn(|_| StageCounts::default()),
        })
        .collect();
    frame.sort_by(|a, b| a.unit.code.cmp(&b.unit.code));
    let index: HashMap<String, usize> = frame
        .iter()
        .enumerate()
        .map(|(i, c)| (c.unit.code.clone(), i))
        .collect();
    for (stage, targets) in targets {
        for (code, target) in targets {
            if let Some(&i) = index.get(&code) {
                frame[i].stages.get_mut(stage).target = Some(target);
            }
        }
    }
    frame
}

/// `frame` with the totals of `days` (the day, 1, 7 and 14 days before).
/// A unit without one had no figure yet on that day: it stays at 0 (totals
/// are dense from a unit's first figure on).
fn fill_frame(
    frame: &[UnitCounts],
    days: &[NaiveDate; 4],
    totals: Vec<TotalsOn>,
) -> Vec<UnitCounts> {
    let mut counts = frame.to_vec();
    let index: HashMap<&str, usize> = frame
        .iter()
        .enumerate()
        .map(|(i, c)| (c.unit.code.as_str(), i))
        .collect();
    for t in totals {
        let Some(d) = days.iter().position(|day| *day == t.day) else {
            continue;
        };
        for (code, total) in t.totals {
            if let Some(&i) = index.get(code.as_str()) {
                *slot(counts[i].stages.get_mut(t.stage), d) = total;
            }
        }
    }
    counts
}

/// The field of `c` for the `d`-th of the four standing days.
fn slot(c: &mut StageCounts, d: usize) -> &mut u64 {
    match d {
        0 => &mut c.now,
        1 => &mut c.day_before,
        2 => &mut c.week_before,
        _ => &mut c.two_weeks_before,
    }
}

/// Runs `work` on a blocking thread when it covers many units, else here.
async fn large_off_thread<T: Send + 'static>(
    units: usize,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ViewError> {
    if units > HEAVY_UNITS {
        Ok(heavy::run(work).await?)
    } else {
        Ok(work())
    }
}

/// The units of `ranked` in the region whose slug is `region` (ranks kept,
/// as on the rankings page); an unknown region is the user's error.
pub fn in_region(ranked: Vec<RankedUnit>, region: &str) -> Result<Vec<RankedUnit>, ViewError> {
    let of = |u: &RankedUnit| u.standing.region.as_deref().map(slug);
    if !ranked.iter().any(|u| of(u).as_deref() == Some(region)) {
        return Err(bad(
            "region",
            format!("unknown region '{region}'"),
            format!("không có vùng '{region}'"),
        ));
    }
    Ok(ranked
        .into_iter()
        .filter(|u| of(u).as_deref() == Some(region))
        .collect())
}

/// The units of `ranked` with the verdict `status` names (`behind`,
/// `on_track`, `met`, `no_data`), keeping their ranks among all.
pub fn with_status(ranked: Vec<RankedUnit>, status: &str) -> Result<Vec<RankedUnit>, ViewError> {
    let wanted = Verdict::parse("status", status)?;
    Ok(ranked
        .into_iter()
        .filter(|u| Verdict::of(&u.standing.progress) == wanted)
        .collect())
}

impl Weigh for UnitCounts {
    fn weigh(&self) -> u64 {
        (std::mem::size_of::<Self>()
            + self.unit.code.len()
            + self.unit.name.len()
            + self.unit.display_name.len()
            + self.unit.parent.as_ref().map_or(0, String::len)
            + self.region.as_ref().map_or(0, String::len)) as u64
    }
}

impl Weigh for LevelFrame {
    fn weigh(&self) -> u64 {
        self.0.weigh()
    }
}

impl Weigh for PlaceIndex {
    fn weigh(&self) -> u64 {
        self.places
            .keys()
            .map(|k| (k.len() + std::mem::size_of::<Place>() + 48) as u64)
            .sum()
    }
}

impl Weigh for Standing {
    fn weigh(&self) -> u64 {
        (std::mem::size_of::<Self>()
            + self.unit.code.len()
            + self.unit.name.len()
            + self.unit.display_name.len()
            + self.region.as_ref().map_or(0, String::len)
            + self.trend_svg.as_ref().map_or(0, String::len)) as u64
    }
}

impl Weigh for RankingsView {
    fn weigh(&self) -> u64 {
        self.rows.weigh() + 256
    }
}
