//! One module per page.

pub mod briefing;
pub mod charts;
pub mod map;
pub mod not_found;
pub mod overview;
pub mod rankings;
pub mod search;
pub mod unit;
