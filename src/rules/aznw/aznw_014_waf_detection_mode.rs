//! AZNW-014: application gateways whose WAF only detects (Detection mode) or is
//! disabled, judged on every WAF policy the gateway references, or on its inline WAF
//! configuration when it references none.

use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::network::{ApplicationGateway, WafPolicySettings};
use crate::snapshot::{Fetched, Snapshot, canonical_id, eq_ci};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

pub const CHECK: crate::rules::Check = check!("aznw", "AZNW-014",
    sources: [ApplicationGateways, WafPolicies], run: run);

/// Every WAF policy the gateway references (gateway, listeners, path rules), each once,
/// by canonical ID.
fn referenced(gateway: &ApplicationGateway) -> BTreeMap<String, &str> {
    gateway
        .firewall_policy_id
        .iter()
        .chain(
            gateway
                .http_listeners
                .iter()
                .filter_map(|l| l.firewall_policy_id.as_ref()),
        )
        .chain(&gateway.path_rule_firewall_policy_ids)
        .map(|id| (canonical_id(id), id.as_str()))
        .collect()
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let network = &snapshot.network;
    let gateways = out.judged_in_subscription(
        &network.application_gateways,
        "the application gateway list",
    );
    // Canonical ID → (name as listed, settings).
    let listed: Option<HashMap<String, (&str, WafPolicySettings)>> =
        network.waf_policies.ok().map(|list| {
            list.iter()
                .map(|p| {
                    let settings = WafPolicySettings {
                        state: p.state.clone(),
                        mode: p.mode.clone(),
                    };
                    (canonical_id(&p.id), (p.name.as_str(), settings))
                })
                .collect()
        });
    for gateway in gateways {
        let tier = gateway.sku_tier.as_deref();
        let waf_tier = eq_ci(tier, "WAF") || eq_ci(tier, "WAF_v2");
        let policies = referenced(gateway);
        if !waf_tier || (policies.is_empty() && gateway.waf_enabled != Some(true)) {
            continue; // No WAF: AZNW-003's finding.
        }
        let subject = Subject::of(gateway);
        if policies.is_empty() {
            let mode = gateway.waf_mode.as_deref();
            out.judge(
                eq_ci(mode, "Prevention"),
                subject,
                format!(
                    "{}: inline WAF configuration (no WAF policy) runs in {} mode",
                    gateway.name,
                    mode.unwrap_or("an unspecified")
                ),
                json!({ "webApplicationFirewallConfiguration.firewallMode": mode }),
            );
            continue;
        }
        let mut weak = Vec::new();
        let mut strong = Vec::new();
        let mut unread = Vec::new();
        for (key, id) in &policies {
            let entry = listed.as_ref().and_then(|l| l.get(key));
            let name = entry.map_or_else(|| super::name_of(id), |(name, _)| *name);
            // The list first; the gateway's own policy read (AZNW-003's) when the list
            // lacks it (a policy in another subscription).
            let own = gateway
                .firewall_policy_id
                .as_deref()
                .filter(|own| canonical_id(own) == *key)
                .and_then(|_| gateway.firewall_policy.ok());
            let settings = entry.map(|(_, settings)| settings).or(own);
            let Some(settings) = settings else {
                unread.push(match &network.waf_policies {
                    Fetched::Ok(_) => {
                        format!("WAF policy {name} is not in the subscription's WAF policy list")
                    }
                    unavailable => unavailable
                        .unavailable_reason(&format!("WAF policy {name}"))
                        .unwrap_or_default(),
                });
                continue;
            };
            let mode = settings.mode.as_deref();
            let state = settings.state.as_deref();
            let text = format!(
                "WAF policy {name} (mode {}, state {})",
                mode.unwrap_or("not set"),
                state.unwrap_or("not set")
            );
            if eq_ci(mode, "Prevention") && eq_ci(state, "Enabled") {
                strong.push(text);
            } else {
                weak.push(text);
            }
        }
        let evidence = json!({ "firewallPolicies": policies.values().collect::<Vec<_>>() });
        if !weak.is_empty() {
            let unread_note = if unread.is_empty() {
                String::new()
            } else {
                format!(" (not read: {})", unread.join("; "))
            };
            out.fail(
                subject,
                format!(
                    "{}: not blocking attacks: {}{unread_note}",
                    gateway.name,
                    weak.join("; ")
                ),
                evidence,
            );
        } else if !unread.is_empty() {
            out.error(subject, format!("{}: {}", gateway.name, unread.join("; ")));
        } else {
            out.pass(
                subject,
                format!("{}: {}", gateway.name, strong.join("; ")),
                evidence,
            );
        }
    }
}
