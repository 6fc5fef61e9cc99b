//! Administrative units: the nation, 63 provinces, 705 districts, 10,599 communes.

use serde::{Deserialize, Serialize};

/// The code the nation goes by in URLs, the API and the database.
pub const NATION_CODE: &str = "VN";

/// A level of the administrative tree.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The whole country.
    Nation,
    /// Province or centrally-run city (tỉnh, thành phố).
    Province,
    /// District, town or provincial city (quận, huyện, thị xã, thành phố).
    District,
    /// Commune, ward or township (xã, phường, thị trấn).
    Commune,
}

impl Level {
    /// The identifier used in URLs, JSON and the database.
    pub fn slug(self) -> &'static str {
        match self {
            Level::Nation => "nation",
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
        }
    }

    /// The level of this level's units' children (`None` for communes).
    pub fn child(self) -> Option<Level> {
        match self {
            Level::Nation => Some(Level::Province),
            Level::Province => Some(Level::District),
            Level::District => Some(Level::Commune),
            Level::Commune => None,
        }
    }

    /// Parses a slug as written by [`Level::slug`].
    pub fn from_slug(s: &str) -> Option<Level> {
        [
            Level::Nation,
            Level::Province,
            Level::District,
            Level::Commune,
        ]
        .into_iter()
        .find(|l| l.slug() == s)
    }
}

/// A unit as shown in lists and API answers.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitRef {
    /// GSO code (2 digits province, 3 district, 5 commune) or `VN`.
    pub code: String,
    /// Short name, e.g. "Hà Nội", "3".
    pub name: String,
    /// The name as pages, charts and tables show it, e.g. "Quận 3" ([`display_name`]).
    pub display_name: String,
    /// Level in the tree.
    pub level: Level,
    /// Code of the parent unit; `None` for the nation.
    pub parent: Option<String>,
}

/// The page of a unit: `/p/`, `/d/` or `/c/` + code (the nation: `/`).
pub fn unit_path(level: Level, code: &str) -> String {
    let prefix = match level {
        Level::Nation => return "/".to_string(),
        Level::Province => "p",
        Level::District => "d",
        Level::Commune => "c",
    };
    format!("/{prefix}/{code}")
}

/// A unit as stored, with what seeding, search and allocation need.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    /// GSO code or `VN`.
    pub code: String,
    /// Level in the tree.
    pub level: Level,
    /// Short name.
    pub name: String,
    /// Shown name ([`display_name`]); empty until [`fill_display_names`] ran.
    pub display_name: String,
    /// Official full name.
    pub full_name: String,
    /// Kind (tinh, quan, xa...).
    pub kind: String,
    /// Name without diacritics, hyphenated.
    pub slug: String,
    /// Parent code; `None` for the nation.
    pub parent_code: Option<String>,
    /// Region (provinces).
    pub region: Option<String>,
    /// Population (provinces and nation).
    pub population: Option<i64>,
    /// Allocation weight among siblings.
    pub weight: i64,
}

impl Unit {
    /// The unit as lists and API answers show it.
    pub fn to_ref(&self) -> UnitRef {
        UnitRef {
            code: self.code.clone(),
            name: self.name.clone(),
            display_name: self.display_name.clone(),
            level: self.level,
            parent: self.parent_code.clone(),
        }
    }
}

/// The name a unit is shown by: its short name, with its kind in front where
/// the short name alone misleads. A number is no name ("3" → "Quận 3",
/// "1" → "Phường 1"); a name that repeats its parent's reads as the parent
/// ("Thanh Hóa" in Thanh Hóa → "TP Thanh Hóa"); and the bare "Hồ Chí Minh" is
/// the man, so the city is "TP Hồ Chí Minh", as press and people write it.
pub fn display_name(unit: &Unit, parent_name: Option<&str>) -> String {
    let numeric = unit.name.chars().all(|c| c.is_ascii_digit());
    let repeats_parent = parent_name == Some(unit.name.as_str());
    let named_after_a_person = unit.level == Level::Province && unit.name == "Hồ Chí Minh";
    if !(numeric || repeats_parent || named_after_a_person) {
        return unit.name.clone();
    }
    // Abbreviations as Vietnamese signs and papers write them; the short
    // kinds are spelled out.
    let kind = match unit.kind.as_str() {
        "thanh-pho" => "TP",
        "thi-xa" => "TX",
        "thi-tran" => "TT",
        "quan" => "Quận",
        "huyen" => "Huyện",
        "phuong" => "Phường",
        "xa" => "Xã",
        "tinh" => "Tỉnh",
        _ => return unit.name.clone(),
    };
    format!("{kind} {}", unit.name)
}

