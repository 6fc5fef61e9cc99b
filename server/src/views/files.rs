//! Downloads drawn on request: a chart as PNG or SVG for the URL's
//! [`ChartRequest`], and the daily briefing as PDF. Figures are gathered
//! here; drawing runs on a blocking thread ([`crate::heavy`]). Finished
//! files are kept by the HTTP layer's response cache, per URL and version.

use std::sync::Arc;

use axum::body::Bytes;
use chrono::NaiveDate;
use tiendo_core::alt_text;
use tiendo_core::figure::{ChartKind, ChartRequest, FileFormat, Preset, check_from_before};
use tiendo_core::format;
use tiendo_core::i18n::{
    alert_texts, level_label, national_columns, silent_sentence, source_line, texts,
};
use tiendo_core::params::check_in_range;
use tiendo_core::rankings::{Measure, bar_length};
use tiendo_core::reports::{DayTotal, every_day};
use tiendo_core::search::slug;
use tiendo_core::standings::backlog;
use tiendo_core::units::{Level, NATION_CODE, UnitRef};
use tiendo_core::views::{ChartInfo, ChartOptions};
use tiendo_core::{Lang, Stage};

use super::briefing::Briefings;
use super::chart_data::{self, ValueRow};
use super::figures::{UnitFigures, national_marks};
use super::map::Maps;
use super::standings::{RankedUnit, Standings, in_region};
use super::{Context, Current, ViewError, bad};
use crate::heavy;
use crate::render::briefing::{BriefingWords, briefing_pdf};
use crate::render::charts::figure::{Body, Figure, render};
use crate::render::charts::map::MapChart;
use crate::render::charts::{
    BacklogDay, CumulativeChart, CumulativeLine, DailyChart, Mark, RankingBar, TargetLine,
    stage_colour,
};
use crate::render::fonts;
use crate::render::tables::Table;

/// Units shown in full in a ranking chart; beyond, the leading and the lagging ones.
const RANKING_ALL_UP_TO: usize = 25;
/// How many leading and how many lagging units a long ranking chart shows.
const RANKING_ENDS: usize = 10;

/// A file to download.
pub struct File {
    /// The bytes.
    pub body: Bytes,
    /// What it is called when saved, e.g. `tien-do-thu-nhan-ho-so-toan-quoc-2021-06-01.png`.
    pub file_name: String,
    /// Its HTTP content type.
    pub content_type: &'static str,
}

/// The scope part of a file name: "toan-quoc", or the unit's name and code.
pub fn scope_slug(unit: &UnitRef) -> String {
    if unit.code == NATION_CODE {
        "toan-quoc".to_string()
    } else {
        format!("{}-{}", slug(&unit.display_name), unit.code.to_lowercase())
    }
}

/// A unit's name as a chart says it; the nation in the chart's language.
fn unit_name(unit: &UnitRef, lang: Lang) -> String {
    if unit.code == NATION_CODE {
        level_label(Level::Nation, lang).to_string()
    } else {
        unit.display_name.clone()
    }
}

/// What a chart draws, owned, so it can be drawn on another thread.
pub(super) enum Plan {
    Cumulative {
        lines: Vec<(Stage, Vec<DayTotal>, Option<u64>, NaiveDate)>,
        start: NaiveDate,
        from: NaiveDate,
        as_of: NaiveDate,
        marks: Vec<Mark>,
        show_target: bool,
        show_deadline: bool,
    },
    Daily {
        series: Vec<(Stage, Vec<DayTotal>)>,
        from: NaiveDate,
        as_of: NaiveDate,
    },
    Backlog(Vec<BacklogDay>),
    Ranking {
        bars: Vec<RankingBar>,
        gap_after: Option<usize>,
        stage: Stage,
        target: Option<TargetLine>,
        /// The units behind the bars, in the same order.
        rows: Vec<ValueRow>,
        measure: Measure,
    },
    Map {
        chart: MapChart,
        /// The provinces coloured, by rank.
        rows: Vec<ValueRow>,
        measure: Measure,
    },
}

/// A chart's frame and plan, ready to draw.
pub(super) struct Drawing {
    pub(super) title: String,
    pub(super) subtitle: String,
    pub(super) note: Option<String>,
    pub(super) footer: String,
    pub(super) lang: Lang,
    /// The as-of day.
    pub(super) day: NaiveDate,
    pub(super) plan: Plan,
}

