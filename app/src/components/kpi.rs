//! Key figures of one stage: where it stands, how fast it moves, what it still needs.

use leptos::prelude::*;
use tiendo_core::progress::{StageProgress, Status};
use tiendo_core::{Lang, Stage, format};

use crate::i18n::{status_label, texts};

/// The card of one stage on an overview.
#[component]
pub fn StageCard(stage: Stage, progress: StageProgress, lang: Lang) -> impl IntoView {
    let t = texts(lang);
    let p = progress;
    let percent = p.percent_of_target.unwrap_or(0.0);
    let bar_width = format!("width: {:.1}%", percent.clamp(0.0, 100.0));
    let status_class = match p.status {
        Status::Met | Status::OnTrack => "status good",
        Status::Behind | Status::DeadlinePassed => "status bad",
        Status::NoRate | Status::NoTarget => "status unknown",
    };
    let projected = match (p.status, p.projected_completion) {
        (Status::Met, _) => t.reached.to_string(),
        (_, Some(d)) => format::date(d),
        (_, None) => t.not_projected.to_string(),
    };
    let dash = || "—".to_string();
    view! {
        <section class="kpi" data-stage=stage.slug()>
            <h2>{stage.label(lang)}</h2>
            <p class="kpi-value" data-testid=format!("cumulative-{}", stage.slug())>
                {format::int(p.cumulative, lang)}
            </p>
            <p class="kpi-target">
                <span data-testid=format!("percent-{}", stage.slug())>
                    {p.percent_of_target.map(|x| format::percent(x, lang)).unwrap_or_else(dash)}
                </span>
                " " {t.of_target} " "
                {p.target.map(|x| format::int(x, lang)).unwrap_or_else(dash)}
            </p>
            <div class="bar" role="presentation">
                <div class="bar-fill" style=bar_width></div>
            </div>
            <dl>
                <dt>{t.today}</dt>
                <dd data-testid=format!("daily-{}", stage.slug())>{format::int(p.daily, lang)}</dd>
                <dt>{t.avg7}</dt>
                <dd>{format::decimal(p.avg7, 0, lang)}</dd>
                <dt>{t.required_daily}</dt>
                <dd>{p.required_per_day().map(|x| format::int(x, lang)).unwrap_or_else(dash)}</dd>
                <dt>{t.projected}</dt>
                <dd>{projected}</dd>
                <dt>{t.days_left}</dt>
                <dd>{p.days_left} " (" {t.deadline} " " {format::date(p.deadline)} ")"</dd>
            </dl>
            <p class=status_class>{status_label(p.status, lang)}</p>
        </section>
    }
}
