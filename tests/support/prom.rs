//! Reading a Prometheus text exposition scraped from `/metrics`.

use std::collections::BTreeSet;

use super::TestServer;

/// `GET /metrics` of a running server (must answer 200).
pub async fn scrape(server: &TestServer) -> String {
    let resp = server
        .client
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.status().as_u16(),
        200,
        "/metrics answered {}",
        resp.status()
    );
    resp.text().await.unwrap()
}

/// The value of the sample `name{labels}` exactly as rendered (labels in
/// the exporter's order), if present.
pub fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|l| {
        l.strip_prefix(series)?
            .strip_prefix(' ')?
            .trim()
            .parse()
            .ok()
    })
}

/// Every sample name in the exposition (`…_bucket`, `…_sum`, `…_count`
/// included), comments skipped.
pub fn sample_names(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split(['{', ' ']).next())
        .map(str::to_owned)
        .collect()
}

/// The docnum metric names (`numbering_*`, `http_*`) an expression or a
/// rules/dashboard file mentions.
pub fn metric_names_in(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
        } else {
            if word.starts_with("numbering_") || word.starts_with("http_") {
                names.insert(std::mem::take(&mut word));
            }
            word.clear();
        }
    }
    names
}