impl Drawing {
    /// Draws the chart at `preset` as `format`.
    fn draw(self, preset: Preset, format: FileFormat) -> Result<Vec<u8>, ViewError> {
        let lang = self.lang;
        let body = match &self.plan {
            Plan::Cumulative {
                lines,
                start,
                from,
                as_of,
                marks,
                show_target,
                show_deadline,
            } => Body::Cumulative(CumulativeChart {
                lines: lines
                    .iter()
                    .map(|(stage, series, target, deadline)| CumulativeLine {
                        stage: *stage,
                        series,
                        target: *target,
                        deadline: *deadline,
                    })
                    .collect(),
                start: *start,
                from: *from,
                as_of: *as_of,
                marks,
                show_target: *show_target,
                show_deadline: *show_deadline,
                lang,
            }),
            Plan::Daily {
                series,
                from,
                as_of,
            } => Body::Daily(DailyChart {
                series: series.iter().map(|(s, v)| (*s, v.as_slice())).collect(),
                from: *from,
                as_of: *as_of,
                lang,
            }),
            Plan::Backlog(days) => Body::Backlog(days.clone()),
            Plan::Ranking {
                bars,
                gap_after,
                stage,
                target,
                ..
            } => Body::Ranking {
                bars: bars.clone(),
                gap_after: *gap_after,
                colour: stage_colour(*stage),
                target: target.clone(),
            },
            Plan::Map { chart, .. } => Body::Map(chart.clone()),
        };
        let figure = Figure {
            title: self.title,
            subtitle: self.subtitle,
            note: self.note,
            footer: self.footer,
            lang,
            body,
        };
        let dpi = if preset == Preset::A4 { 300 } else { 96 };
        Ok(render(&figure, preset.size(), format, dpi)?)
    }
}

/// Chart and briefing downloads.
pub struct Files {
    ctx: Arc<Context>,
    standings: Arc<Standings>,
    maps: Arc<Maps>,
    briefings: Arc<Briefings>,
}

impl Files {
    /// Downloads over `ctx`.
    pub fn new(
        ctx: Arc<Context>,
        standings: Arc<Standings>,
        maps: Arc<Maps>,
        briefings: Arc<Briefings>,
    ) -> Self {
        Files {
            ctx,
            standings,
            maps,
            briefings,
        }
    }

    /// What the chart builder offers: days with data, provinces, and the
    /// districts of the province `unit` lies in (a province or a district).
    pub async fn chart_options(&self, unit: Option<&str>) -> Result<ChartOptions, ViewError> {
        let cur = self.ctx.current().await?;
        let units = self.ctx.units().await?;
        let province = match unit {
            None => None,
            Some(code) => {
                let unit = self.ctx.unit_param("unit", code).await?;
                match unit.level {
                    Level::Nation => None,
                    Level::Province => Some(unit.code),
                    Level::District => unit.parent,
                    Level::Commune => {
                        return Err(bad(
                            "unit",
                            format!(
                                "{} is a commune: charts cover a province or a district",
                                unit.display_name
                            ),
                            format!(
                                "{} là cấp xã: biểu đồ vẽ cho tỉnh hoặc huyện",
                                unit.display_name
                            ),
                        ));
                    }
                }
            }
        };
        Ok(ChartOptions {
            span: cur.span(),
            provinces: units.children(NATION_CODE),
            districts: province
                .as_deref()
                .map(|p| units.children(p))
                .unwrap_or_default(),
            province,
        })
    }

    /// The chart `request` in `format`.
    pub async fn chart_file(
        &self,
        request: &ChartRequest,
        format: FileFormat,
    ) -> Result<File, ViewError> {
        let (unit, drawing) = self.drawing(request).await?;
        let file_name = format!(
            "{}.{}",
            chart_stem(request, &unit, drawing.day),
            format.extension()
        );
        let preset = request.preset;
        let bytes = heavy::run(move || drawing.draw(preset, format)).await??;
        Ok(File {
            body: Bytes::from(bytes),
            file_name,
            content_type: format.content_type(),
        })
    }

