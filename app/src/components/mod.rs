//! Widgets shared by pages.

pub mod alerts;
pub mod changes;
pub mod chart;
pub mod controls;
pub mod date_field;
pub mod downloads;
pub mod error_box;
pub mod kpi;
pub mod nav;
pub mod page;
pub mod progress_panel;
pub mod province_table;
pub mod ranking_table;
pub mod scroll;
