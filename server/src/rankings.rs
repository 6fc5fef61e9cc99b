//! Where units stand against each other: the rankings table, the province,
//! district and commune pages, the ranked list of the API, the map and the
//! unit search. Queries go through [`Progress`] and its caches.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use tiendo_core::choropleth::{class_of, quantile_classes};
use tiendo_core::params::ParamError;
use tiendo_core::rankings::Measure;
use tiendo_core::standings::{self, Place, Standing, places, unranked_reason};
use tiendo_core::units::{Level, NATION_CODE, UnitRef};
use tiendo_core::views::{DataSpan, MapView, RankAmong, RankingsView, SearchHit, UnitView};
use tiendo_core::{Lang, Stage};

use crate::charts;
use crate::charts::map::{LegendEntry, MapChart, ProvinceStyle, map_svg};
use crate::db::{Campaign, Scope};
use crate::progress::{Progress, QueryError};
use crate::search::UnitIndex;

/// Days of daily counts drawn in a sparkline.
pub const TREND_DAYS: i64 = 28;

/// Most search results returned.
pub const SEARCH_LIMIT: usize = 20;

/// Map colours, lightest (worst) to darkest (best): ColorBrewer GnBu, colour-blind safe.
const MAP_COLOURS: [&str; 5] = ["#f0f9e8", "#bae4bc", "#7bccc4", "#43a2ca", "#0868ac"];

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

pub(crate) fn span_of(campaign: &Campaign, span: (NaiveDate, NaiveDate)) -> DataSpan {
    DataSpan {
        first_day: span.0,
        last_day: span.1,
        simulated: campaign.simulated,
        updated_at: campaign.updated_at.clone(),
    }
}

impl Progress {
    /// Standings of every unit in `scope` in `stage` on `day`, by code.
    pub(crate) async fn standings(
        &self,
        campaign: &Campaign,
        scope: &Scope,
        stage: Stage,
        day: NaiveDate,
    ) -> Result<Vec<Standing>, QueryError> {
        let key = (campaign.version(), scope.clone(), day);
        let counts = match self.counts.get(&key) {
            Some(hit) => hit,
            None => {
                let counts = self.db.unit_counts(campaign.id, scope, day).await?;
                self.counts.put(key, counts)
            }
        };
        let deadline = campaign.goals.get(stage).deadline;
        Ok(counts
            .iter()
            .map(|c| standings::standing(c, stage, day, deadline))
            .collect())
    }

    /// Draws each row's sparkline: daily counts over the last [`TREND_DAYS`].
    async fn add_trends(
        &self,
        campaign: &Campaign,
        parent: &str,
        stage: Stage,
        day: NaiveDate,
        rows: &mut [Standing],
    ) -> Result<(), QueryError> {
        let from = day - Duration::days(TREND_DAYS);
        let daily = self
            .db
            .children_daily(campaign.id, parent, stage, from, day)
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
    ) -> Result<std::sync::Arc<RankingsView>, QueryError> {
        let stage = stage_param(stage)?;
        let (campaign, day, span) = self.campaign_and_day(date).await?;
        let key = (campaign.version(), stage, day);
        if let Some(hit) = self.rankings_views.get(&key) {
            return Ok(hit);
        }
        let scope = Scope::ChildrenOf(NATION_CODE.to_string());
        let mut rows = self.standings(&campaign, &scope, stage, day).await?;
        self.add_trends(&campaign, NATION_CODE, stage, day, &mut rows)
            .await?;
        let view = RankingsView {
            span: span_of(&campaign, span),
            stage,
            date: day,
            rows,
        };
        Ok(self.rankings_views.put(key, view))
    }

