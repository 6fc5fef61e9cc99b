//! How the server is run: a TOML file (`--config`, `TIENDO_CONFIG`), then
//! environment variables named after its keys (`TIENDO_PUBLIC_READ`,
//! `TIENDO_ALERTS_SILENT_DAYS`, `TIENDO_CACHE_RESPONSES_MB`…), then
//! command-line flags. A key nobody knows, or a bad value, stops the start
//! with a message that names it. `docs/tiendo.example.toml` lists them all.

use std::net::SocketAddr;
use std::path::Path;

use serde::Deserialize;
use tiendo_core::alerts::Thresholds;

/// Why the configuration cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(String);

/// Everything the server reads at start.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Where to listen.
    pub addr: SocketAddr,
    /// `sqlite://FILE` or `postgres://…`.
    pub database_url: String,
    /// Whether the dashboard can be read without signing in.
    pub public_read: bool,
    /// Browsers reach the server over TLS (a proxy in front): cookies are `Secure`.
    pub behind_tls: bool,
    /// The address people reach the dashboard at (`https://tiendo.example.vn`):
    /// link previews name their picture by it. Unset, the picture's path alone.
    pub public_url: Option<String>,
    /// Signs session cookies (at least 32 characters; the same on every app
    /// server). Sessions live in the database either way; unset, cookies
    /// carry only their random id.
    pub session_key: Option<String>,
    /// `text` or `json` log lines.
    pub log_format: LogFormat,
    /// Seconds in-flight requests get to finish after SIGTERM or Ctrl-C.
    pub shutdown_seconds: u64,
    /// Seconds a request may take before it is answered 503 (live streams excepted).
    pub request_timeout_seconds: u64,
    /// Where alert notifications go.
    pub webhook: Webhook,
    /// When units are alerted on.
    pub alerts: Alerts,
    /// Memory for kept answers and views.
    pub cache: Cache,
}

/// The log's format.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One readable line per event.
    Text,
    /// One JSON object per event.
    Json,
}

/// The webhook of alert notifications.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Webhook {
    /// Receives each new and resolved alert as JSON; none when empty.
    pub url: Option<String>,
    /// Seconds a delivery may take before it counts as failed.
    pub timeout_seconds: u64,
}

/// Alert settings.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Alerts {
    /// The hour (Vietnam time, 0-23) of the daily evaluation.
    pub daily_hour: u32,
    /// A unit is behind when its % of target is more than this many points under the straight trajectory.
    pub behind_points: f64,
    /// A commune is silent after this many days without an applications report.
    pub silent_days: u32,
    /// A day's count is an anomaly beyond this many robust deviations above the median of the unit's last 28 days.
    pub anomaly_deviations: f64,
    /// A province's reporting is low under this % of its communes reporting on the day.
    pub completeness_percent: f64,
}

/// Cache budgets, in megabytes.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Cache {
    /// Whole answers (pages, API, files).
    pub responses_mb: u64,
    /// Standings' inputs.
    pub standings_mb: u64,
    /// Rendered views.
    pub views_mb: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            database_url: "sqlite://data/tiendo.db".into(),
            public_read: true,
            behind_tls: false,
            public_url: None,
            session_key: None,
            log_format: LogFormat::Text,
            shutdown_seconds: 30,
            request_timeout_seconds: 30,
            webhook: Webhook::default(),
            alerts: Alerts::default(),
            cache: Cache::default(),
        }
    }
}

impl Default for Webhook {
    fn default() -> Self {
        Webhook {
            url: None,
            timeout_seconds: 5,
        }
    }
}

impl Default for Alerts {
    fn default() -> Self {
        let t = Thresholds::default();
        Alerts {
            daily_hour: 7,
            behind_points: t.behind_points,
            silent_days: t.silent_days,
            anomaly_deviations: t.anomaly_deviations,
            completeness_percent: t.completeness_percent,
        }
    }
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            responses_mb: 64,
            standings_mb: 32,
            views_mb: 32,
        }
    }
}

