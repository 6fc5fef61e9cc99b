//! Downloadable charts: reads a [`ChartRequest`], gathers its figures through
//! [`Progress`], frames the chart with its title, subtitle and source line,
//! and writes it as PNG or SVG. Files are kept per URL until the figures change.

use std::sync::Arc;

use axum::body::Bytes;
use chrono::NaiveDate;
use tiendo_app::i18n::{level_label, silent_sentence, source_line, texts};
use tiendo_app::pages::briefing::national_columns;
use tiendo_core::figure::{ChartKind, ChartRequest, FileFormat, Preset};
use tiendo_core::format;
use tiendo_core::overview::PerStage;
use tiendo_core::params::{ParamError, check_in_range};
use tiendo_core::rankings::bar_length;
use tiendo_core::search::slug;
use tiendo_core::standings::backlog;
use tiendo_core::units::{Level, NATION_CODE, UnitRef};
use tiendo_core::views::ChartOptions;
use tiendo_core::{Lang, Stage};

use crate::charts::briefing::{BriefingWords, briefing_pdf};
use crate::charts::figure::{Body, Figure, render};
use crate::charts::{
    BacklogDay, CumulativeChart, CumulativeLine, DailyChart, RankingBar, stage_colour,
};
use crate::db::{Campaign, DayTotal, DbError};
use crate::progress::{Progress, QueryError};
use crate::rankings::span_of;

/// Units shown in full in a ranking chart; beyond, the leading and the lagging ones.
const RANKING_ALL_UP_TO: usize = 25;
/// How many leading and how many lagging units a long ranking chart shows.
const RANKING_ENDS: usize = 10;

/// A chart written to a file.
pub struct ChartFile {
    /// The bytes; cloned cheaply each time a kept file is sent.
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
        format!("{}-{}", slug(&unit.name), unit.code.to_lowercase())
    }
}

/// A unit's name as a chart says it; the nation in the chart's language.
fn unit_name(unit: &UnitRef, lang: Lang) -> String {
    if unit.code == NATION_CODE {
        level_label(Level::Nation, lang).to_string()
    } else {
        unit.name.clone()
    }
}

fn bad(field: &str, message: String) -> QueryError {
    QueryError::BadInput(ParamError {
        field: field.into(),
        message,
    })
}

impl Progress {
    /// The unit named by parameter `field`; an unknown code is the user's error.
    pub(crate) async fn unit_param(&self, field: &str, code: &str) -> Result<UnitRef, QueryError> {
        match self.db.unit(code).await {
            Ok(u) => Ok(u),
            Err(DbError::NotFound(_)) => Err(bad(field, format!("no unit has the code '{code}'"))),
            Err(e) => Err(e.into()),
        }
    }

    /// What the chart builder offers: days with data, provinces, and the
    /// districts of the province `unit` lies in (a province or a district).
    pub async fn chart_options(&self, unit: Option<&str>) -> Result<ChartOptions, QueryError> {
        let (campaign, _, span) = self.campaign_and_day(None).await?;
        let index = self.unit_index().await?;
        let province = match unit {
            None => None,
            Some(code) => {
                let unit = self.unit_param("unit", code).await?;
                match unit.level {
                    Level::Nation => None,
                    Level::Province => Some(unit.code),
                    Level::District => unit.parent,
                    Level::Commune => {
                        return Err(bad(
                            "unit",
                            format!(
                                "{} is a commune: charts cover a province or a district",
                                unit.name
                            ),
                        ));
                    }
                }
            }
        };
        Ok(ChartOptions {
            span: span_of(&campaign, span),
            provinces: index.children(NATION_CODE),
            districts: province
                .as_deref()
                .map(|p| index.children(p))
                .unwrap_or_default(),
            province,
        })
    }

    /// The chart `kind` in `format` for the URL parameters `params`.
    pub async fn chart_file(
        &self,
        kind: ChartKind,
        format: FileFormat,
        params: &[(String, String)],
    ) -> Result<Arc<ChartFile>, QueryError> {
        let request = ChartRequest::from_query(
            kind,
            NATION_CODE,
            params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        )?;
        if let Some(note) = &request.note {
            let missing = crate::charts::fonts::missing_glyphs(note);
            if !missing.is_empty() {
                let shown: String = missing.into_iter().collect();
                return Err(bad(
                    "note",
                    format!("the charts' font cannot draw '{shown}'"),
                ));
            }
        }
        let unit = self.unit_param("unit", &request.unit).await?;
        let date = request.date.map(|d| d.to_string());
        let (campaign, day, span) = self.campaign_and_day(date.as_deref()).await?;
        let from = match request.from {
            Some(d) => check_in_range("from", d, span.0, span.1)?,
            None => campaign.start.max(span.0),
        };
        if request.from.is_some() && from >= day {
            return Err(bad(
                "from",
                format!("{from} must be before the as-of day {day}"),
            ));
        }
        let key = (campaign.version(), request.url(format, NATION_CODE), day);
        if let Some(hit) = self.chart_files.get(&key) {
            return Ok(hit);
        }
        let file = self
            .draw_chart(&request, &campaign, &unit, from, day, format)
            .await?;
        let weight = file.body.len();
        Ok(self.chart_files.put_weighed(key, file, weight))
    }