    /// Exactly the figures the chart `request` draws, as a table (named
    /// like the chart, without its size: the data is the same at every size).
    pub async fn chart_table(&self, request: &ChartRequest) -> Result<Table, ViewError> {
        let (unit, drawing) = self.drawing(request).await?;
        let stem = chart_stem(
            &ChartRequest {
                preset: Preset::Screen,
                ..request.clone()
            },
            &unit,
            drawing.day,
        );
        Ok(chart_data::table(&drawing, stem))
    }

    /// What the chart `request` is called and shows, in words.
    pub async fn chart_info(&self, request: &ChartRequest) -> Result<ChartInfo, ViewError> {
        let (_, drawing) = self.drawing(request).await?;
        Ok(ChartInfo {
            alt: chart_data::alt_text(&drawing),
            title: drawing.title,
            subtitle: drawing.subtitle,
            source: drawing.footer,
            date: drawing.day,
        })
    }

    /// The chart `request`'s scope and what it draws, checked against the data.
    async fn drawing(&self, request: &ChartRequest) -> Result<(UnitRef, Drawing), ViewError> {
        let unit = self.ctx.unit_param("unit", &request.unit).await?;
        let date = request.date.map(|d| d.to_string());
        let (cur, day) = self.ctx.as_of(date.as_deref()).await?;
        let from = match request.from {
            Some(d) => check_in_range("from", d, cur.first_day, cur.last_day)?,
            None => cur.campaign.start.max(cur.first_day),
        };
        if request.from.is_some() {
            check_from_before(from, day)?;
        }
        let drawing = self.plan(request, &cur, &unit, from, day).await?;
        Ok((unit, drawing))
    }

    /// Gathers what the chart of `r` shows.
    async fn plan(
        &self,
        r: &ChartRequest,
        cur: &Current,
        unit: &UnitRef,
        from: NaiveDate,
        day: NaiveDate,
    ) -> Result<Drawing, ViewError> {
        let lang = r.lang;
        let campaign = &cur.campaign;
        let stages = r
            .stages
            .iter()
            .map(|s| s.label(lang))
            .collect::<Vec<_>>()
            .join(" + ");
        let period = format!("{} – {}", format::date(from), format::date(day));
        let place = unit_name(unit, lang);
        // Only the charts over days read the unit's figures, and only the
        // cumulative chart the published ones.
        let figures = if r.kind.over_time() {
            Some(UnitFigures::read(&self.ctx, campaign.id, &unit.code).await?)
        } else {
            None
        };
        let series = |stage: Stage| {
            figures
                .as_ref()
                .map(|f| f.series.get(stage).clone())
                .unwrap_or_default()
        };
        let (title, subtitle, plan) = match r.kind {
            ChartKind::Cumulative => {
                let mut marks = Vec::new();
                if r.milestones && unit.code == NATION_CODE {
                    for stage in &r.stages {
                        marks.extend(national_marks(&self.ctx, *stage, day).await?);
                    }
                }
                (
                    match (lang, r.stages.as_slice()) {
                        (Lang::Vi, [one]) => format!("{}: lũy kế so với mục tiêu", one.label(lang)),
                        (Lang::En, [one]) => {
                            format!("{}: cumulative against target", one.label(lang))
                        }
                        (Lang::Vi, _) => "Lũy kế theo công đoạn so với mục tiêu".to_string(),
                        (Lang::En, _) => "Cumulative by stage against target".to_string(),
                    },
                    format!("{place} · {stages} · {period}"),
                    Plan::Cumulative {
                        lines: r
                            .stages
                            .iter()
                            .map(|stage| {
                                let target = figures.as_ref().and_then(|f| *f.targets.get(*stage));
                                (
                                    *stage,
                                    series(*stage),
                                    target,
                                    campaign.goals.get(*stage).deadline,
                                )
                            })
                            .collect(),
                        start: campaign.start,
                        from,
                        as_of: day,
                        marks,
                        show_target: r.target,
                        show_deadline: r.deadline,
                    },
                )
            }
            ChartKind::Daily => (
                match lang {
                    Lang::Vi => "Số lượng theo ngày".to_string(),
                    Lang::En => "Daily counts".to_string(),
                },
                format!("{place} · {stages} · {period}"),
                Plan::Daily {
                    series: r.stages.iter().map(|s| (*s, series(*s))).collect(),
                    from,
                    as_of: day,
                },
            ),
            ChartKind::Backlog => (
                match lang {
                    Lang::Vi => "Tồn đọng giữa các khâu".to_string(),
                    Lang::En => "Backlog between stages".to_string(),
                },
                format!("{place} · {period}"),
                Plan::Backlog(backlog_days(
                    [
                        &series(Stage::Applications),
                        &series(Stage::Produced),
                        &series(Stage::Delivered),
                    ],
                    from,
                    day,
                )),
            ),
            ChartKind::Ranking => self.ranking_plan(r, unit, day, &place).await?,
            ChartKind::Map => {
                let stage = r.stages[0];
                let (chart, standings) = self
                    .maps
                    .map_chart(cur, stage, r.measure, day, lang)
                    .await?;
                // In the map's own rank order (the order Tab visits it in).
                let mut rows: Vec<ValueRow> = standings
                    .into_iter()
                    .map(|s| ValueRow {
                        rank: chart.styles.get(&s.unit.code).and_then(|style| style.rank),
                        value: s.value(r.measure),
                        code: s.unit.code,
                        name: s.unit.display_name,
                    })
                    .collect();
                rows.sort_by(|a, b| {
                    (a.rank.unwrap_or(u32::MAX), &a.code)
                        .cmp(&(b.rank.unwrap_or(u32::MAX), &b.code))
                });
                (
                    match lang {
                        Lang::Vi => format!("{} theo tỉnh, thành phố", r.measure.label(lang)),
                        Lang::En => format!("{} by province", r.measure.label(lang)),
                    },
                    format!("{place} · {}", stage.label(lang)),
                    Plan::Map {
                        chart,
                        rows,
                        measure: r.measure,
                    },
                )
            }
        };
        Ok(Drawing {
            title,
            subtitle,
            note: r.note.clone(),
            footer: source_line(lang, day, campaign.simulated),
            lang,
            day,
            plan,
        })
    }

