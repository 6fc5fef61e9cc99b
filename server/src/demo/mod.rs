//! `tiendo demo`: loads the simulated 2021 campaign "50 triệu CCCD trước 1/7/2021".

mod simulate;

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use tiendo_core::allocation::allocate_tree;
use tiendo_core::overview::PerStage;
use tiendo_core::units::NATION_CODE;
use tiendo_core::{Level, Stage};

pub use simulate::{CommuneSpec, Simulation, campaign_end, campaign_start, simulate};

use tiendo_core::campaign::{NewCampaign, StageGoal};
use tiendo_core::reports::{Report, TotalRow};
use tiendo_core::units::Unit;

use crate::db::{CampaignLoad, Database, DbError, DbResult};
use crate::seed::ensure_reference_data;

/// Identifier of the 2021 campaign.
pub const CAMPAIGN_SLUG: &str = "cccd-2021";
/// Its display name.
pub const CAMPAIGN_NAME: &str = "50 triệu CCCD trước 1/7/2021";
/// National target of every stage.
pub const NATIONAL_TARGET: u64 = 50_000_000;

/// What `tiendo demo` loads.
#[derive(Clone, Debug)]
pub struct DemoOptions {
    /// Seed of the simulation; the same seed gives the same figures.
    pub seed: u64,
    /// Last simulated day.
    pub until: NaiveDate,
    /// Store only these provinces' communes (all when `None`); for small test databases.
    pub provinces: Option<Vec<String>>,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            seed: 2021,
            until: campaign_end(),
            provinces: None,
        }
    }
}

/// Targets and deadlines: 50M applications before 1 July 2021; 50M produced and
/// delivered by the end of 2021.
pub fn campaign_goals() -> PerStage<StageGoal> {
    let day = |m, d| NaiveDate::from_ymd_opt(2021, m, d).expect("valid date");
    PerStage {
        applications: StageGoal {
            target: NATIONAL_TARGET,
            deadline: day(6, 30),
        },
        produced: StageGoal {
            target: NATIONAL_TARGET,
            deadline: day(12, 31),
        },
        delivered: StageGoal {
            target: NATIONAL_TARGET,
            deadline: day(12, 31),
        },
    }
}

/// Every unit's target per stage: the national target split by population
/// (provinces) and by the commune-kind proxy below (docs/DATA.md).
pub fn allocate_targets(units: &[Unit], goals: &PerStage<StageGoal>) -> Vec<(String, Stage, u64)> {
    let mut children: HashMap<String, Vec<(String, u64)>> = HashMap::new();
    for u in units {
        if let Some(p) = &u.parent_code {
            children
                .entry(p.clone())
                .or_default()
                .push((u.code.clone(), u.weight.max(0) as u64));
        }
    }
    Stage::ALL
        .into_iter()
        .flat_map(|stage| {
            allocate_tree(goals.get(stage).target, NATION_CODE, &children)
                .into_iter()
                .map(move |(code, t)| (code, stage, t))
        })
        .collect()
}

