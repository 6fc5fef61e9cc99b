//! `tiendo`: serve the dashboard, migrate the database, load the demo campaign.

#![recursion_limit = "256"]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use leptos::prelude::*;
use std::time::Duration;
use tiendo_core::Lang;
use tiendo_core::accounts::Role;
use tiendo_core::intake::Channel;
use tiendo_server::accounts::Accounts;
use tiendo_server::accounts::sessions::DbStore;

use tiendo_server::alerts;
use tiendo_server::config::{Config, LogFormat};
use tiendo_server::db::{self, Database};
use tiendo_server::demo::{self, DemoOptions};
use tiendo_server::intake::{Intake, IntakeError, files};
use tiendo_server::site::Site;
use tiendo_server::views::Context;
use tiendo_server::{http, seed};

/// Tiendo: progress of the chip-based citizen ID card campaign.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// A TOML configuration file (docs/tiendo.example.toml lists every key);
    /// `TIENDO_*` environment variables override it, flags override both.
    #[arg(long, global = true, env = "TIENDO_CONFIG")]
    config: Option<PathBuf>,
    /// Database URL: `sqlite://FILE` (created by `migrate` and `demo`) or
    /// `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (default
    /// `sqlite://data/tiendo.db`; also `TIENDO_DATABASE_URL`).
    #[arg(long, global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the dashboard and the API.
    Serve {
        /// Address to listen on (default 127.0.0.1:3000; also `TIENDO_ADDR`).
        #[arg(long)]
        addr: Option<SocketAddr>,
        /// Whether the dashboard can be read without signing in (default true).
        #[arg(long, action = clap::ArgAction::Set)]
        public_read: Option<bool>,
        /// Browsers reach the server over TLS (a proxy in front): cookies are `Secure`.
        #[arg(long)]
        behind_tls: bool,
    },
    /// Manage accounts: `user add NAME --role ROLE --unit CODE` (password on stdin).
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Manage API tokens: `token add NAME` prints a new token as its last line.
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Record the figures of a CSV or XLSX report file, all or nothing.
    Import {
        /// The file (the template of the reporting page).
        file: std::path::PathBuf,
        /// The account the figures are sent as (its scope applies).
        #[arg(long = "as")]
        account: String,
        /// Record figures far from the units' history too.
        #[arg(long)]
        confirm_warnings: bool,
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

#[derive(Subcommand)]
enum UserAction {
    /// Create an account; its password is read from the first line of stdin.
    Add {
        /// Sign-in name.
        name: String,
        /// ministry, commander, reporter, public-affairs or admin.
        #[arg(long)]
        role: String,
        /// The unit the role is scoped to (`VN` for national roles).
        #[arg(long)]
        unit: String,
    },
    /// Disable an account: it can no longer sign in or use its tokens.
    Disable {
        /// Sign-in name.
        name: String,
    },
    /// Enable a disabled account.
    Enable {
        /// Sign-in name.
        name: String,
    },
}

#[derive(Subcommand)]
enum TokenAction {
    /// Issue an API token acting as the account; prints it (once) as the last line.
    Add {
        /// The account's name.
        name: String,
        /// What the token is for.
        #[arg(long, default_value = "API")]
        label: String,
    },
}

fn main() {
    // Caches fill and empty as the figures change, on many threads; glibc
    // gives each thread an arena of its own and keeps what they freed (450
    // MB resident after a crawl of every page and day). Two arenas keep the
    // server within its budget; set before any thread starts.
    // SAFETY: mallopt only tunes the allocator, called before other threads exist.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("the async runtime starts")
        .block_on(start());
}

async fn start() {
    let cli = Cli::parse();
    let config = match Config::load(cli.config.as_deref(), std::env::vars()) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("tiendo: {e}");
            std::process::exit(2);
        }
    };
    logs(config.log_format);
    if let Err(e) = run(cli, config).await {
        eprintln!("tiendo: {e}");
        std::process::exit(1);
    }
}

/// Log lines to stderr, readable or one JSON object each; `RUST_LOG` filters.
fn logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn".into());
    // Colours only for a terminal: a log file or collector gets plain text.
    let lines = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => lines.init(),
        LogFormat::Json => lines
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}