    /// The daily briefing as of `date` as a one-page A4 PDF.
    pub async fn briefing_file(&self, date: Option<&str>, lang: Lang) -> Result<File, ViewError> {
        let b = self.briefings.briefing(date, lang).await?;
        let (cur, day) = self.ctx.as_of(Some(&b.progress.date.to_string())).await?;
        let figures = UnitFigures::read(&self.ctx, cur.campaign.id, NATION_CODE).await?;
        let marks = national_marks(&self.ctx, Stage::Applications, day).await?;
        let goal = *cur.campaign.goals.get(Stage::Applications);
        let start = cur.campaign.start;
        let t = texts(lang);
        let a = alert_texts(lang);
        let words = BriefingWords {
            title: t.briefing_title.to_string(),
            simulated: b.span.simulated.then(|| t.simulated.to_string()),
            columns: national_columns(lang),
            chart: t.cumulative_chart.to_string(),
            chart_alt: alt_text::cumulative_chart(&b.progress, Stage::Applications, lang),
            province_columns: [t.rank, t.province, t.cumulative, "%"],
            top: t.top_ten.to_string(),
            bottom: t.bottom_ten.to_string(),
            movers: t.movers.to_string(),
            no_movers: t.no_movers.to_string(),
            silent: silent_sentence(b.silent_communes, b.communes, b.silent_days, lang),
            alerts: a.new_today.to_string(),
            no_alerts: a.none_new.to_string(),
            alert_columns: [a.severity, a.unit, a.rule, a.what],
            source: source_line(lang, day, b.span.simulated),
        };
        let series = figures.series.applications;
        let bytes = heavy::run(move || {
            let line = CumulativeLine {
                stage: Stage::Applications,
                series: &series,
                target: Some(goal.target),
                deadline: goal.deadline,
            };
            let chart = CumulativeChart::of_stage(line, start, day, &marks, lang);
            briefing_pdf(&b, &chart, &words, lang)
        })
        .await??;
        Ok(File {
            body: Bytes::from(bytes),
            file_name: format!("ban-tin-tien-do-{day}.pdf"),
            content_type: "application/pdf",
        })
    }

