//! `tiendo`: serve the dashboard, migrate the database, load the demo campaign.

#![recursion_limit = "256"]

use std::net::SocketAddr;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use leptos::prelude::*;
use tiendo_server::db::{self, Database};
use tiendo_server::demo::{self, DemoOptions};
use tiendo_server::views::{Budgets, Views};
use tiendo_server::{http, seed};

/// Tiendo: progress of the chip-based citizen ID card campaign.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Database URL: `sqlite://FILE` (created by `migrate` and `demo`) or
    /// `postgres://USER:PASSWORD@HOST:PORT/DATABASE`.
    #[arg(
        long,
        global = true,
        env = "TIENDO_DATABASE_URL",
        default_value = "sqlite://data/tiendo.db"
    )]
    database_url: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the dashboard and the API.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "TIENDO_ADDR", default_value = "127.0.0.1:3000")]
        addr: SocketAddr,
    },
    /// Create or update the database schema and load the reference units.
    Migrate,
    /// Load (replace) the simulated 2021 campaign.
    Demo {
        /// Seed of the simulation.
        #[arg(long, default_value_t = 2021)]
        seed: u64,
        /// Last simulated day (YYYY-MM-DD).
        #[arg(long, default_value = "2021-12-31")]
        until: chrono::NaiveDate,
        /// Store only these provinces (comma-separated GSO codes), for small test databases.
        #[arg(long, value_delimiter = ',')]
        provinces: Option<Vec<String>>,
        /// Do nothing when a campaign is already loaded.
        #[arg(long)]
        if_empty: bool,
    },
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
        .init();
    if let Err(e) = run(Cli::parse()).await {
        eprintln!("tiendo: {e}");
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    // Only `migrate` and `demo` create a SQLite file: `serve` on a mistyped
    // path says so instead of serving an empty database.
    let create = !matches!(cli.command, Command::Serve { .. });
    let db = db::open(&cli.database_url, create).await?;
    db.migrate().await?;
    seed::ensure_reference_data(db.as_ref()).await?;
    match cli.command {
        Command::Migrate => println!("database ready: {}", db::redact(&cli.database_url)),
        Command::Demo {
            seed,
            until,
            provinces,
            if_empty,
        } => {
            if if_empty && db.snapshot().await?.campaign.is_some() {
                println!("a campaign is already loaded; nothing to do");
                return Ok(());
            }
            let started = std::time::Instant::now();
            let summary = demo::load(
                db.as_ref(),
                &DemoOptions {
                    seed,
                    until,
                    provinces,
                },
            )
            .await?;
            println!(
                "loaded the simulated campaign: {} communes x {} days in {:.1} s",
                summary.communes,
                summary.days,
                started.elapsed().as_secs_f64()
            );
        }
        Command::Serve { addr } => serve(db, addr).await?,
    }
    Ok(())
}

async fn serve(db: Arc<dyn Database>, addr: SocketAddr) -> Result<(), Box<dyn std::error::Error>> {
    let site_root = std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into());
    let options = LeptosOptions::builder()
        .output_name("tiendo")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .hash_files(http::hashed_bundle())
        .build();
    if db.snapshot().await?.campaign.is_none() {
        tracing::warn!("no campaign is loaded: pages say so until `tiendo demo` loads one");
    }
    let follower = db.clone();
    tokio::spawn(async move { follower.follow_changes().await });
    let engine = db.engine();
    let app = http::app(Arc::new(Views::new(db, Budgets::default())), options);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("Tiendo listening on http://{addr} ({engine})");
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