async fn run(cli: Cli, mut config: Config) -> Result<(), Box<dyn std::error::Error>> {
    if let Some(url) = cli.database_url {
        config.database_url = url;
    }
    // Only `migrate` and `demo` create a SQLite file: `serve` on a mistyped
    // path says so instead of serving an empty database.
    let create = matches!(cli.command, Command::Migrate | Command::Demo { .. });
    let db = db::open(&config.database_url, create).await?;
    db.migrate().await?;
    seed::ensure_reference_data(db.as_ref()).await?;
    match cli.command {
        Command::Migrate => println!("database ready: {}", db::redact(&config.database_url)),
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
        Command::Serve {
            addr,
            public_read,
            behind_tls,
        } => {
            if let Some(addr) = addr {
                config.addr = addr;
            }
            if let Some(public_read) = public_read {
                config.public_read = public_read;
            }
            config.behind_tls |= behind_tls;
            serve(db, config).await?
        }
        Command::User { action } => {
            let accounts = Accounts::new(Arc::new(Context::new(db)));
            match action {
                UserAction::Add { name, role, unit } => {
                    let role = Role::parse("--role", &role)?;
                    let mut password = String::new();
                    std::io::stdin().read_line(&mut password)?;
                    let password = password.trim_end_matches(['\r', '\n']);
                    let account = accounts.create(None, &name, password, role, &unit).await?;
                    println!(
                        "account '{}' created: {} of {}",
                        account.name,
                        account.role.slug(),
                        account.unit
                    );
                }
                UserAction::Disable { name } => {
                    accounts.set_disabled(None, &name, true).await?;
                    println!("account '{name}' disabled");
                }
                UserAction::Enable { name } => {
                    accounts.set_disabled(None, &name, false).await?;
                    println!("account '{name}' enabled");
                }
            }
        }
        Command::Token {
            action: TokenAction::Add { name, label },
        } => {
            let accounts = Accounts::new(Arc::new(Context::new(db)));
            let token = accounts.issue_token(None, &name, &label).await?;
            eprintln!("a token for '{name}'; it is shown only now:");
            println!("{token}");
        }
        Command::Import {
            file,
            account,
            confirm_warnings,
        } => import(db, &file, &account, confirm_warnings).await?,
    }
    Ok(())
}

/// `tiendo import`: a report file recorded as `account`, all or nothing.
async fn import(
    db: Arc<dyn Database>,
    file: &std::path::Path,
    account: &str,
    confirmed: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let ctx = Arc::new(Context::new(db.clone()));
    let (found, _) = db
        .account_by_name(account)
        .await?
        .filter(|(a, _)| !a.disabled)
        .ok_or_else(|| format!("--as: no enabled account is named '{account}'"))?;
    let lines = if file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        files::read_xlsx(&bytes)
    } else {
        files::read_csv(&bytes)
    };
    let report = |problems: &[tiendo_core::intake::Problem]| {
        for p in problems {
            eprintln!("{}", p.message(Lang::En));
        }
    };
    let lines = match lines {
        Ok(lines) => lines,
        Err(problems) => {
            report(&problems);
            return Err("the file cannot be read; nothing was written".into());
        }
    };
    match Intake::new(ctx)
        .submit(&found.actor(), Channel::Cli, lines.into(), confirmed)
        .await
    {
        Ok((version, written)) => {
            println!(
                "recorded {} figures from {} (data version {version})",
                written.len(),
                file.display()
            );
            Ok(())
        }
        Err(e) => {
            if let IntakeError::Invalid(p)
            | IntakeError::Unconfirmed(p)
            | IntakeError::Forbidden(p) = &e
            {
                report(p);
            }
            let hint = if matches!(e, IntakeError::Unconfirmed(_)) {
                " (--confirm-warnings records them if they are right)"
            } else {
                ""
            };
            Err(format!("{e}{hint}; nothing was written").into())
        }
    }
}

/// `tiendo serve`: the site, the alert monitor and the webhook worker,
/// until SIGTERM or Ctrl-C; then in-flight requests (writes among them) get
/// `shutdown_seconds` to finish, live streams end, and the process exits.
async fn serve(db: Arc<dyn Database>, config: Config) -> Result<(), Box<dyn std::error::Error>> {
    let addr = config.addr;
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
    tokio::spawn(DbStore::new(db.clone()).delete_expired_hourly());
    let engine = db.engine();
    let site = Arc::new(Site::new(db.clone(), config.budgets()));
    alerts::start(&site.views, &config.alerts, &config.webhook);
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let settings = http::Settings::from_config(&config, stopping)?;
    let app = http::app(site, options, settings.clone());
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(
        "Tiendo listening on http://{addr} ({engine}, public read {})",
        settings.public_read
    );
    let server = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        tracing::info!("stopping: no new connections; finishing the requests under way");
        // Live streams end now, or they would hold the shutdown open.
        let _ = stop.send(true);
    });
    let mut server = tokio::spawn(async move { server.await });
    let bound = Duration::from_secs(config.shutdown_seconds);
    let mut stopped = settings.stopping.clone();
    tokio::select! {
        result = &mut server => result??,
        _ = async {
            let _ = stopped.wait_for(|s| *s).await;
            tokio::time::sleep(bound).await;
        } => {
            tracing::warn!(seconds = config.shutdown_seconds, "requests still running after the shutdown bound; exiting");
        }
    }
    Ok(())
}

/// SIGTERM (a service manager, a container stop) or Ctrl-C.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {}
        _ = terminate => {}
    }
}
