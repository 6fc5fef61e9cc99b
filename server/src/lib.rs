//! The `tiendo` server: the data boundary (`db`) and its change feed
//! (`feed`), reference data and the simulated campaign, the read side
//! (`views`), drawing (`render`), reports in (`intake`), `accounts`, what
//! the UI asks of the server (`site`), HTTP (`http`), and the server
//! watching the campaign and itself (`alerts`, `metrics`, `config`).

#![recursion_limit = "256"]

pub mod accounts;
pub mod alerts;
pub mod cache;
pub mod config;
pub mod db;
pub mod demo;
pub mod feed;
pub mod heavy;
pub mod http;
pub mod intake;
pub mod metrics;
pub mod render;
pub mod seed;
pub mod site;
pub mod views;
