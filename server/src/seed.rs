//! Reference data: the administrative units, province populations and the
//! published milestones, embedded from data/ (sources in data/README.md).

use std::collections::HashMap;

use chrono::NaiveDate;
use tiendo_core::Level;
use tiendo_core::units::{NATION_CODE, commune_weight, fill_display_names};

use tiendo_core::campaign::Milestone;
use tiendo_core::units::Unit;

use crate::db::{Database, DbError, DbResult};

const ADMIN_UNITS_CSV: &str = include_str!("../../data/admin_units.csv");
const PROVINCES_CSV: &str = include_str!("../../data/provinces.csv");
const MILESTONES_CSV: &str = include_str!("../../data/campaign_2021_milestones.csv");

/// Errors in the embedded reference data (a broken data/ file).
fn bad(file: &str, line: usize, what: impl std::fmt::Display) -> DbError {
    DbError::Other(format!("data/{file} line {line}: {what}"))
}

/// The nation, provinces, districts and communes with regions, populations and
/// allocation weights, parents before children.
pub fn reference_units() -> DbResult<Vec<Unit>> {
    let mut provinces: HashMap<String, (String, i64)> = HashMap::new();
    let mut reader = csv::Reader::from_reader(PROVINCES_CSV.as_bytes());
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| bad("provinces.csv", i + 2, e))?;
        let population: i64 = rec[4].parse().map_err(|e| bad("provinces.csv", i + 2, e))?;
        provinces.insert(rec[0].to_string(), (rec[3].to_string(), population));
    }

    let mut units = Vec::with_capacity(11_400);
    let mut reader = csv::Reader::from_reader(ADMIN_UNITS_CSV.as_bytes());
    for (i, rec) in reader.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| bad("admin_units.csv", line, e))?;
        let level = Level::from_slug(&rec[1])
            .ok_or_else(|| bad("admin_units.csv", line, "unknown level"))?;
        let code = rec[0].to_string();
        let (region, population) = match level {
            Level::Province => {
                let (region, pop) = provinces.get(&code).ok_or_else(|| {
                    bad(
                        "admin_units.csv",
                        line,
                        format!("province {code} has no row in data/provinces.csv"),
                    )
                })?;
                (Some(region.clone()), Some(*pop))
            }
            _ => (None, None),
        };
        let parent = match &rec[6] {
            "" => NATION_CODE.to_string(),
            p => p.to_string(),
        };
        units.push(Unit {
            weight: match level {
                Level::Commune => commune_weight(&rec[4]) as i64,
                _ => population.unwrap_or(0),
            },
            code,
            level,
            name: rec[2].to_string(),
            display_name: String::new(),
            full_name: rec[3].to_string(),
            kind: rec[4].to_string(),
            slug: rec[5].to_string(),
            parent_code: Some(parent),
            region,
            population,
        });
    }
    // A district weighs what its communes weigh (the proxy of docs/DATA.md).
    let mut district_weight: HashMap<String, i64> = HashMap::new();
    for u in units.iter().filter(|u| u.level == Level::Commune) {
        *district_weight
            .entry(u.parent_code.clone().unwrap_or_default())
            .or_default() += u.weight;
    }
    for u in units.iter_mut().filter(|u| u.level == Level::District) {
        u.weight = district_weight.get(&u.code).copied().unwrap_or(0);
    }
    let population: i64 = provinces.values().map(|(_, p)| p).sum();
    units.insert(
        0,
        Unit {
            code: NATION_CODE.into(),
            level: Level::Nation,
            name: "Toàn quốc".into(),
            display_name: String::new(),
            full_name: "Nước Cộng hòa Xã hội Chủ nghĩa Việt Nam".into(),
            kind: "quoc-gia".into(),
            slug: "toan-quoc".into(),
            parent_code: None,
            region: None,
            population: Some(population),
            weight: population,
        },
    );
    let rank = |l: Level| l as u8;
    units.sort_by(|a, b| rank(a.level).cmp(&rank(b.level)).then(a.code.cmp(&b.code)));
    fill_display_names(&mut units);
    Ok(units)
}

/// The published figures of the 2021 campaign.
pub fn reference_milestones() -> DbResult<Vec<Milestone>> {
    let mut reader = csv::Reader::from_reader(MILESTONES_CSV.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| bad("campaign_2021_milestones.csv", line, e))?;
        let day = NaiveDate::parse_from_str(&rec[0], "%Y-%m-%d")
            .map_err(|e| bad("campaign_2021_milestones.csv", line, e))?;
        let value = match &rec[3] {
            "" => None,
            v => Some(
                v.parse()
                    .map_err(|e| bad("campaign_2021_milestones.csv", line, e))?,
            ),
        };
        out.push(Milestone {
            day,
            scope: rec[1].to_string(),
            stage: rec[2].to_string(),
            value,
            precision: Some(rec[4].to_string()).filter(|p| !p.is_empty()),
            source: rec[5].to_string(),
        });
    }
    Ok(out)
}

/// Loads units and milestones into an empty database; on one loaded before
/// units had shown names, fills those in.
pub async fn ensure_reference_data(db: &dyn Database) -> DbResult<()> {
    if db.unit_count().await? > 0 {
        // Names are written for every unit at once (here or at insertion),
        // so the nation's tells for all, without reading 11,368 rows at each start.
        if !db.unit(NATION_CODE).await?.display_name.is_empty() {
            return Ok(());
        }
        let mut units = db.all_units().await?;
        fill_display_names(&mut units);
        let names: Vec<(String, String)> = units
            .into_iter()
            .map(|u| (u.code, u.display_name))
            .collect();
        return db.set_display_names(&names).await;
    }
    db.insert_units(&reference_units()?).await?;
    db.replace_milestones(&reference_milestones()?).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_units_have_the_official_counts_and_population() {
        let units = reference_units().unwrap();
        let count = |l: Level| units.iter().filter(|u| u.level == l).count();
        assert_eq!(count(Level::Nation), 1);
        assert_eq!(count(Level::Province), 63);
        assert_eq!(count(Level::District), 705);
        assert_eq!(count(Level::Commune), 10_599);
        assert_eq!(units[0].population, Some(97_582_600));
        let hanoi = units.iter().find(|u| u.code == "01").unwrap();
        assert_eq!(hanoi.region.as_deref(), Some("Đồng bằng sông Hồng"));
        assert_eq!(hanoi.parent_code.as_deref(), Some("VN"));
        let shown = |code: &str| &units.iter().find(|u| u.code == code).unwrap().display_name;
        assert_eq!(shown("770"), "Quận 3");
        assert_eq!(shown("380"), "TP Thanh Hóa");
        assert_eq!(shown("79"), "TP Hồ Chí Minh");
        assert_eq!(shown("01"), "Hà Nội");
    }

    #[test]
    fn milestones_parse() {
        let m = reference_milestones().unwrap();
        assert!(m.iter().any(|m| m.scope == "national"
            && m.value == Some(50_000_000)
            && m.stage == "applications"));
    }
}
