//! AZNW-013: application gateways with an HTTPS listener whose SSL policy (or an SSL
//! profile's) accepts TLS below 1.2.

use crate::rules::shape::version::{Spelling, parse};
use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::network::SslPolicy;
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("aznw", "AZNW-013", sources: [ApplicationGateways], run: run);

/// The minimum TLS version of each predefined policy (Microsoft Learn, Application
/// Gateway TLS policy overview).
const PREDEFINED: [(&str, (u32, u32)); 5] = [
    ("AppGwSslPolicy20150501", (1, 0)),
    ("AppGwSslPolicy20170401", (1, 1)),
    ("AppGwSslPolicy20170401S", (1, 2)),
    ("AppGwSslPolicy20220101", (1, 2)),
    ("AppGwSslPolicy20220101S", (1, 2)),
];

/// The protocols a legacy `disabledSslProtocols` policy can switch off, lowest first.
const PROTOCOLS: [(&str, (u32, u32)); 4] = [
    ("TLSv1_0", (1, 0)),
    ("TLSv1_1", (1, 1)),
    ("TLSv1_2", (1, 2)),
    ("TLSv1_3", (1, 3)),
];

/// What one policy allows at the least.
enum Minimum {
    Version((u32, u32), String),
    /// Not determinable: FAIL (`true`) or MANUAL (an unknown predefined name).
    Unknown(String, bool),
}

fn minimum(policy: &SslPolicy) -> Minimum {
    let kind = policy.policy_type.as_deref();
    let custom = eq_ci(kind, "Custom") || eq_ci(kind, "CustomV2");
    if !custom && let Some(name) = policy.policy_name.as_deref() {
        return match PREDEFINED
            .iter()
            .find(|(n, _)| name.trim().eq_ignore_ascii_case(n))
        {
            Some((_, version)) => Minimum::Version(*version, format!("predefined {name}")),
            None => Minimum::Unknown(
                format!(
                    "predefined policy {name} is not one azscan knows; check its minimum TLS version"
                ),
                false,
            ),
        };
    }
    if let Some(min) = policy.min_protocol_version.as_deref() {
        return match parse(min, Spelling::TlsPrefixed) {
            Some(version) => Minimum::Version(version, format!("minProtocolVersion {min}")),
            None => Minimum::Unknown(
                format!("minProtocolVersion {min} is not a TLS version"),
                true,
            ),
        };
    }
    if custom {
        return Minimum::Unknown(
            format!(
                "{} policy without minProtocolVersion",
                kind.unwrap_or_default()
            ),
            true,
        );
    }
    // A legacy policy that only disables protocols: the lowest one left on.
    let disabled = |p: &str| {
        policy
            .disabled_ssl_protocols
            .iter()
            .any(|d| d.trim().eq_ignore_ascii_case(p))
    };
    match PROTOCOLS.iter().find(|(p, _)| !disabled(p)) {
        Some((p, version)) => Minimum::Version(
            *version,
            format!(
                "disabledSslProtocols [{}] leaves {p} on",
                policy.disabled_ssl_protocols.join(", ")
            ),
        ),
        None => Minimum::Unknown("disabledSslProtocols turns every protocol off".into(), true),
    }
}

fn shown((major, minor): (u32, u32)) -> String {
    format!("TLS {major}.{minor}")
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let gateways = out.judged_in_subscription(
        &snapshot.network.application_gateways,
        "the application gateway list",
    );
    for gateway in gateways {
        let https = gateway
            .http_listeners
            .iter()
            .any(|l| eq_ci(l.protocol.as_deref(), "Https"));
        if !https {
            continue;
        }
        let mut failing = Vec::new();
        let mut unsure = Vec::new();
        let mut fine = Vec::new();
        match &gateway.ssl_policy {
            None => failing.push(
                "sslPolicy is not set (no explicit policy: the default depends on the API version the gateway was created with and may allow TLS 1.0)"
                    .to_string(),
            ),
            Some(policy) => sort(minimum(policy), "sslPolicy", &mut failing, &mut unsure, &mut fine),
        }
        // A profile without a policy of its own uses the gateway's (judged above).
        for profile in &gateway.ssl_profiles {
            if let Some(policy) = &profile.ssl_policy {
                let label = format!("SSL profile {}", profile.name);
                sort(
                    minimum(policy),
                    &label,
                    &mut failing,
                    &mut unsure,
                    &mut fine,
                );
            }
        }
        let evidence = json!({
            "sslPolicy": gateway.ssl_policy.as_ref().map(policy_evidence),
            "sslProfiles": gateway.ssl_profiles.iter().map(|p| json!({
                "name": p.name, "sslPolicy": p.ssl_policy.as_ref().map(policy_evidence),
            })).collect::<Vec<_>>(),
        });
        let subject = Subject::of(gateway);
        if !failing.is_empty() {
            out.fail(
                subject,
                format!("{}: {}", gateway.name, failing.join("; ")),
                evidence,
            );
        } else if !unsure.is_empty() {
            out.manual(
                subject,
                format!("{}: {}", gateway.name, unsure.join("; ")),
                evidence,
            );
        } else {
            out.pass(
                subject,
                format!(
                    "{}: TLS 1.2 or later required: {}",
                    gateway.name,
                    fine.join("; ")
                ),
                evidence,
            );
        }
    }
}

fn sort(
    minimum: Minimum,
    label: &str,
    failing: &mut Vec<String>,
    unsure: &mut Vec<String>,
    fine: &mut Vec<String>,
) {
    match minimum {
        Minimum::Version(version, how) if version < (1, 2) => {
            failing.push(format!("{label} accepts {} ({how})", shown(version)))
        }
        Minimum::Version(version, how) => fine.push(format!("{label} {} ({how})", shown(version))),
        Minimum::Unknown(why, true) => failing.push(format!("{label}: {why}")),
        Minimum::Unknown(why, false) => unsure.push(format!("{label}: {why}")),
    }
}

fn policy_evidence(policy: &SslPolicy) -> serde_json::Value {
    json!({
        "policyType": policy.policy_type,
        "policyName": policy.policy_name,
        "minProtocolVersion": policy.min_protocol_version,
        "disabledSslProtocols": policy.disabled_ssl_protocols,
    })
}
