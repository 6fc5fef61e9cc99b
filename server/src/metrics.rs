//! What operators scrape at `/metrics`, in the Prometheus text format:
//! requests and their latency by route pattern (never the raw URL, so a
//! crawl cannot make the list grow without end), cache hits and misses,
//! reports ingested and rejected, alerts and webhook deliveries, and the
//! database pool. Counters are plain atomics; the few labelled families
//! sit behind one mutex each, touched once per request.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// The server's counters.
#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
    /// Figures written through any channel.
    pub reports_ingested: AtomicU64,
    /// Batches refused (nothing written).
    pub batches_rejected: AtomicU64,
    /// Webhook deliveries that succeeded.
    pub webhook_delivered: AtomicU64,
    /// Webhook deliveries that failed (each attempt).
    pub webhook_failed: AtomicU64,
    /// Open server-sent event streams.
    pub event_streams: AtomicU64,
}

/// Values read at scrape time from elsewhere: caches, alerts, the pool.
#[derive(Default)]
pub struct Gauges {
    /// (cache name, hits, misses).
    pub caches: Vec<(&'static str, u64, u64)>,
    /// Open (or acknowledged) alerts per rule slug.
    pub open_alerts: Vec<(&'static str, u64)>,
    /// Webhook notifications waiting to be delivered.
    pub webhook_pending: u64,
    /// Database connections open, and of those idle.
    pub pool: (u32, u32),
    /// The data version.
    pub data_version: i64,
}

impl Metrics {
    /// Counts a request to `route` (its pattern) answered with `status` after `elapsed`.
    pub fn record(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        *self
            .requests
            .lock()
            .expect("metrics lock")
            .entry((route.to_string(), method.to_string(), status))
            .or_default() += 1;
        let seconds = elapsed.as_secs_f64();
        let mut latency = self.latency.lock().expect("metrics lock");
        let h = latency.entry(route.to_string()).or_default();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                h.counts[i] += 1;
            }
        }
        h.count += 1;
        h.sum += seconds;
    }

    /// Everything, in the Prometheus text exposition format.
    pub fn render(&self, g: &Gauges) -> String {
        let mut out = String::new();
        let name = "tiendo_http_requests_total";
        head(
            &mut out,
            name,
            "counter",
            "HTTP requests by route pattern, method and status.",
        );
        for ((route, method, status), n) in self.requests.lock().expect("metrics lock").iter() {
            let (route, method) = (escape(route), escape(method));
            let _ = writeln!(
                out,
                "{name}{{route=\"{route}\",method=\"{method}\",status=\"{status}\"}} {n}"
            );
        }
        let name = "tiendo_http_request_duration_seconds";
        head(
            &mut out,
            name,
            "histogram",
            "Time to answer, by route pattern.",
        );
        for (route, h) in self.latency.lock().expect("metrics lock").iter() {
            let route = escape(route);
            for (bound, n) in BUCKETS.iter().zip(h.counts) {
                let _ = writeln!(out, "{name}_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}");
            }
            let _ = writeln!(
                out,
                "{name}_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(out, "{name}_sum{{route=\"{route}\"}} {}", h.sum);
            let _ = writeln!(out, "{name}_count{{route=\"{route}\"}} {}", h.count);
        }
        let load = |c: &AtomicU64| c.load(Ordering::Relaxed);
        single(
            &mut out,
            "tiendo_reports_ingested_total",
            "counter",
            "Figures written, through every channel.",
            load(&self.reports_ingested),
        );
        single(
            &mut out,
            "tiendo_report_batches_rejected_total",
            "counter",
            "Batches refused: nothing written.",
            load(&self.batches_rejected),
        );
        let name = "tiendo_webhook_deliveries_total";
        head(
            &mut out,
            name,
            "counter",
            "Alert notifications sent to the webhook, by result.",
        );
        let _ = writeln!(
            out,
            "{name}{{result=\"delivered\"}} {}",
            load(&self.webhook_delivered)
        );
        let _ = writeln!(
            out,
            "{name}{{result=\"failed\"}} {}",
            load(&self.webhook_failed)
        );
        single(
            &mut out,
            "tiendo_webhook_pending",
            "gauge",
            "Alert notifications waiting to be delivered.",
            g.webhook_pending,
        );
        single(
            &mut out,
            "tiendo_event_streams",
            "gauge",
            "Open live-update streams.",
            load(&self.event_streams),
        );
        single(
            &mut out,
            "tiendo_data_version",
            "gauge",
            "The data version this server has heard of.",
            g.data_version,
        );
        let name = "tiendo_cache_requests_total";
        head(
            &mut out,
            name,
            "counter",
            "Lookups of each cache, by result.",
        );
        for (cache, hits, misses) in &g.caches {
            let _ = writeln!(out, "{name}{{cache=\"{cache}\",result=\"hit\"}} {hits}");
            let _ = writeln!(out, "{name}{{cache=\"{cache}\",result=\"miss\"}} {misses}");
        }
        let name = "tiendo_alerts_open";
        head(
            &mut out,
            name,
            "gauge",
            "Open or acknowledged alerts, by rule.",
        );
        for (rule, n) in &g.open_alerts {
            let _ = writeln!(out, "{name}{{rule=\"{rule}\"}} {n}");
        }
        let name = "tiendo_db_connections";
        head(&mut out, name, "gauge", "Database connections, by state.");
        let _ = writeln!(out, "{name}{{state=\"idle\"}} {}", g.pool.1);
        let _ = writeln!(
            out,
            "{name}{{state=\"busy\"}} {}",
            g.pool.0.saturating_sub(g.pool.1)
        );
        out
    }
}

/// A family's `HELP` and `TYPE` lines.
fn head(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// A family of one unlabelled value.
fn single(out: &mut String, name: &str, kind: &str, help: &str, value: impl std::fmt::Display) {
    head(out, name, kind, help);
    let _ = writeln!(out, "{name} {value}");
}

/// A label value as the text format wants it.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_requests_by_route_and_latency_in_buckets() {
        let m = Metrics::default();
        m.record("/p/{code}", "GET", 200, Duration::from_millis(3));
        m.record("/p/{code}", "GET", 200, Duration::from_millis(30));
        m.record("/p/{code}", "GET", 404, Duration::from_millis(1));
        let text = m.render(&Gauges::default());
        assert!(
            text.contains(
                "tiendo_http_requests_total{route=\"/p/{code}\",method=\"GET\",status=\"200\"} 2"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "tiendo_http_request_duration_seconds_bucket{route=\"/p/{code}\",le=\"0.005\"} 2"
            ),
            "{text}"
        );
        assert!(text.contains("tiendo_http_request_duration_seconds_count{route=\"/p/{code}\"} 3"));
        assert!(!text.contains("/p/01"), "never the raw URL");
    }
}
