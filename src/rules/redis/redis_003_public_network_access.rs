//! REDIS-003: caches reachable from public networks (neither public access disabled
//! nor injected into a virtual network).

use crate::rules::shape::exposure::{Exposure, approved_private_endpoints};
use crate::rules::shape::{Resource, each, firewall_rules};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::Value;

pub const CHECK: crate::rules::Check =
    check!("redis", "REDIS-003", sources: [RedisCaches, RedisFirewallRules], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for cache in each(out, &snapshot.redis.caches) {
        let exposure = Exposure::access(cache.public_network_access.as_deref());
        let subnet = cache.subnet_id.as_deref().filter(|s| !s.trim().is_empty());
        let mut evidence = exposure.evidence();
        evidence.insert("subnetId".into(), subnet.into());
        if exposure.access_disabled() || subnet.is_some() {
            let how = subnet.map_or(String::new(), |s| format!(", injected into subnet {s}"));
            out.pass(
                cache.subject(),
                format!("{}: {}{how}", cache.label(), exposure.describe()),
                Value::Object(evidence),
            );
            continue;
        }
        // The firewall rules and private endpoints only describe the exposure.
        let endpoints = approved_private_endpoints(
            cache.private_endpoint_statuses.iter().map(Option::as_deref),
        );
        let (rules, rule_evidence) = firewall_rules::summary(&cache.firewall_rules);
        evidence.insert("approvedPrivateEndpoints".into(), endpoints.into());
        evidence.insert("firewall".into(), rule_evidence);
        out.fail(
            cache.subject(),
            format!(
                "{}: {}; {rules}; {endpoints} approved private endpoint(s)",
                cache.label(),
                exposure.describe()
            ),
            Value::Object(evidence),
        );
    }
}