    /// The ranking chart's title, subtitle and bars: the children of `unit`,
    /// all of them or the leading and lagging ones.
    async fn ranking_plan(
        &self,
        r: &ChartRequest,
        unit: &UnitRef,
        day: NaiveDate,
        place: &str,
    ) -> Result<(String, String, Plan), ViewError> {
        let lang = r.lang;
        let stage = r.stages[0];
        if unit.level == Level::Commune {
            return Err(bad(
                "unit",
                format!(
                    "{} is a commune: it has no units below it to rank",
                    unit.display_name
                ),
                format!(
                    "{} là cấp xã: không có đơn vị cấp dưới để xếp hạng",
                    unit.display_name
                ),
            ));
        }
        let query = self
            .standings
            .ranking_query(
                None,
                Some(&unit.code),
                Some(stage.slug()),
                Some(r.measure.slug()),
            )
            .await?;
        let date = day.to_string();
        let (_, mut ranked) = self.standings.ranked(&query, Some(&date)).await?;
        if let Some(region) = &r.region {
            ranked = in_region(ranked, region)?;
        }
        let total = ranked.len();
        if total == 0 {
            return Err(bad(
                "unit",
                format!("{} has no units below it to rank", unit.display_name),
                format!("{} không có đơn vị cấp dưới để xếp hạng", unit.display_name),
            ));
        }
        let bar = |u: &RankedUnit| {
            let p = &u.standing.progress;
            let length = bar_length(r.measure, p, Some(u.standing.backlog), day);
            // Written as the rankings table writes it ("đã đạt" for a met target).
            let shown = u.standing.value(r.measure).map_or_else(
                || u.unranked.map_or("", |x| x.label(lang)).to_string(),
                |v| r.measure.display(v, lang),
            );
            RankingBar {
                rank: u.place.rank,
                name: u.standing.unit.display_name.clone(),
                length,
                shown,
            }
        };
        let row = |u: &RankedUnit| ValueRow {
            rank: u.place.rank,
            code: u.standing.unit.code.clone(),
            name: u.standing.unit.display_name.clone(),
            value: u.standing.value(r.measure),
        };
        let (drawn, gap_after): (Vec<&RankedUnit>, _) = if total <= RANKING_ALL_UP_TO {
            (ranked.iter().collect(), None)
        } else {
            let head = ranked.iter().take(RANKING_ENDS);
            let tail = ranked.iter().skip(total - RANKING_ENDS);
            (head.chain(tail).collect(), Some(RANKING_ENDS))
        };
        let bars = drawn.iter().map(|u| bar(u)).collect();
        let rows = drawn.iter().map(|u| row(u)).collect();
        let children = level_label(query.level, lang);
        let shown = match (lang, gap_after) {
            (Lang::Vi, Some(n)) => format!("{n} đầu và {n} cuối bảng trong {total}"),
            (Lang::En, Some(n)) => format!("top {n} and bottom {n} of {total}"),
            (Lang::Vi, None) => format!("{total} đơn vị"),
            (Lang::En, None) => format!("{total} units"),
        };
        Ok((
            match lang {
                Lang::Vi => format!(
                    "Xếp hạng {} theo {}",
                    children.to_lowercase(),
                    r.measure.label(lang).to_lowercase()
                ),
                Lang::En => format!(
                    "{children} ranked by {}",
                    r.measure.label(lang).to_lowercase()
                ),
            },
            format!("{place} · {} · {shown}", stage.label(lang)),
            Plan::Ranking {
                bars,
                gap_after,
                stage,
                // Bars of % of target say where 100% is.
                target: (r.measure == Measure::PercentOfTarget).then(|| TargetLine {
                    at: 100.0,
                    label: match lang {
                        Lang::Vi => "Mục tiêu 100%".into(),
                        Lang::En => "Target 100%".into(),
                    },
                }),
                rows,
                measure: r.measure,
            },
        ))
    }
}

/// The chart `kind` that the URL parameters `params` ask for (those of a
/// download, the embed page and the builder); errors name the parameter.
pub fn chart_request(
    kind: ChartKind,
    params: &[(String, String)],
) -> Result<ChartRequest, ViewError> {
    let request = ChartRequest::from_query(
        kind,
        NATION_CODE,
        params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )?;
    if let Some(note) = &request.note {
        let missing = fonts::missing_glyphs(note);
        if !missing.is_empty() {
            let shown: String = missing.into_iter().collect();
            return Err(bad(
                "note",
                format!("the charts' font cannot draw '{shown}'"),
                format!("phông chữ của biểu đồ không vẽ được '{shown}'"),
            ));
        }
    }
    Ok(request)
}

