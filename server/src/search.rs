//! Finding units by name (with or without diacritics) or code, over an index
//! of all 11,368 units kept in memory: units do not change while serving.

use std::collections::HashMap;

use tiendo_core::params::ParamError;
use tiendo_core::search::{fold, match_score};
use tiendo_core::units::{Level, UnitRef};
use tiendo_core::views::SearchHit;

use crate::db::UnitRow;

/// Longest query accepted, in characters.
const MAX_QUERY_CHARS: usize = 100;

struct Entry {
    folded: String,
    hit: SearchHit,
}

/// Every unit, with its folded name and the names of the units it lies in.
pub struct UnitIndex {
    entries: Vec<Entry>,
}

impl UnitIndex {
    /// The units directly below `code`, by name.
    pub fn children(&self, code: &str) -> Vec<UnitRef> {
        let mut units: Vec<(&str, UnitRef)> = self
            .entries
            .iter()
            .filter(|e| e.hit.unit.parent.as_deref() == Some(code))
            .map(|e| (e.folded.as_str(), e.hit.unit.clone()))
            .collect();
        units.sort_by(|a, b| a.0.cmp(b.0));
        units.into_iter().map(|(_, u)| u).collect()
    }

    /// Builds the index from the unit table (parents before children).
    pub fn new(units: Vec<UnitRow>) -> Self {
        let by_code: HashMap<&str, &UnitRow> = units.iter().map(|u| (u.code.as_str(), u)).collect();
        let name_of = |code: Option<&String>| -> Option<&UnitRow> {
            code.and_then(|c| by_code.get(c.as_str()).copied())
        };
        let entries = units
            .iter()
            .filter(|u| u.level != Level::Nation)
            .map(|u| {
                let parent = name_of(u.parent_code.as_ref());
                let (province, district) = match u.level {
                    Level::Commune => (
                        parent
                            .and_then(|d| name_of(d.parent_code.as_ref()))
                            .map(|p| p.name.clone()),
                        parent.map(|d| d.name.clone()),
                    ),
                    Level::District => (parent.map(|p| p.name.clone()), None),
                    _ => (None, None),
                };
                Entry {
                    folded: fold(&u.name),
                    hit: SearchHit {
                        unit: UnitRef {
                            code: u.code.clone(),
                            name: u.name.clone(),
                            level: u.level,
                            parent: u.parent_code.clone(),
                        },
                        full_name: u.full_name.clone(),
                        province,
                        district,
                    },
                }
            })
            .collect();
        UnitIndex { entries }
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
        let bad = |message: String| ParamError {
            field: field.to_string(),
            message,
        };
        if q.is_empty() {
            return Err(bad("type a name or a code".into()));
        }
        if query.chars().count() > MAX_QUERY_CHARS {
            return Err(bad(format!("at most {MAX_QUERY_CHARS} characters")));
        }
        let mut found: Vec<(u32, &Entry)> = self
            .entries
            .iter()
            .filter_map(|e| match_score(&q, &e.folded, &e.hit.unit.code).map(|s| (s, e)))
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

    fn row(code: &str, level: Level, name: &str, parent: Option<&str>) -> UnitRow {
        UnitRow {
            code: code.into(),
            level,
            name: name.into(),
            full_name: name.into(),
            kind: String::new(),
            slug: String::new(),
            parent_code: parent.map(Into::into),
            region: None,
            population: None,
            weight: 1,
        }
    }

    fn index() -> UnitIndex {
        UnitIndex::new(vec![
            row("VN", Level::Nation, "Việt Nam", None),
            row("01", Level::Province, "Hà Nội", Some("VN")),
            row("268", Level::District, "Hà Đông", Some("01")),
            row("09552", Level::Commune, "Hà Cầu", Some("268")),
            row("09556", Level::Commune, "Vạn Phúc", Some("268")),
        ])
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
    fn an_empty_or_huge_query_names_the_parameter() {
        let e = index().search("q", "  - ", 10).unwrap_err();
        assert_eq!(e.field, "q");
        assert!(index().search("q", &"a".repeat(101), 10).is_err());
    }
}
