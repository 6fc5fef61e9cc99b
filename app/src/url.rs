//! View state lives in the URL: helpers to change one parameter and keep the rest.

use leptos_router::params::ParamsMap;
use tiendo_core::params::encode;

/// The name of the `<meta>` carrying the data version a page was made at.
pub const VERSION_META: &str = "tiendo-version";

/// Whether `path` is a page the navigator may fetch and swap in place: the
/// public read pages, whose header and body are all their state. The
/// signed-in pages (reporting, administration) load whole.
pub fn soft_path(path: &str) -> bool {
    path == "/alerts" || page_reads(path).is_some()
}

/// Which parameters each public page reads (the server keys its page cache
/// on them, so that an ignored parameter makes no new entry); `None` for
/// pages that are not cached. Kept here, beside the pages, so the two never differ.
pub fn page_reads(path: &str) -> Option<fn(&str) -> bool> {
    fn unit(k: &str) -> bool {
        [
            "date", "lang", "stage", "by", "sort", "dir", "page", "hl", "status", "below",
        ]
        .contains(&k)
    }
    Some(match path {
        "/" | "/briefing" => |k| ["date", "lang"].contains(&k),
        "/rankings" => |k| unit(k) && k != "below" || k == "region",
        "/map" => |k| ["date", "lang", "stage", "by"].contains(&k),
        "/search" => |k| ["q", "lang", "date"].contains(&k),
        "/charts" => |k| {
            tiendo_core::figure::CHART_PARAMS.contains(&k)
                || crate::pages::charts::BUILDER_PARAMS.contains(&k)
                || crate::pages::charts::FORM_FIELDS.contains(&k)
        },
        _ if ["/p/", "/d/", "/c/"].iter().any(|p| {
            path.strip_prefix(p)
                .is_some_and(|rest| !rest.is_empty() && !rest.contains('/'))
        }) =>
        {
            unit
        }
        _ => return None,
    })
}

/// `path` with the query of `current`, `key` set to `value` (removed when `None`).
pub fn with_param(path: &str, current: &ParamsMap, key: &str, value: Option<&str>) -> String {
    with_params(path, current, &[(key, value)])
}

/// `path` with the query of `current` and each `(key, value)` change applied
/// (a `None` value removes the key).
pub fn with_params(path: &str, current: &ParamsMap, changes: &[(&str, Option<&str>)]) -> String {
    let mut pairs: Vec<(String, String)> = current
        .into_iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| *c == k.as_ref()))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    for (k, v) in changes {
        if let Some(v) = v {
            pairs.push((k.to_string(), v.to_string()));
        }
    }
    build(path, pairs)
}

/// `path` with only the parameters of `current` named in `keys`.
pub fn keeping(path: &str, current: &ParamsMap, keys: &[&str]) -> String {
    let pairs = current
        .into_iter()
        .filter(|(k, _)| keys.contains(&k.as_ref()))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    build(path, pairs)
}

/// `url` with `key=value` appended to its query.
pub fn add_param(url: &str, key: &str, value: &str) -> String {
    let joiner = if url.contains('?') { '&' } else { '?' };
    format!("{url}{joiner}{}={}", encode(key), encode(value))
}

fn build(path: &str, mut pairs: Vec<(String, String)>) -> String {
    pairs.sort();
    if pairs.is_empty() {
        return path.to_string();
    }
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    format!("{path}?{}", query.join("&"))
}

/// A query of `pairs`, for tests.
#[cfg(test)]
pub fn query_of(pairs: &[(&str, &str)]) -> ParamsMap {
    let mut m = ParamsMap::new();
    for (k, v) in pairs {
        m.insert(k.to_string(), v.to_string());
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_one_parameter_and_keeps_the_others() {
        let mut m = ParamsMap::new();
        m.insert("lang", "en".to_string());
        m.insert("date", "2021-04-07".to_string());
        assert_eq!(
            with_param("/", &m, "date", Some("2021-06-01")),
            "/?date=2021-06-01&lang=en"
        );
        assert_eq!(with_param("/", &m, "lang", None), "/?date=2021-04-07");
        assert_eq!(
            with_param("/", &ParamsMap::new(), "q", Some("hà đông")),
            "/?q=h%C3%A0%20%C4%91%C3%B4ng"
        );
        assert_eq!(keeping("/map", &m, &["lang", "stage"]), "/map?lang=en");
        assert_eq!(add_param("/r", "hl", "01"), "/r?hl=01");
        assert_eq!(add_param("/r?lang=en", "hl", "01"), "/r?lang=en&hl=01");
        assert_eq!(
            with_params("/r", &m, &[("sort", Some("name")), ("date", None)]),
            "/r?lang=en&sort=name"
        );
    }

    #[test]
    fn pages_are_kept_per_parameter_they_read() {
        let rankings = page_reads("/rankings").unwrap();
        assert!(
            rankings("status") && rankings("region") && !rankings("below") && !rankings("preset")
        );
        let unit = page_reads("/p/01").unwrap();
        assert!(unit("below") && unit("status") && !unit("region"));
        let builder = page_reads("/charts").unwrap();
        assert!(builder("note") && builder("chart_lang") && builder("district") && !builder("x"));
        assert!(page_reads("/report").is_none());
    }

    #[test]
    fn public_pages_swap_in_place_and_signed_in_ones_load_whole() {
        for path in [
            "/",
            "/rankings",
            "/map",
            "/p/01",
            "/d/271",
            "/c/00001",
            "/charts",
        ] {
            assert!(soft_path(path), "{path}");
        }
        for path in [
            "/report",
            "/report/upload",
            "/admin",
            "/sign-in",
            "/p/",
            "/p/01/x",
            "/export/chart/map.png",
        ] {
            assert!(!soft_path(path), "{path}");
        }
    }
}
