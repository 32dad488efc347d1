//! AZNW-008: NSGs whose effective inbound rules (N1) let the internet reach database or
//! remote-administration ports (SSH and RDP stay with AZNW-001). The ports are the
//! setting `nsg.risky_ports` (default: CHECKS-2's list; Memcached over UDP as well).

use super::nsg_eval::{Ports, Protocol, evaluate, judge_openings};
use crate::rules::shape::each;
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("aznw", "AZNW-008", sources: [NetworkSecurityGroups], run: run);

/// `MySQL` for the services whose ranges meet `ports`.
fn services<'a>(list: &[(Ports, &'a str)], ports: &[Ports]) -> Vec<&'a str> {
    let mut names: Vec<&str> = list
        .iter()
        .filter(|((low, high), _)| ports.iter().any(|(a, b)| a <= high && low <= b))
        .map(|(_, name)| *name)
        .collect();
    names.dedup();
    names
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let nsgs = each(out, &snapshot.network.security_groups);
    // Cloned: the verdicts below borrow `out` mutably.
    let risky = out.settings().nsg.risky_ports.clone();
    let over = |udp: bool| -> Vec<(Ports, &str)> {
        risky
            .iter()
            .filter(|port| if udp { port.udp } else { port.tcp })
            .map(|port| (port.ports, port.service.as_str()))
            .collect()
    };
    let (tcp, udp) = (over(false), over(true));
    for nsg in nsgs {
        let mut opened = Vec::new();
        let mut evidence = Vec::new();
        let mut notes = String::new();
        for (protocol, list) in [(Protocol::Tcp, &tcp), (Protocol::Udp, &udp)] {
            if list.is_empty() {
                continue;
            }
            let ports: Vec<Ports> = list.iter().map(|(ports, _)| *ports).collect();
            let evaluation = evaluate(nsg, protocol, &ports);
            for decision in evaluation.allowed() {
                opened.push(format!(
                    "{} ({})",
                    decision.describe(protocol),
                    services(list, &decision.ports).join(", ")
                ));
                evidence.push(decision.evidence(protocol));
            }
            notes.push_str(&evaluation.tag_note());
        }
        judge_openings(
            out,
            nsg,
            &opened,
            "no database or remote-administration port is reachable from the internet",
            &notes,
            json!({ "internetInboundRiskyPorts": evidence }),
        );
    }
}
