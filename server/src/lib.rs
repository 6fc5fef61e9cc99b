//! The `tiendo` server: data layer, reference data, simulated campaign,
//! progress queries, charts and the HTTP API.

pub mod charts;
pub mod db;
pub mod demo;
pub mod http;
pub mod progress;
pub mod seed;
