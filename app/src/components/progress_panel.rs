//! A unit's progress at a glance: a card per stage, the backlog between
//! stages and the two charts, each with its download menu. Shared by the overview and the unit pages.

use leptos::prelude::*;
use tiendo_core::alt_text;
use tiendo_core::overview::UnitProgress;
use tiendo_core::{Lang, Stage, format};

use tiendo_core::figure::{ChartKind, ChartRequest};

use crate::components::chart::SvgChart;
use crate::components::downloads::{ChartDownloads, DataLinks};
use crate::components::kpi::StageCard;
use crate::i18n::texts;

/// Stage cards, backlog and charts of one unit.
#[component]
pub fn ProgressPanel(
    /// The unit's progress.
    progress: UnitProgress,
    /// Cumulative against target (SVG).
    cumulative_chart_svg: String,
    /// Heading of the cumulative chart.
    cumulative_title: String,
    /// Stage of the cumulative chart.
    stage: Stage,
    /// Daily counts per stage (SVG).
    daily_chart_svg: String,
    /// Language.
    lang: Lang,
) -> impl IntoView {
    let t = texts(lang);
    let backlog = progress.backlog();
    let series = |extension: &str| {
        format!(
            "/export/table/series.{extension}?unit={}&date={}&lang={}",
            progress.unit.code,
            progress.date,
            lang.code()
        )
    };
    let (series_csv, series_xlsx) = (series("csv"), series("xlsx"));
    // The downloads show what the page shows: this unit, stage and day.
    let chart = |kind: ChartKind, stages: Vec<Stage>| ChartRequest {
        stages,
        date: Some(progress.date),
        lang,
        ..ChartRequest::new(kind, &progress.unit.code)
    };
    let cumulative = chart(ChartKind::Cumulative, vec![stage]);
    let daily = chart(ChartKind::Daily, Stage::ALL.to_vec());
    let backlog_chart = chart(ChartKind::Backlog, vec![Stage::Applications]);
    let (cumulative_alt, daily_alt) = (
        alt_text::cumulative_chart(&progress, stage, lang),
        alt_text::daily_chart(&progress, lang),
    );
    let cards = Stage::ALL
        .into_iter()
        .map(|s| view! { <StageCard stage=s progress=progress.stages.get(s).clone() lang /> })
        .collect_view();
    view! {
        <div class="kpis">{cards}</div>
        <section class="backlog">
            <h2>{t.backlog}</h2>
            <p>
                <span>{t.applied_not_produced} ": "</span>
                <strong data-testid="backlog-produce">{format::int(backlog.applied_not_produced, lang)}</strong>
            </p>
            <p>
                <span>{t.produced_not_delivered} ": "</span>
                <strong data-testid="backlog-deliver">{format::int(backlog.produced_not_delivered, lang)}</strong>
            </p>
            <ChartDownloads request=backlog_chart lang />
        </section>
        <div class="charts">
            <SvgChart title=cumulative_title svg=cumulative_chart_svg alt=cumulative_alt id="chart-cumulative">
                <ChartDownloads request=cumulative lang />
            </SvgChart>
            <SvgChart title=t.daily_chart.to_string() svg=daily_chart_svg alt=daily_alt id="chart-daily">
                <ChartDownloads request=daily lang />
            </SvgChart>
        </div>
        <p class="downloads">
            <DataLinks label=t.download_series csv=series_csv xlsx=series_xlsx testid="series-" lang />
        </p>
    }
}
