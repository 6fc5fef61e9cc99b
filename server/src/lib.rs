//! The `tiendo` server: the data boundary (`db`) and its change feed
//! (`feed`), reference data and the simulated campaign, the read side
//! (`views`), drawing (`render`) and HTTP (`http`).

#![recursion_limit = "256"]

pub mod cache;
pub mod db;
pub mod demo;
pub mod feed;
pub mod heavy;
pub mod http;
pub mod render;
pub mod seed;
pub mod views;
