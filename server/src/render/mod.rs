//! Rendering: charts, PDF pages and table files drawn from the figures they
//! are given. Nothing here reads the database.

pub mod charts;
pub mod pdf;
pub mod tables;
