//! AZNW-003: application gateways without a web application firewall (WAF tier with
//! the in-gateway WAF enabled or a WAF policy attached).

use crate::rules::Subject;
use crate::rules::{Verdicts, check};
use crate::snapshot::network::ApplicationGateway;
use crate::snapshot::{Fetched, Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("aznw", "AZNW-003", sources: [ApplicationGateways], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let gateways = out.judged_in_subscription(
        &snapshot.network.application_gateways,
        "the application gateway list",
    );
    for gateway in gateways {
        let tier = gateway.sku_tier.as_deref();
        let waf_tier = eq_ci(tier, "WAF") || eq_ci(tier, "WAF_v2");
        let config_enabled = gateway.waf_enabled == Some(true);
        let policy_attached = gateway.firewall_policy_id.is_some();
        let passed = waf_tier && (config_enabled || policy_attached);
        let tier_text = tier.unwrap_or("not set");
        let message = if passed {
            format!(
                "{}: WAF is enabled on sku tier {tier_text}, {}",
                gateway.name,
                mode(gateway)
            )
        } else if !waf_tier {
            format!(
                "{}: sku tier is {tier_text}, not WAF or WAF_v2, so no WAF inspects its traffic",
                gateway.name
            )
        } else {
            let configured = gateway
                .waf_mode
                .as_deref()
                .map(|m| format!(" (configured for {m} mode)"))
                .unwrap_or_default();
            format!(
                "{}: sku tier is {tier_text} but the WAF is not enabled{configured} and no WAF policy is attached",
                gateway.name
            )
        };
        let policy = gateway.firewall_policy.ok();
        out.judge(
            passed,
            Subject::of(gateway),
            message,
            json!({
                "sku.tier": tier,
                "webApplicationFirewallConfiguration.enabled": gateway.waf_enabled,
                "webApplicationFirewallConfiguration.firewallMode": gateway.waf_mode,
                "firewallPolicy.id": gateway.firewall_policy_id,
                "firewallPolicy.policySettings.mode": policy.and_then(|p| p.mode.as_deref()),
                "firewallPolicy.policySettings.state": policy.and_then(|p| p.state.as_deref()),
            }),
        );
    }
}

/// Detection (log only) or Prevention (block), from the attached policy when there is
/// one (it overrides the in-gateway settings), else from the gateway's WAF settings.
fn mode(gateway: &ApplicationGateway) -> String {
    let policy_name = gateway.firewall_policy_id.as_deref().map(super::name_of);
    match (&gateway.firewall_policy, policy_name) {
        (Fetched::Ok(policy), Some(name)) => {
            let mode = policy.mode.as_deref().unwrap_or("an unspecified");
            let state = if eq_ci(policy.state.as_deref(), "Disabled") {
                ", policy state Disabled"
            } else {
                ""
            };
            format!("WAF policy {name} in {mode} mode{state}")
        }
        (unavailable, Some(name)) => format!(
            "WAF policy {name} attached (mode unknown: {})",
            unavailable
                .unavailable_reason("the policy")
                .unwrap_or_default()
        ),
        (_, None) => format!(
            "in {} mode",
            gateway.waf_mode.as_deref().unwrap_or("an unspecified")
        ),
    }
}
