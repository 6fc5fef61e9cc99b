//! The `tiendo` server: data layer, reference data, simulated campaign,
//! progress queries, charts and the HTTP API.

#![recursion_limit = "256"]

pub mod cache;
pub mod charts;
pub mod db;
pub mod demo;
pub mod figures;
pub mod http;
pub mod pdf;
pub mod progress;
pub mod rankings;
pub mod search;
pub mod seed;
