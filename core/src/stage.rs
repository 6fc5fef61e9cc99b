//! The three stages every card passes through.

use serde::{Deserialize, Serialize};

use crate::format::Lang;

/// A stage of a card's life: collected, produced, delivered.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Application collected at a police station or mobile team (thu nhận hồ sơ).
    Applications,
    /// Card produced at the central centre (sản xuất).
    Produced,
    /// Card delivered to the citizen (trả thẻ).
    Delivered,
}

impl Stage {
    /// All stages in pipeline order.
    pub const ALL: [Stage; 3] = [Stage::Applications, Stage::Produced, Stage::Delivered];

    /// Parses the `field` parameter; the error lists the allowed values.
    pub fn parse(field: &str, value: &str) -> Result<Stage, crate::params::ParamError> {
        crate::params::parse_slug(field, value, "stage", &Stage::ALL, Stage::slug)
    }

    /// The identifier used in URLs, JSON and the database.
    pub fn slug(self) -> &'static str {
        match self {
            Stage::Applications => "applications",
            Stage::Produced => "produced",
            Stage::Delivered => "delivered",
        }
    }

    /// Parses a slug as written by [`Stage::slug`].
    pub fn from_slug(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.slug() == s)
    }

    /// The stage's name in the UI language.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Stage::Applications, Lang::Vi) => "Thu nhận hồ sơ",
            (Stage::Produced, Lang::Vi) => "Sản xuất thẻ",
            (Stage::Delivered, Lang::Vi) => "Trả thẻ",
            (Stage::Applications, Lang::En) => "Applications collected",
            (Stage::Produced, Lang::En) => "Cards produced",
            (Stage::Delivered, Lang::En) => "Cards delivered",
        }
    }

    /// Position in the pipeline (0, 1, 2), for arrays indexed by stage.
    pub fn index(self) -> usize {
        self as usize
    }
}
