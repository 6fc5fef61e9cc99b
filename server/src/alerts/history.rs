//! The communes' recent daily counts, kept between evaluations for the
//! anomaly rule: judging a day compares each commune's count with its 28
//! days before. Reading those 29 days of 10,599 communes × 3 stages for
//! every evaluation took a second; here each day is read once and read again
//! only when the audit log says one of its figures changed.

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate};
use tiendo_core::Stage;
use tiendo_core::alerts::ANOMALY_HISTORY;
use tokio::sync::Mutex;

use crate::db::{Database, DbResult};

/// A commune's count on the judged day and its counts of the days before
/// (days it reported, oldest first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recent {
    /// The commune.
    pub unit: String,
    /// The stage.
    pub stage: Stage,
    /// The day's count.
    pub count: u64,
    /// The counts of the days before, oldest first.
    pub history: Vec<u64>,
}

/// Per commune (by its index in `Kept::codes`), its count in each stage that day, if any.
type DayCounts = Vec<[Option<u32>; 3]>;

#[derive(Default)]
struct Kept {
    /// The campaign the days are of.
    campaign: i64,
    /// The data version they are current at.
    version: i64,
    /// Commune codes, in the order of `DayCounts`.
    codes: Vec<String>,
    index: HashMap<String, usize>,
    days: BTreeMap<NaiveDate, DayCounts>,
}

/// The recent counts, kept.
#[derive(Default)]
pub struct History {
    kept: Mutex<Kept>,
}

impl History {
    /// Every commune that reported on `day`, with its counts of the days
    /// before, as of data version `version` of `campaign`.
    pub async fn recent(
        &self,
        db: &dyn Database,
        campaign: i64,
        version: i64,
        day: NaiveDate,
    ) -> DbResult<Vec<Recent>> {
        let mut kept = self.kept.lock().await;
        if kept.campaign != campaign {
            *kept = Kept {
                campaign,
                ..Kept::default()
            };
        } else if version > kept.version {
            for changed in db.days_changed(campaign, kept.version, version).await? {
                kept.days.remove(&changed);
            }
        }
        let first = day - Duration::days(ANOMALY_HISTORY as i64);
        kept.days.retain(|d, _| (first..=day).contains(d));
        let missing: Vec<NaiveDate> = first
            .iter_days()
            .take_while(|d| *d <= day)
            .filter(|d| !kept.days.contains_key(d))
            .collect();
        if !missing.is_empty() {
            let fetched = db.commune_counts_on(campaign, &missing).await?;
            let k = &mut *kept;
            for d in &missing {
                k.days.insert(*d, vec![[None; 3]; k.codes.len()]);
            }
            for t in fetched {
                let s = stage_index(t.stage);
                for (code, count) in t.totals {
                    let i = match k.index.get(&code) {
                        Some(&i) => i,
                        None => {
                            // A commune first seen: every kept day gets its slot.
                            k.index.insert(code.clone(), k.codes.len());
                            k.codes.push(code);
                            for counts in k.days.values_mut() {
                                counts.push([None; 3]);
                            }
                            k.codes.len() - 1
                        }
                    };
                    if let Some(counts) = k.days.get_mut(&t.day) {
                        counts[i][s] = u32::try_from(count).ok();
                    }
                }
            }
        }
        kept.version = kept.version.max(version);
        Ok(recent_of(&kept, day))
    }
}

fn stage_index(stage: Stage) -> usize {
    Stage::ALL
        .iter()
        .position(|s| *s == stage)
        .expect("a stage")
}

/// The communes with a count on `day`, each with its earlier counts in the window.
fn recent_of(kept: &Kept, day: NaiveDate) -> Vec<Recent> {
    let Some(today) = kept.days.get(&day) else {
        return Vec::new();
    };
    let before: Vec<&DayCounts> = kept.days.range(..day).map(|(_, c)| c).collect();
    let mut out = Vec::new();
    for (i, counts) in today.iter().enumerate() {
        for (s, stage) in Stage::ALL.into_iter().enumerate() {
            let Some(count) = counts[s] else { continue };
            out.push(Recent {
                unit: kept.codes[i].clone(),
                stage,
                count: u64::from(count),
                history: before
                    .iter()
                    .filter_map(|d| d.get(i).and_then(|c| c[s]).map(u64::from))
                    .collect(),
            });
        }
    }
    out
}
