//! Tables to download (`/export/table/…`): a ranked list or a unit's figures
//! per day, built once as typed cells and written as CSV or XLSX by
//! [`crate::render::tables`], with the same parameters and as-of day as the
//! screen.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;
use tiendo_core::i18n::{level_name, source_line, status_label, texts};
use tiendo_core::overview::PerStage;
use tiendo_core::rankings::pace_vs_required;
use tiendo_core::search::slug;
use tiendo_core::units::{Level, NATION_CODE, Scope, UnitRef};
use tiendo_core::{Lang, Stage, format};

use super::files::scope_slug;
use super::standings::{Standings, in_region, with_status};
use super::{Context, ViewError};
use crate::render::tables::{Cell, Table};

/// Refuses parameters a table does not know, so a typo is not silently ignored.
pub fn only_params(params: &HashMap<String, String>, allowed: &[&str]) -> Result<(), ViewError> {
    match params.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(unknown) => Err(super::bad(
            unknown,
            format!("unknown parameter (allowed: {})", allowed.join(", ")),
            format!("không có tham số này (dùng: {})", allowed.join(", ")),
        )),
        None => Ok(()),
    }
}

/// The `lang` parameter of a download (Vietnamese by default).
pub fn lang_param(value: Option<&str>) -> Result<Lang, ViewError> {
    value.map_or(Ok(Lang::Vi), |v| Ok(Lang::parse("lang", v)?))
}

fn as_of_line(lang: Lang, date: NaiveDate) -> String {
    match lang {
        Lang::Vi => format!("Số liệu đến ngày {}", format::date(date)),
        Lang::En => format!("Figures as of {}", format::date(date)),
    }
}

/// Where a unit lies: its province and district names (shown names), and
/// its province's region; empty for what the unit itself is.
struct Location {
    province: Option<String>,
    district: Option<String>,
    region: Option<String>,
}

impl Location {
    fn of(units: &super::units::Units, code: &str) -> Location {
        let mut out = Location {
            province: None,
            district: None,
            region: None,
        };
        for a in units.ancestors(code) {
            match a.level {
                Level::Province => {
                    out.region = units.get(&a.code).and_then(|u| u.region.clone());
                    out.province = Some(a.display_name);
                }
                Level::District => out.district = Some(a.display_name),
                _ => {}
            }
        }
        out
    }
}

/// Table downloads.
pub struct Tables {
    ctx: Arc<Context>,
    standings: Arc<Standings>,
}

impl Tables {
    /// Tables over `ctx`.
    pub fn new(ctx: Arc<Context>, standings: Arc<Standings>) -> Self {
        Tables { ctx, standings }
    }

    /// The ranked list of the API's parameters (and `lang`, `region`, `status`) as a table.
    pub async fn rankings(&self, params: &HashMap<String, String>) -> Result<Table, ViewError> {
        only_params(
            params,
            &[
                "level", "parent", "stage", "by", "date", "lang", "region", "status",
            ],
        )?;
        let get = |k: &str| params.get(k).map(String::as_str);
        let lang = lang_param(get("lang"))?;
        let query = self
            .standings
            .ranking_query(get("level"), get("parent"), get("stage"), get("by"))
            .await?;
        let (date, mut units) = self.standings.ranked(&query, get("date")).await?;
        // The region filter of the rankings page: its rows, with their national ranks.
        if let Some(region) = get("region") {
            units = in_region(units, region)?;
        }
        if let Some(status) = get("status") {
            units = with_status(units, status)?;
        }
        let headers: [&str; 19] = match lang {
            Lang::Vi => [
                "Ngày số liệu",
                "Hạng",
                "Thay đổi hạng 7 ngày",
                "Mã",
                "Tên",
                "Mã đơn vị cấp trên",
                "Vùng",
                "Lũy kế",
                "Mục tiêu",
                "% mục tiêu",
                "TB 7 ngày",
                "Cần mỗi ngày",
                "Tốc độ / yêu cầu (%)",
                "Dự kiến hoàn thành",
                "Tồn đọng",
                "Trạng thái",
                "Tỉnh/thành phố",
                "Quận/huyện",
                "Nguồn",
            ],
            Lang::En => [
                "As of",
                "Rank",
                "Rank change (7 days)",
                "Code",
                "Name",
                "Parent code",
                "Region",
                "Cumulative",
                "Target",
                "% of target",
                "7-day average",
                "Needed per day",
                "Pace / required (%)",
                "Projected completion",
                "Backlog",
                "Status",
                "Province",
                "District",
                "Source",
            ],
        };
        let text = |s: Option<String>| s.map_or(Cell::Empty, Cell::Text);
        let num = |v: Option<f64>| v.map_or(Cell::Empty, |v| Cell::Num(v, 1));
        let simulated = self.ctx.current().await?.campaign.simulated;
        let source = source_line(lang, date, simulated);
        let directory = self.ctx.units().await?;
        let rows = units
            .into_iter()
            .map(|u| {
                let s = u.standing;
                let p = &s.progress;
                // A district or commune says where it lies, and its province's region.
                let location = Location::of(directory, &s.unit.code);
                vec![
                    Cell::Date(date),
                    u.place.rank.map_or(Cell::Empty, |r| Cell::Int(r.into())),
                    u.place.change.map_or(Cell::Empty, Cell::Int),
                    Cell::Code(s.unit.code),
                    Cell::Text(s.unit.display_name),
                    s.unit.parent.map_or(Cell::Empty, Cell::Code),
                    text(s.region.or(location.region)),
                    Cell::Int(p.cumulative as i64),
                    p.target.map_or(Cell::Empty, |t| Cell::Int(t as i64)),
                    num(p.percent_of_target),
                    num(Some(p.avg7)),
                    p.required_per_day()
                        .map_or(Cell::Empty, |r| Cell::Int(r as i64)),
                    num(pace_vs_required(p)),
                    p.projected_completion.map_or(Cell::Empty, Cell::Date),
                    Cell::Int(s.backlog as i64),
                    Cell::Text(status_label(p.status, lang).to_string()),
                    text(location.province),
                    text(location.district),
                    Cell::Text(source.clone()),
                ]
            })
            .collect();
        // Says what it is, in the scope words of the chart files:
        // xep-hang-thu-nhan-ho-so-quan-huyen-ha-noi-01-2021-06-01
        let scope = match &query.scope {
            Scope::Level(_) => "toan-quoc".to_string(),
            Scope::ChildrenOf(code) | Scope::Within(code, _) => {
                scope_slug(&self.ctx.unit_param("parent", code).await?)
            }
        };
        let stem = format!(
            "xep-hang-{}-{}-{scope}-{date}",
            slug(query.stage.label(Lang::Vi)),
            slug(level_name(query.level, Lang::Vi)),
        );
        Ok(Table {
            title: format!(
                "{} · {} · {}",
                query.stage.label(lang),
                query.measure.label(lang),
                as_of_line(lang, date)
            ),
            sheet: match lang {
                Lang::Vi => "Xếp hạng",
                Lang::En => "Rankings",
            },
            headers: headers.map(str::to_string).to_vec(),
            rows,
            stem,
            source,
        })
    }

