//! View state lives in the URL: helpers to change one parameter and keep the rest.

use leptos_router::params::ParamsMap;
use tiendo_core::params::encode;

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
}
