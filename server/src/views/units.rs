//! Every administrative unit in memory, read once: units do not change while
//! serving, so looking one up, walking up to its province or down to its
//! children, and searching by name (with or without diacritics) or code ask
//! the database nothing.

use std::collections::HashMap;

use tiendo_core::accounts::Actor;
use tiendo_core::params::ParamError;
use tiendo_core::search::{aliases, fold, match_score};
use tiendo_core::units::{Level, Unit, UnitRef};
use tiendo_core::views::SearchHit;

/// Longest query accepted, in characters.
const MAX_QUERY_CHARS: usize = 100;

struct Entry {
    unit: Unit,
    /// Folded short name: what children are ordered by.
    folded: String,
    /// Every folded name a search may find it by: short, shown and official
    /// names ("3", "quan 3") and common aliases ("hcm", "sai gon").
    known_as: Vec<String>,
    hit: SearchHit,
    /// Indexes of the children, by folded name.
    children: Vec<usize>,
}

/// Every unit, by code, with its folded name and the names of the units it lies in.
pub struct Units {
    entries: Vec<Entry>,
    by_code: HashMap<String, usize>,
}

impl Units {
    /// Builds the directory from the unit table (parents before children).
    pub fn new(units: Vec<Unit>) -> Self {
        let by_code: HashMap<String, usize> = units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.code.clone(), i))
            .collect();
        let name_of = |code: Option<&String>| -> Option<&Unit> {
            code.and_then(|c| by_code.get(c.as_str()).map(|&i| &units[i]))
        };
        let mut entries: Vec<Entry> = units
            .iter()
            .map(|u| {
                let parent = name_of(u.parent_code.as_ref());
                let (province, district) = match u.level {
                    Level::Commune => (
                        parent
                            .and_then(|d| name_of(d.parent_code.as_ref()))
                            .map(|p| p.display_name.clone()),
                        parent.map(|d| d.display_name.clone()),
                    ),
                    Level::District => (parent.map(|p| p.display_name.clone()), None),
                    _ => (None, None),
                };
                let mut known_as: Vec<String> = [&u.name, &u.display_name, &u.full_name]
                    .into_iter()
                    .map(|n| fold(n))
                    .chain(aliases(&u.code).iter().map(|a| a.to_string()))
                    .collect();
                known_as.dedup();
                Entry {
                    folded: fold(&u.name),
                    known_as,
                    hit: SearchHit {
                        unit: u.to_ref(),
                        full_name: u.full_name.clone(),
                        province,
                        district,
                    },
                    unit: u.clone(),
                    children: Vec::new(),
                }
            })
            .collect();
        for i in 0..entries.len() {
            if let Some(&p) = entries[i]
                .unit
                .parent_code
                .as_ref()
                .and_then(|c| by_code.get(c))
            {
                entries[p].children.push(i);
            }
        }
        let folded: Vec<String> = entries.iter().map(|e| e.folded.clone()).collect();
        for e in &mut entries {
            e.children.sort_by(|a, b| folded[*a].cmp(&folded[*b]));
        }
        Units { entries, by_code }
    }

    /// The unit with `code`.
    pub fn get(&self, code: &str) -> Option<&Unit> {
        self.by_code.get(code).map(|&i| &self.entries[i].unit)
    }

    /// The unit with `code` as lists show it.
    pub fn unit_ref(&self, code: &str) -> Option<UnitRef> {
        self.by_code
            .get(code)
            .map(|&i| self.entries[i].hit.unit.clone())
    }

    /// The units directly below `code`, by name.
    pub fn children(&self, code: &str) -> Vec<UnitRef> {
        self.by_code.get(code).map_or_else(Vec::new, |&i| {
            self.entries[i]
                .children
                .iter()
                .map(|&c| self.entries[c].hit.unit.clone())
                .collect()
        })
    }

    /// The unit `code` and the units above it, itself first, the nation
    /// last: the one walk up the tree the others are made of.
    fn upwards<'a>(&'a self, code: &str) -> impl Iterator<Item = &'a Unit> {
        std::iter::successors(self.get(code), |u| {
            u.parent_code.as_deref().and_then(|p| self.get(p))
        })
    }

    /// The units above `code`, the nation first.
    pub fn ancestors(&self, code: &str) -> Vec<UnitRef> {
        let mut path: Vec<UnitRef> = self.upwards(code).skip(1).map(Unit::to_ref).collect();
        path.reverse();
        path
    }

    /// The codes from the nation down to `code`, itself included (empty
    /// for an unknown code); borrowed, for checks run on every line of a batch.
    pub fn path(&self, code: &str) -> Vec<&str> {
        let mut path: Vec<&str> = self.upwards(code).map(|u| u.code.as_str()).collect();
        path.reverse();
        path
    }

    /// Whether `code` lies inside `ancestor` (a unit does not lie inside itself).
    pub fn lies_within(&self, code: &str, ancestor: &str) -> bool {
        self.upwards(code).skip(1).any(|u| u.code == ancestor)
    }

    /// The communes `actor` may submit figures for, parents' order.
    pub fn communes_of<'a>(&'a self, actor: &'a Actor) -> impl Iterator<Item = &'a Unit> {
        self.all()
            .filter(|u| u.level == Level::Commune)
            .filter(|u| actor.may_submit(&self.path(&u.code)))
    }

    /// Every unit, parents before children.
    pub fn all(&self) -> impl Iterator<Item = &Unit> {
        self.entries.iter().map(|e| &e.unit)
    }

    /// Up to `limit` units matching `query`, best first (provinces before
    /// districts before communes when equally good); `field` names the parameter in errors.
    pub fn search(
        &self,
        field: &str,
        query: &str,
        limit: usize,
    ) -> Result<Vec<SearchHit>, ParamError> {
        let q = fold(query);
        if q.is_empty() {
            return Err(ParamError::new(
                field,
                "type a name or a code",
                "nhập tên hoặc mã đơn vị",
            ));
        }
        if query.chars().count() > MAX_QUERY_CHARS {
            return Err(ParamError::new(
                field,
                format!("at most {MAX_QUERY_CHARS} characters"),
                format!("tối đa {MAX_QUERY_CHARS} ký tự"),
            ));
        }
        let mut found: Vec<(u32, &Entry)> = self
            .entries
            .iter()
            .filter(|e| e.unit.level != Level::Nation)
            .filter_map(|e| {
                e.known_as
                    .iter()
                    .filter_map(|name| match_score(&q, name, &e.hit.unit.code))
                    .max()
                    .map(|s| (s, e))
            })
            .collect();
        found.sort_by(|(sa, a), (sb, b)| {
            sb.cmp(sa)
                .then(a.hit.unit.level.cmp(&b.hit.unit.level))
                .then_with(|| a.hit.unit.code.cmp(&b.hit.unit.code))
        });
        Ok(found
            .into_iter()
            .take(limit)
            .map(|(_, e)| e.hit.clone())
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str, level: Level, name: &str, parent: Option<&str>) -> Unit {
        let kind = match level {
            Level::Province => "thanh-pho",
            Level::District => "quan",
            _ => "phuong",
        };
        Unit {
            code: code.into(),
            level,
            name: name.into(),
            display_name: String::new(),
            full_name: name.into(),
            kind: kind.into(),
            slug: String::new(),
            parent_code: parent.map(Into::into),
            region: None,
            population: None,
            weight: 1,
        }
    }

    fn index() -> Units {
        let mut units = vec![
            row("VN", Level::Nation, "Việt Nam", None),
            row("01", Level::Province, "Hà Nội", Some("VN")),
            row("268", Level::District, "Hà Đông", Some("01")),
            row("09552", Level::Commune, "Hà Cầu", Some("268")),
            row("09556", Level::Commune, "Vạn Phúc", Some("268")),
            row("79", Level::Province, "Hồ Chí Minh", Some("VN")),
            row("760", Level::District, "1", Some("79")),
            row("761", Level::District, "12", Some("79")),
            row("770", Level::District, "3", Some("79")),
            row("26740", Level::Commune, "Tân Định", Some("760")),
            row("27139", Level::Commune, "1", Some("770")),
        ];
        units[9].full_name = "Phường Tân Định".into();
        tiendo_core::units::fill_display_names(&mut units);
        Units::new(units)
    }

    #[test]
    fn finds_what_people_type() {
        let first = |q: &str| index().search("q", q, 10).unwrap()[0].unit.code.clone();
        assert_eq!(first("quan 1"), "760");
        assert_eq!(first("Quận 3"), "770");
        assert_eq!(first("phuong 1"), "27139");
        assert_eq!(first("phuong tan dinh"), "26740");
        for q in [
            "hcm",
            "tp hcm",
            "TP HCM",
            "sai gon",
            "Sài Gòn",
            "tp ho chi minh",
        ] {
            assert_eq!(first(q), "79", "{q}");
        }
        let hit = &index().search("q", "phuong 1", 1).unwrap()[0];
        assert_eq!(hit.unit.display_name, "Phường 1");
        assert_eq!(hit.district.as_deref(), Some("Quận 3"));
        assert_eq!(hit.province.as_deref(), Some("TP Hồ Chí Minh"));
    }

    #[test]
    fn finds_units_without_diacritics_and_says_where_they_lie() {
        let hits = index().search("q", "ha dong", 10).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].unit.name, "Hà Đông");
        assert_eq!(hits[0].province.as_deref(), Some("Hà Nội"));
        let hits = index().search("q", "Van Phuc", 10).unwrap();
        assert_eq!(hits[0].district.as_deref(), Some("Hà Đông"));
        assert_eq!(hits[0].province.as_deref(), Some("Hà Nội"));
    }

    #[test]
    fn better_and_higher_units_come_first() {
        let hits = index().search("q", "ha", 10).unwrap();
        let codes: Vec<&str> = hits.iter().map(|h| h.unit.code.as_str()).collect();
        assert_eq!(codes, ["01", "268", "09552"]);
        let hits = index().search("q", "0955", 1).unwrap();
        assert_eq!(hits.len(), 1, "limited");
    }

    #[test]
    fn walks_up_and_down_the_tree() {
        let units = index();
        let names = |v: Vec<UnitRef>| v.into_iter().map(|u| u.name).collect::<Vec<_>>();
        assert_eq!(
            names(units.ancestors("09556")),
            ["Việt Nam", "Hà Nội", "Hà Đông"]
        );
        assert_eq!(names(units.children("268")), ["Hà Cầu", "Vạn Phúc"]);
        assert_eq!(units.get("01").unwrap().name, "Hà Nội");
        assert!(units.lies_within("09556", "01") && units.lies_within("09556", "268"));
        assert!(!units.lies_within("09556", "79") && !units.lies_within("01", "01"));
        assert!(units.get("99").is_none());
        assert!(units.ancestors("VN").is_empty());
        assert_eq!(units.path("09556"), ["VN", "01", "268", "09556"]);
        assert_eq!(units.path("VN"), ["VN"]);
        assert!(units.path("99").is_empty());
    }

    #[test]
    fn an_empty_or_huge_query_names_the_parameter() {
        let e = index().search("q", "  - ", 10).unwrap_err();
        assert_eq!(e.field, "q");
        assert!(index().search("q", &"a".repeat(101), 10).is_err());
    }
}
