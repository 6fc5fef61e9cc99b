//! Widgets shared by pages.

pub mod chart;
pub mod kpi;
pub mod province_table;