/// What a chart file is called, without extension: what it shows, its scope and day.
fn chart_stem(r: &ChartRequest, unit: &UnitRef, day: NaiveDate) -> String {
    let mut stage_part = if r.kind == ChartKind::Backlog {
        String::new()
    } else {
        let stages: Vec<String> = r.stages.iter().map(|s| slug(s.label(Lang::Vi))).collect();
        format!("{}-", stages.join("-"))
    };
    // Two rankings or maps by different measures must not share a name.
    if r.kind.uses_measure() && r.measure != ChartRequest::new(r.kind, NATION_CODE).measure {
        stage_part.push_str(&format!("theo-{}-", slug(r.measure.label(Lang::Vi))));
    }
    if let Some(region) = &r.region {
        stage_part.push_str(&format!("{region}-"));
    }
    // A size other than the page's says so: …-2021-06-01-slide.png.
    let size = match r.preset {
        Preset::Screen => String::new(),
        p => format!("-{}", p.slug()),
    };
    format!(
        "{}-{stage_part}{}-{day}{size}",
        r.kind.file_prefix(),
        scope_slug(unit),
    )
}

/// Cards waiting between stages on each day from `from` to `to`, from each
/// stage's sparse running totals (a day without a row keeps the last total).
pub fn backlog_days(series: [&[DayTotal]; 3], from: NaiveDate, to: NaiveDate) -> Vec<BacklogDay> {
    let [applied, produced, delivered] = series.map(|s| every_day(s, from, to));
    applied
        .iter()
        .zip(&produced)
        .zip(&delivered)
        .map(|(((day, _, a), (_, _, p)), (_, _, d))| BacklogDay {
            day: *day,
            awaiting_production: backlog(Stage::Applications, *a, *p, *d),
            awaiting_delivery: backlog(Stage::Delivered, *a, *p, *d),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn t(day: &str, cumulative: u64) -> DayTotal {
        DayTotal {
            day: d(day),
            count: 0,
            cumulative,
        }
    }

    #[test]
    fn backlog_carries_running_totals_over_days_without_figures() {
        let applied = [t("2021-03-01", 100), t("2021-03-03", 300)];
        let produced = [t("2021-03-02", 40)];
        let delivered = [t("2021-03-03", 10)];
        let days = backlog_days(
            [&applied, &produced, &delivered],
            d("2021-03-01"),
            d("2021-03-04"),
        );
        let got: Vec<(u64, u64)> = days
            .iter()
            .map(|b| (b.awaiting_production, b.awaiting_delivery))
            .collect();
        assert_eq!(got, vec![(100, 0), (60, 40), (260, 30), (260, 30)]);
        assert_eq!(days.last().unwrap().day, d("2021-03-04"));
        // Days before `from` count towards the totals but are not drawn.
        let late = backlog_days(
            [&applied, &produced, &delivered],
            d("2021-03-03"),
            d("2021-03-03"),
        );
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].awaiting_production, 260);
        // Days before the first figure are drawn at zero; no figures at all
        // still give one point per day, not an empty chart.
        let early = backlog_days(
            [&applied, &produced, &delivered],
            d("2021-02-27"),
            d("2021-03-01"),
        );
        assert_eq!(early.len(), 3);
        assert_eq!(
            (early[0].awaiting_production, early[2].awaiting_production),
            (0, 100)
        );
        assert_eq!(
            backlog_days([&[], &[], &[]], d("2021-03-01"), d("2021-03-02")).len(),
            2
        );
    }

    #[test]
    fn file_names_say_what_the_chart_is() {
        let unit = UnitRef {
            code: "46".into(),
            name: "Thừa Thiên Huế".into(),
            display_name: "Thừa Thiên Huế".into(),
            level: Level::Province,
            parent: Some(NATION_CODE.into()),
        };
        assert_eq!(scope_slug(&unit), "thua-thien-hue-46");
        assert_eq!(slug(Stage::Applications.label(Lang::Vi)), "thu-nhan-ho-so");
        assert_eq!(
            source_line(Lang::Vi, d("2021-06-01"), false),
            "Nguồn: Bộ Công an · Số liệu đến ngày 01/06/2021"
        );
    }
}