    async fn draw_chart(
        &self,
        r: &ChartRequest,
        campaign: &Campaign,
        unit: &UnitRef,
        from: NaiveDate,
        day: NaiveDate,
        format: FileFormat,
    ) -> Result<ChartFile, QueryError> {
        let lang = r.lang;
        let stages = r
            .stages
            .iter()
            .map(|s| s.label(lang))
            .collect::<Vec<_>>()
            .join(" + ");
        let period = format!("{} – {}", format::date(from), format::date(day));
        let place = unit_name(unit, lang);
        // Only the charts over days read the unit's series, and only the
        // cumulative chart its targets and the published figures.
        let series = if r.kind.over_time() {
            self.stage_series(campaign, &unit.code).await?
        } else {
            PerStage::from_fn(|_| Vec::new())
        };
        let mut marks = Vec::new();
        let mut targets = Vec::new();
        if r.kind == ChartKind::Cumulative {
            for stage in &r.stages {
                targets.push(self.db.target(campaign.id, &unit.code, *stage).await?);
                if r.milestones && unit.code == NATION_CODE {
                    marks.extend(self.national_marks(*stage, day).await?);
                }
            }
        }
        let (title, subtitle, body) = match r.kind {
            ChartKind::Cumulative => (
                match (lang, r.stages.as_slice()) {
                    (Lang::Vi, [one]) => format!("{}: lũy kế so với mục tiêu", one.label(lang)),
                    (Lang::En, [one]) => format!("{}: cumulative against target", one.label(lang)),
                    (Lang::Vi, _) => "Lũy kế theo công đoạn so với mục tiêu".to_string(),
                    (Lang::En, _) => "Cumulative by stage against target".to_string(),
                },
                format!("{place} · {stages} · {period}"),
                Body::Cumulative(CumulativeChart {
                    lines: r
                        .stages
                        .iter()
                        .zip(&targets)
                        .map(|(stage, target)| CumulativeLine {
                            stage: *stage,
                            series: series.get(*stage),
                            target: *target,
                            deadline: campaign.goals.get(*stage).deadline,
                        })
                        .collect(),
                    start: campaign.start,
                    from,
                    as_of: day,
                    marks: &marks,
                    show_target: r.target,
                    show_deadline: r.deadline,
                    lang,
                }),
            ),
            ChartKind::Daily => (
                match lang {
                    Lang::Vi => "Số lượng theo ngày".to_string(),
                    Lang::En => "Daily counts".to_string(),
                },
                format!("{place} · {stages} · {period}"),
                Body::Daily(DailyChart {
                    series: r
                        .stages
                        .iter()
                        .map(|s| (*s, series.get(*s).as_slice()))
                        .collect(),
                    from,
                    as_of: day,
                    lang,
                }),
            ),
            ChartKind::Backlog => (
                match lang {
                    Lang::Vi => "Tồn đọng giữa các khâu".to_string(),
                    Lang::En => "Backlog between stages".to_string(),
                },
                format!("{place} · {period}"),
                Body::Backlog(backlog_days(
                    [
                        series.get(Stage::Applications),
                        series.get(Stage::Produced),
                        series.get(Stage::Delivered),
                    ],
                    from,
                    day,
                )),
            ),
            ChartKind::Ranking => self.ranking_body(r, unit, day, &place).await?,
            ChartKind::Map => {
                let stage = r.stages[0];
                let chart = self
                    .map_chart(campaign, stage, r.measure, day, lang)
                    .await?;
                (
                    match lang {
                        Lang::Vi => format!("{} theo tỉnh, thành phố", r.measure.label(lang)),
                        Lang::En => format!("{} by province", r.measure.label(lang)),
                    },
                    format!("{place} · {}", stage.label(lang)),
                    Body::Map(chart),
                )
            }
        };
        let figure = Figure {
            title,
            subtitle,
            note: r.note.clone(),
            footer: source_line(lang, day, campaign.simulated),
            lang,
            body,
        };
        let dpi = if r.preset == Preset::A4 { 300 } else { 96 };
        let body = Bytes::from(render(&figure, r.preset.size(), format, dpi)?);
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
        Ok(ChartFile {
            body,
            file_name: format!(
                "{}-{stage_part}{}-{day}.{}",
                r.kind.file_prefix(),
                scope_slug(unit),
                format.extension()
            ),
            content_type: format.content_type(),
        })
    }