/// Replaces the demo campaign with a freshly simulated one.
pub async fn load(db: &dyn Database, options: &DemoOptions) -> DbResult<DemoSummary> {
    // The simulated curves end with 2021; later days would only add zeros.
    if options.until < campaign_start() || options.until > campaign_end() {
        return Err(DbError::invalid(
            "--until",
            format!(
                "{} is outside the simulated campaign, {} to {}",
                options.until,
                campaign_start(),
                campaign_end()
            ),
        ));
    }
    ensure_reference_data(db).await?;
    let units = db.all_units().await?;
    if let Some(wanted) = &options.provinces {
        for p in wanted {
            if !units
                .iter()
                .any(|u| u.level == Level::Province && &u.code == p)
            {
                return Err(DbError::invalid(
                    "--provinces",
                    format!("no province has the code '{p}'"),
                ));
            }
        }
    }
    let goals = campaign_goals();
    let targets = allocate_targets(&units, &goals);

    let parent: HashMap<&str, &str> = units
        .iter()
        .filter_map(|u| Some((u.code.as_str(), u.parent_code.as_deref()?)))
        .collect();
    let (communes, specs) = commune_specs(&units, &targets);
    let started = std::time::Instant::now();
    let sim = simulate(&specs, options.until, options.seed);
    tracing::info!(
        seconds = started.elapsed().as_secs_f64(),
        "campaign simulated"
    );

    // Keep the chosen provinces' communes, then roll them up to every ancestor.
    let kept: Vec<usize> = (0..communes.len())
        .filter(|&i| {
            options
                .provinces
                .as_ref()
                .is_none_or(|p| p.contains(&specs[i].province))
        })
        .collect();
    let mut sums: HashMap<String, [Vec<u64>; 3]> = HashMap::new();
    for &i in &kept {
        let mut code = communes[i].code.as_str();
        while let Some(p) = parent.get(code) {
            let entry = sums
                .entry(p.to_string())
                .or_insert_with(|| std::array::from_fn(|_| vec![0; sim.days]));
            for stage in 0..3 {
                for (acc, v) in entry[stage].iter_mut().zip(&sim.daily[stage][i]) {
                    *acc += *v as u64;
                }
            }
            code = p;
        }
    }

    let day = |d: usize| sim.start + Duration::days(d as i64);
    // Day by day, in the order of the reports' key (day, stage, commune),
    // so that a load appends them instead of going back over every day.
    let mut by_key = kept.clone();
    by_key.sort_by(|&a, &b| communes[a].code.cmp(&communes[b].code));
    let mut stages = Stage::ALL;
    stages.sort_by_key(|s| s.slug());
    let (by_key, sim_ref, communes_ref) = (&by_key, &sim, &communes);
    let reports = (0..sim.days).flat_map(move |d| {
        stages.into_iter().flat_map(move |stage| {
            by_key
                .iter()
                .filter(move |&&i| d < sim_ref.silent_from[i])
                .map(move |&i| Report {
                    unit_code: communes_ref[i].code.clone(),
                    stage,
                    day: day(d),
                    count: sim_ref.daily[stage.index()][i][d] as u64,
                })
        })
    });
    let mut rolled: Vec<(String, [Vec<u64>; 3])> = sums.into_iter().collect();
    rolled.sort_by(|a, b| a.0.cmp(&b.0));
    let totals = rolled.into_iter().flat_map(|(code, series)| {
        Stage::ALL.into_iter().flat_map(move |stage| {
            let mut cumulative = 0;
            let code = code.clone();
            series[stage.index()]
                .clone()
                .into_iter()
                .enumerate()
                .map(move |(d, count)| {
                    cumulative += count;
                    TotalRow {
                        unit_code: code.clone(),
                        stage,
                        day: day(d),
                        count,
                        cumulative,
                    }
                })
        })
    });
    // A part of the country: only its units have targets, so that the
    // provinces left out are outside the campaign (not behind, not silent).
    let targets = match &options.provinces {
        None => targets,
        Some(wanted) => {
            let province_of = |code: &str| {
                let mut code = code;
                let mut path = vec![code];
                while let Some(p) = parent.get(code) {
                    code = p;
                    path.push(code);
                }
                // [unit, …, province, nation]: the province is second last.
                path.len().checked_sub(2).map(|i| path[i].to_string())
            };
            targets
                .into_iter()
                .filter(|(code, _, _)| {
                    code == NATION_CODE || province_of(code).is_some_and(|p| wanted.contains(&p))
                })
                .collect()
        }
    };
    let campaign = db
        .load_campaign(CampaignLoad {
            campaign: NewCampaign {
                slug: CAMPAIGN_SLUG.into(),
                name: CAMPAIGN_NAME.into(),
                start: campaign_start(),
                simulated: true,
                goals,
            },
            targets,
            source: "demo",
            reports: Box::new(reports),
            totals: Box::new(totals),
        })
        .await?;
    tracing::info!(seconds = started.elapsed().as_secs_f64(), "figures stored");
    Ok(DemoSummary {
        campaign,
        communes: kept.len(),
        days: sim.days,
    })
}

/// The communes of `units` and what the simulation needs of each (province, applications target).
pub fn commune_specs<'a>(
    units: &'a [Unit],
    targets: &[(String, Stage, u64)],
) -> (Vec<&'a Unit>, Vec<CommuneSpec>) {
    let application_target: HashMap<&str, u64> = targets
        .iter()
        .filter(|(_, s, _)| *s == Stage::Applications)
        .map(|(c, _, t)| (c.as_str(), *t))
        .collect();
    let parent: HashMap<&str, &str> = units
        .iter()
        .filter_map(|u| Some((u.code.as_str(), u.parent_code.as_deref()?)))
        .collect();
    let communes: Vec<&Unit> = units.iter().filter(|u| u.level == Level::Commune).collect();
    let specs = communes
        .iter()
        .map(|c| {
            let district = parent[c.code.as_str()];
            CommuneSpec {
                province: parent[district].to_string(),
                target: application_target
                    .get(c.code.as_str())
                    .copied()
                    .unwrap_or(0),
            }
        })
        .collect();
    (communes, specs)
}

/// What a demo load stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoSummary {
    /// Campaign id.
    pub campaign: i64,
    /// Communes with figures.
    pub communes: usize,
    /// Days simulated.
    pub days: usize,
}