/// Sets every unit's [`Unit::display_name`]; parents may come in any order.
pub fn fill_display_names(units: &mut [Unit]) {
    let names: std::collections::HashMap<String, String> = units
        .iter()
        .map(|u| (u.code.clone(), u.name.clone()))
        .collect();
    for u in units.iter_mut() {
        let parent = u.parent_code.as_ref().and_then(|p| names.get(p));
        u.display_name = display_name(u, parent.map(String::as_str));
    }
}

/// A set of units ranked together.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The children of one unit.
    ChildrenOf(String),
    /// Every unit of one level, nationwide.
    Level(Level),
    /// Every unit of a level inside one unit: all communes of a province.
    Within(String, Level),
}

/// Weight of a commune in target allocation below province level.
///
/// GSO publishes no commune populations with the unit list, so targets below a
/// province are split by this documented proxy (docs/DATA.md): an urban ward
/// (phường) counts 1.5, a township (thị trấn) 1.2, a rural commune (xã) 1.0,
/// scaled by 10 to stay in whole numbers.
pub fn commune_weight(kind: &str) -> u64 {
    match kind {
        "phuong" => 15,
        "thi-tran" => 12,
        _ => 10,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(code: &str, level: Level, name: &str, kind: &str, parent: Option<&str>) -> Unit {
        Unit {
            code: code.into(),
            level,
            name: name.into(),
            display_name: String::new(),
            full_name: String::new(),
            kind: kind.into(),
            slug: String::new(),
            parent_code: parent.map(Into::into),
            region: None,
            population: None,
            weight: 0,
        }
    }

    #[test]
    fn names_that_mislead_alone_carry_their_kind() {
        let mut units = vec![
            unit("VN", Level::Nation, "Toàn quốc", "quoc-gia", None),
            unit("38", Level::Province, "Thanh Hóa", "tinh", Some("VN")),
            unit("380", Level::District, "Thanh Hóa", "thanh-pho", Some("38")),
            unit(
                "79",
                Level::Province,
                "Hồ Chí Minh",
                "thanh-pho",
                Some("VN"),
            ),
            unit("770", Level::District, "3", "quan", Some("79")),
            unit("27139", Level::Commune, "1", "phuong", Some("770")),
            unit("01", Level::Province, "Hà Nội", "thanh-pho", Some("VN")),
            unit("268", Level::District, "Hà Đông", "quan", Some("01")),
            unit("00376", Level::Commune, "Sóc Sơn", "thi-tran", Some("016")),
            unit("016", Level::District, "Sóc Sơn", "huyen", Some("01")),
        ];
        fill_display_names(&mut units);
        let shown: Vec<&str> = units.iter().map(|u| u.display_name.as_str()).collect();
        assert_eq!(
            shown,
            [
                "Toàn quốc",
                "Thanh Hóa",
                "TP Thanh Hóa",
                "TP Hồ Chí Minh",
                "Quận 3",
                "Phường 1",
                "Hà Nội",
                "Hà Đông",
                "TT Sóc Sơn",
                "Sóc Sơn",
            ]
        );
    }

    #[test]
    fn each_level_has_its_page() {
        assert_eq!(unit_path(Level::Nation, "VN"), "/");
        assert_eq!(unit_path(Level::Province, "79"), "/p/79");
        assert_eq!(unit_path(Level::District, "268"), "/d/268");
        assert_eq!(unit_path(Level::Commune, "00001"), "/c/00001");
    }
}