    /// Parses the parameters of a ranked list; errors name the parameter.
    pub async fn ranking_query(
        &self,
        level: Option<&str>,
        parent: Option<&str>,
        stage: Option<&str>,
        by: Option<&str>,
    ) -> Result<RankingQuery, QueryError> {
        let bad = |field: &str, message: String| {
            QueryError::BadInput(ParamError {
                field: field.to_string(),
                message,
            })
        };
        let level = match level {
            None => None,
            Some(v) => match Level::from_slug(v) {
                Some(l @ (Level::Province | Level::District | Level::Commune)) => Some(l),
                _ => {
                    return Err(bad(
                        "level",
                        format!("unknown level '{v}' (allowed: province, district, commune)"),
                    ));
                }
            },
        };
        let (scope, level) = match parent {
            Some(code) => {
                let parent = self.unit_param("parent", code).await?;
                let child = parent.level.child().ok_or_else(|| {
                    bad(
                        "parent",
                        format!("{} is a commune: it has no units below it", parent.name),
                    )
                })?;
                if let Some(l) = level.filter(|l| *l != child) {
                    return Err(bad(
                        "level",
                        format!(
                            "the units below {} are {}s, not {}s",
                            parent.name,
                            child.slug(),
                            l.slug()
                        ),
                    ));
                }
                (Scope::ChildrenOf(parent.code), child)
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
    ) -> Result<(NaiveDate, Vec<RankedUnit>), QueryError> {
        let (campaign, day, _) = self.campaign_and_day(date).await?;
        let rows = self
            .standings(&campaign, &query.scope, query.stage, day)
            .await?;
        let p = places(&rows, query.measure);
        let order = standings::sorted(&rows, &p, standings::Column::Rank, false);
        let mut slots: Vec<Option<Standing>> = rows.into_iter().map(Some).collect();
        let ranked = order
            .into_iter()
            .map(|i| {
                let standing = slots[i].take().expect("each row once");
                RankedUnit {
                    place: p[i],
                    unranked: unranked_reason(&standing, query.measure),
                    standing,
                }
            })
            .collect();
        Ok((day, ranked))
    }

    /// A province (`level` Province), district or commune page.
    pub async fn unit_view(
        &self,
        code: &str,
        level: Level,
        stage: Option<&str>,
        by: Option<&str>,
        date: Option<&str>,
        lang: Lang,
    ) -> Result<std::sync::Arc<UnitView>, QueryError> {
        let stage = stage_param(stage)?;
        let measure = measure_param(by)?;
        let wrong_level = || QueryError::NotFound(format!("{} '{code}'", level.slug()));
        let (campaign, day, span) = self.campaign_and_day(date).await?;
        let key = (
            campaign.version(),
            code.to_string(),
            stage,
            measure,
            day,
            lang,
        );
        // A kept view already names its unit: no lookup on the way to it.
        if let Some(hit) = self.unit_views.get(&key) {
            return if hit.progress.unit.level == level {
                Ok(hit)
            } else {
                Err(wrong_level())
            };
        }
        let unit = self.db.unit(code).await?;
        if unit.level != level {
            return Err(wrong_level());
        }
        let path = self.ancestors(&unit).await?;
        let parent = path.last().map(|p| p.code.clone()).unwrap_or_default();
        let siblings = self
            .standings(&campaign, &Scope::ChildrenOf(parent), stage, day)
            .await?;
        let among_siblings = rank_among(&siblings, &unit.code, measure);
        let nationwide = if level == Level::Province {
            among_siblings
        } else {
            let all = self
                .standings(&campaign, &Scope::Level(level), stage, day)
                .await?;
            rank_among(&all, &unit.code, measure)
        };
        let region = siblings
            .iter()
            .find(|s| s.unit.code == unit.code)
            .and_then(|s| s.region.clone());
        let mut children = if level == Level::Commune {
            Vec::new()
        } else {
            self.standings(&campaign, &Scope::ChildrenOf(unit.code.clone()), stage, day)
                .await?
        };
        self.add_trends(&campaign, &unit.code, stage, day, &mut children)
            .await?;
        let target = self.db.target(campaign.id, &unit.code, stage).await?;
        let (cumulative_chart_svg, daily_chart_svg) = self
            .unit_charts(&campaign, &unit.code, stage, day, target, &[], lang)
            .await?;
        let progress = self.progress_on(&campaign, unit, day).await?;
        let view = UnitView {
            span: span_of(&campaign, span),
            progress,
            path,
            region,
            stage,
            measure,
            among_siblings,
            nationwide,
            cumulative_chart_svg,
            daily_chart_svg,
            children,
        };
        Ok(self.unit_views.put(key, view))
    }

    /// The units above `unit`, nation first.
    async fn ancestors(&self, unit: &UnitRef) -> Result<Vec<UnitRef>, QueryError> {
        let mut path = Vec::new();
        let mut next = unit.parent.clone();
        while let Some(code) = next {
            let parent = self.db.unit(&code).await?;
            next = parent.parent.clone();
            path.push(parent);
        }
        path.reverse();
        Ok(path)
    }

    /// The provinces coloured by a measure, for `/map`.
    pub async fn map_view(
        &self,
        stage: Option<&str>,
        by: Option<&str>,
        date: Option<&str>,
        lang: Lang,
    ) -> Result<std::sync::Arc<MapView>, QueryError> {
        let stage = stage_param(stage)?;
        let measure = measure_param(by)?;
        let (campaign, day, span) = self.campaign_and_day(date).await?;
        let key = (campaign.version(), stage, measure, day, lang);
        if let Some(hit) = self.maps.get(&key) {
            return Ok(hit);
        }
        let chart = self.map_chart(&campaign, stage, measure, day, lang).await?;
        let view = MapView {
            span: span_of(&campaign, span),
            stage,
            measure,
            date: day,
            svg: map_svg(&chart.styles, &chart.legend_title, &chart.legend, lang),
        };
        Ok(self.maps.put(key, view))
    }

    /// The provinces' colours and the legend of the map of `stage` by `measure` on `day`.
    pub(crate) async fn map_chart(
        &self,
        campaign: &Campaign,
        stage: Stage,
        measure: Measure,
        day: NaiveDate,
        lang: Lang,
    ) -> Result<MapChart, QueryError> {
        let rows = self
            .standings(campaign, &Scope::ChildrenOf(NATION_CODE.into()), stage, day)
            .await?;
        let values: Vec<Option<f64>> = rows.iter().map(|r| r.value(measure)).collect();
        let classes = quantile_classes(&values, MAP_COLOURS.len());
        // Darker is better whichever way the measure runs.
        let colour = |class: usize| {
            let i = if measure.larger_is_better() {
                class
            } else {
                classes.len() - 1 - class
            };
            MAP_COLOURS[i + MAP_COLOURS.len() - classes.len()].to_string()
        };
        let suffix = page_query(stage, measure, day, lang);
        let styles: HashMap<String, ProvinceStyle> = rows
            .iter()
            .zip(&values)
            .map(|(r, v)| {
                let shown = v.map_or_else(
                    || {
                        unranked_reason(r, measure)
                            .map_or("", |u| u.label(lang))
                            .to_string()
                    },
                    |v| measure.display(v, lang),
                );
                let style = ProvinceStyle {
                    fill: v
                        .and_then(|v| class_of(&classes, v))
                        .map_or_else(|| "#d0d0d0".to_string(), colour),
                    title: format!("{}: {shown}", r.unit.name),
                    href: format!("/p/{}{suffix}", r.unit.code),
                };
                (r.unit.code.clone(), style)
            })
            .collect();
        let mut legend: Vec<LegendEntry> = classes
            .iter()
            .enumerate()
            .map(|(i, c)| LegendEntry {
                fill: colour(i),
                label: if c.low == c.high {
                    measure.display(c.low, lang)
                } else {
                    format!(
                        "{} – {}",
                        measure.display(c.low, lang),
                        measure.display(c.high, lang)
                    )
                },
            })
            .collect();
        // Best first, at the top: classes run from small to large values.
        if measure.larger_is_better() {
            legend.reverse();
        }
        if values.iter().any(Option::is_none) {
            legend.push(LegendEntry {
                fill: "#d0d0d0".into(),
                label: match lang {
                    Lang::Vi => "Không xếp hạng được".into(),
                    Lang::En => "Cannot be ranked".into(),
                },
            });
        }
        Ok(MapChart {
            styles,
            legend_title: format!("{} · {}", stage.label(lang), measure.label(lang)),
            legend,
            lang,
        })
    }

    /// Units whose name or code matches `q`, best first.
    pub async fn search(&self, q: &str) -> Result<Vec<SearchHit>, QueryError> {
        Ok(self.unit_index().await?.search("q", q, SEARCH_LIMIT)?)
    }

    /// Every unit in memory, read once.
    pub(crate) async fn unit_index(&self) -> Result<&UnitIndex, QueryError> {
        self.unit_index
            .get_or_try_init(|| async {
                Ok::<_, QueryError>(UnitIndex::new(self.db.all_units().await?))
            })
            .await
    }
}

/// `code`'s place among `rows` by `measure`.
fn rank_among(rows: &[Standing], code: &str, measure: Measure) -> RankAmong {
    let p = places(rows, measure);
    let at = rows.iter().position(|r| r.unit.code == code);
    RankAmong {
        rank: at.and_then(|i| p[i].rank),
        of: rows.len(),
        change: at.and_then(|i| p[i].change),
    }
}

/// The query string that keeps a view's state on a link to another page.
fn page_query(stage: Stage, measure: Measure, day: NaiveDate, lang: Lang) -> String {
    let mut q = format!("?stage={}&by={}&date={day}", stage.slug(), measure.slug());
    if lang == Lang::En {
        q.push_str("&lang=en");
    }
    q
}