    /// A unit's figures per day (`unit`, `date`, `lang`) as a table.
    pub async fn series(&self, params: &HashMap<String, String>) -> Result<Table, ViewError> {
        only_params(params, &["unit", "date", "lang"])?;
        let get = |k: &str| params.get(k).map(String::as_str);
        let lang = lang_param(get("lang"))?;
        let code = get("unit").unwrap_or(NATION_CODE);
        let (unit, date, days) = self.daily_series(code, get("date")).await?;
        let simulated = self.ctx.current().await?.campaign.simulated;
        let source = source_line(lang, date, simulated);
        let mut headers = vec![match lang {
            Lang::Vi => "Ngày".to_string(),
            Lang::En => "Day".to_string(),
        }];
        for stage in Stage::ALL {
            let (day, total) = match lang {
                Lang::Vi => ("trong ngày", "lũy kế"),
                Lang::En => ("on the day", "cumulative"),
            };
            headers.push(format!("{} ({day})", stage.label(lang)));
            headers.push(format!("{} ({total})", stage.label(lang)));
        }
        headers.push(texts(lang).source_column.to_string());
        let rows = days
            .into_iter()
            .map(|(day, per)| {
                let mut row = vec![Cell::Date(day)];
                for stage in Stage::ALL {
                    let (count, cumulative) = per.get(stage);
                    row.push(Cell::Int(*count as i64));
                    row.push(Cell::Int(*cumulative as i64));
                }
                row.push(Cell::Text(source.clone()));
                row
            })
            .collect();
        let place = scope_slug(&unit);
        Ok(Table {
            title: format!("{} · {}", unit.display_name, as_of_line(lang, date)),
            sheet: match lang {
                Lang::Vi => "Theo ngày",
                Lang::En => "Per day",
            },
            headers,
            rows,
            stem: format!("tien-do-theo-ngay-{place}-{date}"),
            source,
        })
    }

    /// A unit's figures per day up to the as-of day: for each day with any
    /// figure, the day's count and the running total of every stage.
    pub async fn daily_series(
        &self,
        code: &str,
        date: Option<&str>,
    ) -> Result<(UnitRef, NaiveDate, Vec<(NaiveDate, PerStage<(u64, u64)>)>), ViewError> {
        let unit = self.ctx.unit_param("unit", code).await?;
        let (cur, day) = self.ctx.as_of(date).await?;
        let all = self.ctx.db.series(cur.campaign.id, &unit.code).await?;
        let mut days: BTreeMap<NaiveDate, PerStage<Option<(u64, u64)>>> = BTreeMap::new();
        for stage in Stage::ALL {
            for t in all.get(stage).iter().filter(|t| t.day <= day) {
                *days
                    .entry(t.day)
                    .or_insert_with(|| PerStage::from_fn(|_| None))
                    .get_mut(stage) = Some((t.count, t.cumulative));
            }
        }
        // Totals are sparse: a stage without a row that day keeps its last total.
        let mut running = PerStage::from_fn(|_| 0u64);
        let rows = days
            .into_iter()
            .map(|(d, per)| {
                let row = PerStage::from_fn(|stage| match per.get(stage) {
                    Some((count, cumulative)) => (*count, *cumulative),
                    None => (0, *running.get(stage)),
                });
                for stage in Stage::ALL {
                    *running.get_mut(stage) = row.get(stage).1;
                }
                (d, row)
            })
            .collect();
        Ok((unit, day, rows))
    }
}