impl Alerts {
    /// The rules' thresholds.
    pub fn thresholds(&self) -> Thresholds {
        Thresholds {
            behind_points: self.behind_points,
            silent_days: self.silent_days,
            anomaly_deviations: self.anomaly_deviations,
            completeness_percent: self.completeness_percent,
        }
    }
}

impl Config {
    /// The views' cache budgets, in bytes.
    pub fn budgets(&self) -> crate::views::Budgets {
        crate::views::Budgets {
            standings: self.cache.standings_mb << 20,
            views: self.cache.views_mb << 20,
        }
    }
}

/// The prefix of every environment variable read.
const ENV_PREFIX: &str = "TIENDO_";
/// Variables that are not configuration keys: the file's path, and the
/// test scripts' own (`TIENDO_TEST_…`, `TIENDO_E2E_…`, `TIENDO_URL`).
fn not_a_key(name: &str) -> bool {
    matches!(name, "TIENDO_CONFIG" | "TIENDO_URL")
        || name.starts_with("TIENDO_TEST_")
        || name.starts_with("TIENDO_E2E_")
}

impl Config {
    /// The file at `path` (if any), overridden by `env` (name, value) pairs.
    pub fn load(
        path: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config, ConfigError> {
        let mut table = match path {
            None => toml::Table::new(),
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .map_err(|e| ConfigError(format!("{}: {e}", p.display())))?;
                text.parse::<toml::Table>()
                    .map_err(|e| ConfigError(format!("{}: {e}", p.display())))?
            }
        };
        for (name, value) in env {
            let Some(key) = name.strip_prefix(ENV_PREFIX) else {
                continue;
            };
            if not_a_key(&name) || key.is_empty() {
                continue;
            }
            set_from_env(&mut table, &name, &key.to_lowercase(), &value)?;
        }
        // The path to the value at fault: "alerts.silent_days: invalid type…".
        let mut config: Config = serde_path_to_error::deserialize(toml::Value::Table(table))
            .map_err(|e| match e.path().to_string().as_str() {
                "." => ConfigError(e.inner().message().to_string()),
                path => ConfigError(format!("{path}: {}", e.inner().message())),
            })?;
        config.public_url = config
            .public_url
            .map(|u| u.trim().trim_end_matches('/').to_string())
            .filter(|u| !u.is_empty());
        // An empty URL means none, as the example file says.
        if config
            .webhook
            .url
            .as_deref()
            .is_some_and(|u| u.trim().is_empty())
        {
            config.webhook.url = None;
        }
        config.check()?;
        Ok(config)
    }

    /// Values of the right type but outside what makes sense.
    fn check(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, why: &str| Err(ConfigError(format!("{key}: {why}")));
        let a = &self.alerts;
        if a.daily_hour > 23 {
            return bad("alerts.daily_hour", "an hour from 0 to 23");
        }
        if !(a.behind_points > 0.0 && a.behind_points <= 100.0) {
            return bad("alerts.behind_points", "more than 0 and at most 100");
        }
        if a.silent_days == 0 {
            return bad("alerts.silent_days", "at least 1");
        }
        if !(a.anomaly_deviations > 0.0) {
            return bad("alerts.anomaly_deviations", "more than 0");
        }
        if !(a.completeness_percent > 0.0 && a.completeness_percent <= 100.0) {
            return bad("alerts.completeness_percent", "more than 0 and at most 100");
        }
        for (key, mb) in [
            ("cache.responses_mb", self.cache.responses_mb),
            ("cache.standings_mb", self.cache.standings_mb),
            ("cache.views_mb", self.cache.views_mb),
        ] {
            if mb == 0 || mb > 16_384 {
                return bad(key, "from 1 to 16384 megabytes");
            }
        }
        if self.shutdown_seconds == 0 || self.request_timeout_seconds == 0 {
            return bad(
                "shutdown_seconds / request_timeout_seconds",
                "at least 1 second",
            );
        }
        if self
            .session_key
            .as_ref()
            .is_some_and(|k| k.chars().count() < 32)
        {
            return bad("session_key", "at least 32 characters");
        }
        if let Some(url) = &self.webhook.url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return bad("webhook.url", "an http:// or https:// URL");
        }
        if let Some(url) = &self.public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return bad("public_url", "an http:// or https:// URL");
        }
        Ok(())
    }
}

