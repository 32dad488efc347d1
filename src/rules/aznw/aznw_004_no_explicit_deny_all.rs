//! AZNW-004: NSGs without a custom inbound deny-all rule (the built-in DenyAllInBound
//! does not count).

use super::nsg_eval::is_inbound;
use crate::rules::Subject;
use crate::rules::evidence::first_few;
use crate::rules::shape::each;
use crate::rules::{Verdicts, check};
use crate::snapshot::network::SecurityRule;
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("aznw", "AZNW-004", sources: [NetworkSecurityGroups], run: run);

/// Sources that mean "any address"; the `Internet` tag alone leaves the virtual
/// network and load balancer sources allowed, so it is not deny-all.
const ANY_SOURCE: [&str; 3] = ["*", "Any", "0.0.0.0/0"];

fn is_deny_all(rule: &SecurityRule) -> bool {
    is_inbound(rule)
        && eq_ci(rule.access.as_deref(), "Deny")
        && rule.protocol.as_deref().map(str::trim) == Some("*")
        && rule
            .sources()
            .any(|s| ANY_SOURCE.iter().any(|any| s.eq_ignore_ascii_case(any)))
        && rule
            .destination_ports()
            .any(|ports| ports == "*" || ports == "0-65535")
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let nsgs = each(out, &snapshot.network.security_groups);
    for nsg in nsgs {
        match nsg.security_rules.iter().find(|rule| is_deny_all(rule)) {
            Some(rule) => out.pass(
                Subject::of(nsg),
                format!(
                    "{}: custom rule '{}' (priority {}) denies all inbound traffic",
                    nsg.name,
                    rule.name,
                    rule.priority.map_or_else(|| "not set".into(), |p| p.to_string())
                ),
                json!({ "rule": rule.name, "priority": rule.priority }),
            ),
            None => out.fail(
                Subject::of(nsg),
                format!(
                    "{}: none of its {} custom rule(s) is an inbound Deny for any source, protocol and port; only the built-in DenyAllInBound applies",
                    nsg.name,
                    nsg.security_rules.len()
                ),
                json!({
                    "customRuleCount": nsg.security_rules.len(),
                    "customRules": first_few(&nsg.security_rules.iter().map(|r| &r.name).collect::<Vec<_>>()),
                }),
            ),
        }
    }
}
