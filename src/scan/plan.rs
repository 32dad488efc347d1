//! `azscan plan`: splits a scope into N balanced lists of subscriptions for CI
//! shards. Balanced by resource count from one Azure Resource Graph query when the
//! identity may run it, by number of subscriptions otherwise.

use super::scope::{self, ScopeSpec};
use super::{Connection, Session};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use tracing::debug;

const RESOURCE_GRAPH_API: &str = "2024-04-01";
/// Resource Graph takes at most this many subscriptions per query.
const SUBSCRIPTIONS_PER_QUERY: usize = 1000;

/// What the shards were balanced by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BalancedBy {
    Resources,
    Subscriptions,
}

/// One CI job's share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shard {
    /// 1-based, for job names.
    pub shard: usize,
    /// Comma-separated, ready for `--subscription-id`.
    pub subscriptions: String,
    pub subscription_count: usize,
    /// Resources in the shard (Resource Graph's count); absent when balanced by
    /// number of subscriptions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resources: Option<u64>,
}

pub struct ShardPlan {
    pub shards: Vec<Shard>,
    pub balanced_by: BalancedBy,
    /// Lines for stderr: skipped subscriptions, why Resource Graph was not used.
    pub notes: Vec<String>,
}

/// Resolves `scope` and splits it into `shards` lists (fewer when there are fewer
/// subscriptions; empty shards would be idle CI jobs).
pub async fn plan(
    scope: &ScopeSpec,
    connection: &Connection,
    shards: usize,
) -> Result<ShardPlan, String> {
    let session = Session::new(connection)?;
    let resolved = scope::resolve(scope, &session).await?;
    if resolved.scan.is_empty() {
        return Err("nothing to plan: no Enabled subscription is in scope".into());
    }
    let mut notes = resolved.notes;
    let ids: Vec<String> = resolved.scan.iter().map(|s| s.id.clone()).collect();
    let (weights, balanced_by) = match resource_counts(&session, &ids).await {
        Ok(counts) => (
            ids.iter()
                .map(|id| (id.clone(), counts.get(id).copied().unwrap_or(0)))
                .collect::<Vec<_>>(),
            BalancedBy::Resources,
        ),
        Err(why) => {
            notes.push(format!(
                "Resource Graph could not count resources ({why}); balancing by number of subscriptions"
            ));
            (
                ids.iter().map(|id| (id.clone(), 1)).collect(),
                BalancedBy::Subscriptions,
            )
        }
    };
    let shards = balance(&weights, shards)
        .into_iter()
        .enumerate()
        .map(|(index, members)| Shard {
            shard: index + 1,
            subscription_count: members.len(),
            resources: (balanced_by == BalancedBy::Resources)
                .then(|| members.iter().map(|(_, w)| *w).sum()),
            subscriptions: members
                .iter()
                .map(|(id, _)| id.as_str())
                .collect::<Vec<_>>()
                .join(","),
        })
        .collect();
    Ok(ShardPlan {
        shards,
        balanced_by,
        notes,
    })
}

/// Greedy longest-processing-time split: heaviest subscription first, each to the
/// lightest shard so far; within 4/3 of the best split, and deterministic (ties by
/// ID and shard order). Each shard's list is sorted by ID.
pub fn balance(weights: &[(String, u64)], shards: usize) -> Vec<Vec<(String, u64)>> {
    let count = shards.clamp(1, weights.len().max(1));
    let mut sorted: Vec<&(String, u64)> = weights.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut bins: Vec<(u64, Vec<(String, u64)>)> = vec![(0, Vec::new()); count];
    for item in sorted {
        let lightest = bins
            .iter_mut()
            .min_by_key(|(load, members)| (*load, members.len()))
            .expect("at least one shard");
        lightest.0 += item.1;
        lightest.1.push(item.clone());
    }
    bins.into_iter()
        .map(|(_, mut members)| {
            members.sort();
            members
        })
        .filter(|members| !members.is_empty())
        .collect()
}

/// Resources per subscription from Resource Graph
/// (`POST /providers/Microsoft.ResourceGraph/resources`), following `$skipToken`.
async fn resource_counts(
    session: &Session,
    ids: &[String],
) -> Result<BTreeMap<String, u64>, String> {
    let token = session.arm_tokens.token().await?;
    let mut builder = reqwest::Client::builder()
        .user_agent(concat!("azscan/", env!("CARGO_PKG_VERSION")))
        .timeout(std::time::Duration::from_secs(60));
    if session.endpoints.all_loopback() {
        builder = builder.no_proxy();
    }
    let http = builder.build().map_err(|e| e.to_string())?;
    let mut url = session
        .endpoints
        .arm
        .join("providers/Microsoft.ResourceGraph/resources")
        .map_err(|e| e.to_string())?;
    url.query_pairs_mut()
        .append_pair("api-version", RESOURCE_GRAPH_API);
    let mut counts = BTreeMap::new();
    for chunk in ids.chunks(SUBSCRIPTIONS_PER_QUERY) {
        let mut skip_token: Option<String> = None;
        loop {
            let mut options = json!({"resultFormat": "objectArray"});
            if let Some(token) = &skip_token {
                options["$skipToken"] = json!(token);
            }
            let body = json!({
                "subscriptions": chunk,
                "query": "resources | summarize resources = count() by subscriptionId",
                "options": options,
            });
            let response = http
                .post(url.clone())
                .bearer_auth(&token)
                .json(&body)
                .send()
                .await
                .map_err(|e| format!("the query could not be sent: {e}"))?;
            let status = response.status();
            let page: Value = response
                .json()
                .await
                .map_err(|e| format!("the answer is not JSON: {e}"))?;
            if !status.is_success() {
                let code = page
                    .pointer("/error/code")
                    .and_then(Value::as_str)
                    .unwrap_or("error");
                return Err(format!("{} {code}", status.as_u16()));
            }
            for row in page
                .get("data")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let id = row.get("subscriptionId").and_then(Value::as_str);
                let n = row.get("resources").and_then(Value::as_u64);
                if let (Some(id), Some(n)) = (id, n) {
                    counts.insert(id.to_ascii_lowercase(), n);
                }
            }
            skip_token = page
                .get("$skipToken")
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty())
                .map(str::to_string);
            if skip_token.is_none() {
                break;
            }
            debug!("Resource Graph: next page");
        }
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(id: &str, n: u64) -> (String, u64) {
        (id.to_string(), n)
    }

    #[test]
    fn balance_puts_heaviest_first_on_the_lightest_shard() {
        let shards = balance(&[w("a", 100), w("b", 60), w("c", 50), w("d", 10)], 2);
        assert_eq!(
            shards,
            vec![vec![w("a", 100), w("d", 10)], vec![w("b", 60), w("c", 50)]]
        );
    }

    #[test]
    fn balance_never_makes_empty_shards() {
        let shards = balance(&[w("a", 1), w("b", 1)], 5);
        assert_eq!(shards.len(), 2);
        assert!(balance(&[], 3).is_empty());
    }

    #[test]
    fn equal_weights_split_by_count() {
        let items: Vec<_> = (0..7).map(|i| w(&format!("s{i}"), 1)).collect();
        let sizes: Vec<usize> = balance(&items, 3).iter().map(Vec::len).collect();
        assert_eq!(sizes, [3, 2, 2]);
    }
}
