//! The provinces coloured by a measure (`/map`, and the map chart download).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use tiendo_core::choropleth::{class_of, quantile_classes};
use tiendo_core::rankings::{Measure, competition_ranks};
use tiendo_core::standings::{Standing, unranked_reason};
use tiendo_core::units::{NATION_CODE, Scope};
use tiendo_core::views::MapView;
use tiendo_core::{Lang, Stage};

use super::standings::{Standings, measure_param, stage_param};
use super::{Budgets, Context, Current, ViewError};
use crate::cache::{Kept, Weigh};
use crate::render::charts::map::{
    CLASS_COLOURS, LegendEntry, MapChart, NO_FIGURES, ProvinceStyle, map_svg,
};

/// Maps, kept per data version, stage, measure, day and language.
pub struct Maps {
    ctx: Arc<Context>,
    standings: Arc<Standings>,
    kept: Kept<(i64, Stage, Measure, NaiveDate, Lang), MapView>,
}

impl Maps {
    /// Cache hits and misses so far.
    pub fn cache_stats(&self) -> (u64, u64) {
        self.kept.stats()
    }

    /// Maps over `ctx`.
    pub fn new(ctx: Arc<Context>, standings: Arc<Standings>, budgets: Budgets) -> Self {
        Maps {
            ctx,
            standings,
            kept: Kept::new(budgets.views / 8),
        }
    }

    /// The provinces coloured by a measure, for `/map`.
    pub async fn map_view(
        &self,
        stage: Option<&str>,
        by: Option<&str>,
        date: Option<&str>,
        lang: Lang,
    ) -> Result<Arc<MapView>, ViewError> {
        let stage = stage_param(stage)?;
        let measure = measure_param(by)?;
        let (cur, day) = self.ctx.as_of(date).await?;
        let key = (cur.version, stage, measure, day, lang);
        self.kept
            .get_or_compute(&key, async {
                let rows = self.provinces(&cur, stage, day).await?;
                let chart = chart_of(&rows, stage, measure, day, lang);
                Ok(MapView {
                    // The same figures as a table, for keyboards and screen readers.
                    rows,
                    span: cur.span(),
                    stage,
                    measure,
                    date: day,
                    svg: map_svg(&chart.styles, &chart.legend_title, &chart.legend, lang),
                })
            })
            .await
    }

    /// The provinces' colours and the legend of the map of `stage` by
    /// `measure` on `day`, and the standings they come from.
    pub async fn map_chart(
        &self,
        cur: &Current,
        stage: Stage,
        measure: Measure,
        day: NaiveDate,
        lang: Lang,
    ) -> Result<(MapChart, Vec<Standing>), ViewError> {
        let rows = self.provinces(cur, stage, day).await?;
        Ok((chart_of(&rows, stage, measure, day, lang), rows))
    }

    /// The 63 provinces' standings in `stage` on `day`.
    async fn provinces(
        &self,
        cur: &Current,
        stage: Stage,
        day: NaiveDate,
    ) -> Result<Vec<Standing>, ViewError> {
        self.standings
            .standings(cur, &Scope::ChildrenOf(NATION_CODE.into()), stage, day)
            .await
    }
}

/// The provinces' colours and the legend, from their standings.
fn chart_of(
    rows: &[Standing],
    stage: Stage,
    measure: Measure,
    day: NaiveDate,
    lang: Lang,
) -> MapChart {
    let values: Vec<Option<f64>> = rows.iter().map(|r| r.value(measure)).collect();
    let classes = quantile_classes(&values, CLASS_COLOURS.len());
    // Darker is better whichever way the measure runs.
    let colour = |class: usize| {
        let i = if measure.larger_is_better() {
            class
        } else {
            classes.len() - 1 - class
        };
        CLASS_COLOURS[i + CLASS_COLOURS.len() - classes.len()].to_string()
    };
    let suffix = page_query(stage, measure, day, lang);
    let ranks = competition_ranks(&values, measure.larger_is_better());
    let styles: HashMap<String, ProvinceStyle> = rows
        .iter()
        .zip(&values)
        .zip(ranks)
        .map(|((r, v), rank)| {
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
                    .map_or_else(|| NO_FIGURES.to_string(), colour),
                title: format!("{}: {shown}", r.unit.display_name),
                href: format!("/p/{}{suffix}", r.unit.code),
                rank,
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
            fill: NO_FIGURES.into(),
            label: match lang {
                Lang::Vi => "Không xếp hạng được".into(),
                Lang::En => "Cannot be ranked".into(),
            },
        });
    }
    MapChart {
        styles,
        legend_title: format!("{} · {}", stage.label(lang), measure.label(lang)),
        legend,
        lang,
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

impl Weigh for MapView {
    fn weigh(&self) -> u64 {
        (self.svg.len() + 512) as u64 + self.rows.weigh()
    }
}
