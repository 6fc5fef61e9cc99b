//! Tiendo's domain: what the campaign measures and how progress is judged.
//! Pure code shared by the server and the browser bundle; no I/O here.

pub mod accounts;
pub mod alerts;
pub mod allocation;
pub mod alt_text;
pub mod campaign;
pub mod choropleth;
pub mod figure;
pub mod format;
pub mod i18n;
pub mod intake;
pub mod overview;
pub mod params;
pub mod progress;
pub mod rankings;
pub mod reports;
pub mod search;
pub mod stage;
pub mod standings;
pub mod units;
pub mod views;

pub use format::Lang;
pub use stage::Stage;
pub use units::Level;