    /// The daily briefing as of `date` as a one-page A4 PDF.
    pub async fn briefing_file(
        &self,
        date: Option<&str>,
        lang: Lang,
    ) -> Result<ChartFile, QueryError> {
        let b = self.briefing(date, lang).await?;
        let day = b.progress.date;
        let campaign = self.db.current_campaign().await?;
        let series = self
            .db
            .series(campaign.id, NATION_CODE, Stage::Applications)
            .await?;
        let marks = self.national_marks(Stage::Applications, day).await?;
        let goal = campaign.goals.get(Stage::Applications);
        let chart = CumulativeChart {
            lines: vec![CumulativeLine {
                stage: Stage::Applications,
                series: &series,
                target: Some(goal.target),
                deadline: goal.deadline,
            }],
            start: campaign.start,
            from: campaign.start,
            as_of: day,
            marks: &marks,
            show_target: true,
            show_deadline: true,
            lang,
        };
        let t = texts(lang);
        let words = BriefingWords {
            title: t.briefing_title.to_string(),
            columns: national_columns(lang),
            top: t.top_ten.to_string(),
            bottom: t.bottom_ten.to_string(),
            movers: t.movers.to_string(),
            no_movers: t.no_movers.to_string(),
            silent: silent_sentence(b.silent_communes, b.communes, b.silent_days, lang),
            source: source_line(lang, day, b.span.simulated),
            chart: t.cumulative_chart.to_string(),
        };
        Ok(ChartFile {
            body: Bytes::from(briefing_pdf(&b, &chart, &words, lang)?),
            file_name: format!("ban-tin-tien-do-{day}.pdf"),
            content_type: "application/pdf",
        })
    }

    /// The ranking chart's title, subtitle and bars: the children of `unit`,
    /// all of them or the leading and lagging ones.
    async fn ranking_body(
        &self,
        r: &ChartRequest,
        unit: &UnitRef,
        day: NaiveDate,
        place: &str,
    ) -> Result<(String, String, Body<'static>), QueryError> {
        let lang = r.lang;
        let stage = r.stages[0];
        if unit.level == Level::Commune {
            return Err(bad(
                "unit",
                format!(
                    "{} is a commune: it has no units below it to rank",
                    unit.name
                ),
            ));
        }
        let query = self
            .ranking_query(
                None,
                Some(&unit.code),
                Some(stage.slug()),
                Some(r.measure.slug()),
            )
            .await?;
        let date = day.to_string();
        let (_, mut ranked) = self.ranked(&query, Some(&date)).await?;
        if let Some(region) = &r.region {
            ranked = in_region(ranked, region)?;
        }
        let total = ranked.len();
        if total == 0 {
            return Err(bad(
                "unit",
                format!("{} has no units below it to rank", unit.name),
            ));
        }
        let bar = |u: &crate::rankings::RankedUnit| {
            let p = &u.standing.progress;
            let length = bar_length(r.measure, p, Some(u.standing.backlog), day);
            // Written as the rankings table writes it ("đã đạt" for a met target).
            let shown = u.standing.value(r.measure).map_or_else(
                || u.unranked.map_or("", |x| x.label(lang)).to_string(),
                |v| r.measure.display(v, lang),
            );
            RankingBar {
                rank: u.place.rank,
                name: u.standing.unit.name.clone(),
                length,
                shown,
            }
        };
        let (bars, gap_after) = if total <= RANKING_ALL_UP_TO {
            (ranked.iter().map(bar).collect::<Vec<_>>(), None)
        } else {
            let head = ranked.iter().take(RANKING_ENDS);
            let tail = ranked.iter().skip(total - RANKING_ENDS);
            (head.chain(tail).map(bar).collect(), Some(RANKING_ENDS))
        };
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
            Body::Ranking {
                bars,
                gap_after,
                colour: stage_colour(stage),
            },
        ))
    }
}

/// The units of `ranked` in the region whose slug is `region` (ranks kept,
/// as on the rankings page); an unknown region is the user's error.
pub fn in_region(
    ranked: Vec<crate::rankings::RankedUnit>,
    region: &str,
) -> Result<Vec<crate::rankings::RankedUnit>, QueryError> {
    let of = |u: &crate::rankings::RankedUnit| u.standing.region.as_deref().map(slug);
    if !ranked.iter().any(|u| of(u).as_deref() == Some(region)) {
        return Err(bad("region", format!("unknown region '{region}'")));
    }
    Ok(ranked
        .into_iter()
        .filter(|u| of(u).as_deref() == Some(region))
        .collect())
}

/// Cards waiting between stages on each day from `from` to `to`, from each
/// stage's sparse running totals (a day without a row keeps the last total).
pub fn backlog_days(series: [&[DayTotal]; 3], from: NaiveDate, to: NaiveDate) -> Vec<BacklogDay> {
    // From the first figure or `from`, whichever is earlier: the totals run
    // from the first figure, and every day from `from` is drawn.
    let first = series
        .iter()
        .filter_map(|s| s.first().map(|t| t.day))
        .min()
        .map_or(from, |d| d.min(from));
    let mut at = [0usize; 3];
    let mut running = [0u64; 3];
    let mut out = Vec::new();
    for day in first.iter_days().take_while(|d| *d <= to) {
        for (i, stage) in series.iter().enumerate() {
            while let Some(t) = stage.get(at[i]).filter(|t| t.day <= day) {
                running[i] = t.cumulative;
                at[i] += 1;
            }
        }
        if day >= from {
            let [applied, produced, delivered] = running;
            out.push(BacklogDay {
                day,
                awaiting_production: backlog(Stage::Applications, applied, produced, delivered),
                awaiting_delivery: backlog(Stage::Delivered, applied, produced, delivered),
            });
        }
    }
    out
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
