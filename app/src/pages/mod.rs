//! One module per page.

pub mod admin;
pub mod alerts;
pub mod briefing;
pub mod charts;
pub mod map;
pub mod not_found;
pub mod overview;
pub mod rankings;
pub mod report;
pub mod search;
pub mod sign_in;
pub mod unit;
pub mod upload;
