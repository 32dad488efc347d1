//! AZNW-001: NSGs whose effective inbound rules let the internet reach SSH (TCP 22) or
//! RDP (TCP and UDP 3389).

use super::nsg_eval::{Decision, Protocol, deciding_rule, evaluate};
use crate::rules::Subject;
use crate::rules::shape::each;
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::{Value, json};

pub const CHECK: crate::rules::Check =
    check!("aznw", "AZNW-001", sources: [NetworkSecurityGroups], run: run);

/// Each evaluated separately: a rule may open one and not the others.
const PROBES: [(Protocol, u16, &str); 3] = [
    (Protocol::Tcp, 22, "SSH"),
    (Protocol::Tcp, 3389, "RDP"),
    (Protocol::Udp, 3389, "RDP"),
];

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let nsgs = each(out, &snapshot.network.security_groups);
    for nsg in nsgs {
        let mut opened = Vec::new();
        let mut closed = Vec::new();
        let mut evidence = Vec::new();
        for (protocol, port, service) in PROBES {
            let decision = deciding_rule(nsg, protocol, port);
            evidence.push(probe_evidence(protocol, port, decision.as_ref()));
            let probe = format!("port {port}/{} ({service})", protocol.label());
            match decision {
                Some(d) if d.allowed => opened.push(format!(
                    "{probe} is allowed from the internet by rule '{}' (priority {})",
                    d.rule.name,
                    priority(&d)
                )),
                Some(d) => closed.push(format!(
                    "{port}/{} denied by rule '{}' (priority {})",
                    protocol.label(),
                    d.rule.name,
                    priority(&d)
                )),
                None => closed.push(format!(
                    "{port}/{} matched by no rule (denied)",
                    protocol.label()
                )),
            }
        }
        // Service tags (AzureCloud) are not the internet, but are named (N1).
        let note: String = [
            evaluate(nsg, Protocol::Tcp, &[(22, 22), (3389, 3389)]),
            evaluate(nsg, Protocol::Udp, &[(3389, 3389)]),
        ]
        .iter()
        .map(|evaluation| evaluation.tag_note())
        .collect();
        let evidence = json!({ "internetInbound": evidence });
        if opened.is_empty() {
            out.pass(
                Subject::of(nsg),
                format!(
                    "{}: SSH and RDP are not reachable from the internet ({}){note}",
                    nsg.name,
                    closed.join(", ")
                ),
                evidence,
            );
        } else {
            out.fail(
                Subject::of(nsg),
                format!("{}: {}{note}", nsg.name, opened.join("; ")),
                evidence,
            );
        }
    }
}

fn priority(decision: &Decision) -> String {
    decision
        .rule
        .priority
        .map_or_else(|| "not set".to_string(), |p| p.to_string())
}

fn probe_evidence(protocol: Protocol, port: u16, decision: Option<&Decision>) -> Value {
    match decision {
        Some(d) => json!({
            "port": port,
            "protocol": protocol.label(),
            "access": if d.allowed { "Allow" } else { "Deny" },
            "rule": d.rule.name,
            "priority": d.rule.priority,
            "defaultRule": d.is_default,
        }),
        None => {
            json!({ "port": port, "protocol": protocol.label(), "access": "Deny", "rule": null })
        }
    }
}
