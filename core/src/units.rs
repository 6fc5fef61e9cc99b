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
    /// Short name, e.g. "Hà Nội".
    pub name: String,
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
            level: self.level,
            parent: self.parent_code.clone(),
        }
    }
}

/// A set of units ranked together.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The children of one unit.
    ChildrenOf(String),
    /// Every unit of one level, nationwide.
    Level(Level),
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

    #[test]
    fn each_level_has_its_page() {
        assert_eq!(unit_path(Level::Nation, "VN"), "/");
        assert_eq!(unit_path(Level::Province, "79"), "/p/79");
        assert_eq!(unit_path(Level::District, "268"), "/d/268");
        assert_eq!(unit_path(Level::Commune, "00001"), "/c/00001");
    }
}