/// Sets the key an environment variable names: `TIENDO_ALERTS_SILENT_DAYS`
/// is `alerts.silent_days` when `alerts` is a section, else the top-level
/// `alerts_silent_days` (which then fails as unknown, naming the variable).
fn set_from_env(
    table: &mut toml::Table,
    name: &str,
    key: &str,
    value: &str,
) -> Result<(), ConfigError> {
    // A value as TOML when it reads as one (true, 7, 6.5), else as text.
    let parsed = format!("v = {value}")
        .parse::<toml::Table>()
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| toml::Value::String(value.to_string()));
    for section in ["webhook", "alerts", "cache"] {
        if let Some(field) = key.strip_prefix(&format!("{section}_")) {
            let entry = table
                .entry(section)
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            let toml::Value::Table(sub) = entry else {
                return Err(ConfigError(format!(
                    "{section}: must be a section ({name})"
                )));
            };
            // A URL stays text even when it would read as something else.
            let value = if field == "url" {
                toml::Value::String(value.to_string())
            } else {
                parsed
            };
            sub.insert(field.to_string(), value);
            return Ok(());
        }
    }
    let value = match key {
        "addr" | "database_url" | "log_format" | "session_key" => {
            toml::Value::String(value.to_string())
        }
        _ => parsed,
    };
    table.insert(key.to_string(), value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_file_then_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tiendo.toml");
        std::fs::write(
            &path,
            "public_read = false\n[alerts]\nsilent_days = 5\n[cache]\nresponses_mb = 128\n",
        )
        .unwrap();
        let c = Config::load(
            Some(&path),
            env(&[
                ("TIENDO_ALERTS_SILENT_DAYS", "4"),
                ("TIENDO_ADDR", "0.0.0.0:8080"),
                ("PATH", "/bin"),
            ]),
        )
        .unwrap();
        assert!(!c.public_read);
        assert_eq!(c.alerts.silent_days, 4, "the environment wins");
        assert_eq!(c.cache.responses_mb, 128);
        assert_eq!(c.addr.port(), 8080);
        assert_eq!(c.alerts.daily_hour, 7, "defaults fill the rest");
        let c = Config::load(None, env(&[("TIENDO_WEBHOOK_URL", "")])).unwrap();
        assert_eq!(c.webhook.url, None, "an empty URL is none");
        let c = Config::load(
            None,
            env(&[("TIENDO_PUBLIC_URL", "https://tiendo.example.vn/")]),
        )
        .unwrap();
        assert_eq!(c.public_url.as_deref(), Some("https://tiendo.example.vn"));
    }

    #[test]
    fn a_bad_key_or_value_is_named() {
        let e = Config::load(None, env(&[("TIENDO_ALERTS_SILENT_DAYS", "soon")])).unwrap_err();
        assert!(e.to_string().contains("silent_days"), "{e}");
        let e = Config::load(None, env(&[("TIENDO_PUBLIK_READ", "true")])).unwrap_err();
        assert!(e.to_string().contains("publik_read"), "{e}");
        let e = Config::load(None, env(&[("TIENDO_ALERTS_DAILY_HOUR", "24")])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "configuration: alerts.daily_hour: an hour from 0 to 23"
        );
        let e = Config::load(None, env(&[("TIENDO_WEBHOOK_URL", "ftp://x")])).unwrap_err();
        assert!(e.to_string().contains("webhook.url"), "{e}");
        let e = Config::load(None, env(&[("TIENDO_PUBLIC_URL", "tiendo.vn")])).unwrap_err();
        assert!(e.to_string().contains("public_url"), "{e}");
        let e = Config::load(None, env(&[("TIENDO_CACHE_VIEWS_MB", "0")])).unwrap_err();
        assert!(e.to_string().contains("cache.views_mb"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, "[alerts]\nsilnt_days = 3\n").unwrap();
        let e = Config::load(Some(&path), env(&[])).unwrap_err();
        assert!(e.to_string().contains("silnt_days"), "{e}");
    }
}
