//! AZAPP-010: sites reachable from the public internet. `publicNetworkAccess` Disabled
//! decides alone; else an access-restriction default of Deny that no Allow rule opens to
//! every address; else Enabled fails, and the platform default (null or "") passes only
//! with an approved private endpoint (D3), which turns public access off.

use crate::rules::shape::exposure::approved_private_endpoints;
use crate::rules::shape::{self, Resource};
use crate::rules::{Verdicts, check};
use crate::snapshot::web::{IpRestriction, Site};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("azapp", "AZAPP-010",
    sources: [Sites, SiteConfigs, SitePrivateEndpoints], run: run);

const EVERY_ADDRESS: [&str; 4] = ["Any", "0.0.0.0/0", "::/0", "*"];

fn opens_everything(rule: &IpRestriction) -> bool {
    eq_ci(rule.action.as_deref(), "Allow")
        && EVERY_ADDRESS
            .iter()
            .any(|a| eq_ci(rule.ip_address.as_deref(), a))
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for site in shape::each(out, &snapshot.web.sites) {
        judge(out, site);
    }
}

fn judge(out: &mut Verdicts, site: &Site) {
    let access = site
        .public_network_access
        .as_deref()
        .filter(|v| !v.trim().is_empty());
    let label = site.label();
    let evidence = |extra: serde_json::Value| json!({ "publicNetworkAccess": access, "kind": site.kind, "detail": extra });
    if eq_ci(access, "Disabled") || eq_ci(access, "SecuredByPerimeter") {
        let message = format!(
            "{label}: publicNetworkAccess is {}",
            access.unwrap_or_default()
        );
        return out.pass(site.subject(), message, evidence(json!(null)));
    }
    let what = format!("the configuration (config/web) of {}", site.described());
    let Some(config) = out.part(&site.config, &site.subject(), &what) else {
        return;
    };
    let default_action = config.ip_security_restrictions_default_action.as_deref();
    let open_rules: Vec<&str> = config
        .ip_security_restrictions
        .iter()
        .filter(|r| opens_everything(r))
        .map(|r| r.name.as_deref().unwrap_or("unnamed rule"))
        .collect();
    if eq_ci(default_action, "Deny") && open_rules.is_empty() {
        let message = format!(
            "{label}: ipSecurityRestrictionsDefaultAction is Deny (only listed sources are admitted)"
        );
        return out.pass(
            site.subject(),
            message,
            evidence(json!({ "ipSecurityRestrictionsDefaultAction": default_action })),
        );
    }
    let restriction = if eq_ci(default_action, "Deny") {
        format!(
            "ipSecurityRestrictionsDefaultAction is Deny but rule {} allows every address",
            open_rules.join(", ")
        )
    } else {
        format!(
            "ipSecurityRestrictionsDefaultAction is {}",
            default_action.unwrap_or("not set (Allow)")
        )
    };
    let detail = json!({ "ipSecurityRestrictionsDefaultAction": default_action, "rulesAllowingEveryAddress": open_rules });
    if let Some(value) = access {
        let message = format!("{label}: publicNetworkAccess is {value}, {restriction}");
        return out.fail(site.subject(), message, evidence(detail));
    }
    let what = format!("the private endpoint connections of {}", site.described());
    let Some(connections) = out.part(&site.private_endpoint_connections, &site.subject(), &what)
    else {
        return;
    };
    let approved = approved_private_endpoints(connections.iter().map(|s| s.as_deref()));
    let message = if approved > 0 {
        format!(
            "{label}: publicNetworkAccess is not set and {approved} approved private endpoint(s) turn public access off"
        )
    } else {
        format!(
            "{label}: publicNetworkAccess is not set (public) with no approved private endpoint, {restriction}"
        )
    };
    out.judge(
        approved > 0,
        site.subject(),
        message,
        evidence(json!({ "ipSecurityRestrictionsDefaultAction": default_action, "approvedPrivateEndpoints": approved })),
    );
}
