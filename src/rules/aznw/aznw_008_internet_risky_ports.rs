//! AZNW-008: NSGs whose effective inbound rules (N1) let the internet reach database or
//! remote-administration ports (SSH and RDP stay with AZNW-001).

use super::nsg_eval::{Ports, Protocol, evaluate, judge_openings};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("aznw", "AZNW-008", sources: [NetworkSecurityGroups], run: run);

/// The TCP ports judged, with what listens there.
const TCP_PORTS: [(Ports, &str); 15] = [
    ((20, 21), "FTP"),
    ((23, 23), "Telnet"),
    ((135, 135), "RPC"),
    ((139, 139), "NetBIOS/SMB"),
    ((445, 445), "SMB"),
    ((1433, 1434), "SQL Server"),
    ((2375, 2376), "Docker API"),
    ((3306, 3306), "MySQL"),
    ((5432, 5432), "PostgreSQL"),
    ((5985, 5986), "WinRM"),
    ((6379, 6379), "Redis"),
    ((9200, 9200), "Elasticsearch"),
    ((9300, 9300), "Elasticsearch"),
    ((11211, 11211), "Memcached"),
    ((27017, 27017), "MongoDB"),
];

/// Memcached is the only port judged over UDP as well (CHECKS-2 clarification).
const UDP_PORTS: [(Ports, &str); 1] = [((11211, 11211), "Memcached")];

/// `MySQL` for the services whose ranges meet `ports`.
fn services(list: &[(Ports, &'static str)], ports: &[Ports]) -> Vec<&'static str> {
    let mut names: Vec<&str> = list
        .iter()
        .filter(|((low, high), _)| ports.iter().any(|(a, b)| a <= high && low <= b))
        .map(|(_, name)| *name)
        .collect();
    names.dedup();
    names
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let nsgs = out.judged_in_subscription(
        &snapshot.network.security_groups,
        "the network security group list",
    );
    for nsg in nsgs {
        let mut opened = Vec::new();
        let mut evidence = Vec::new();
        let mut notes = String::new();
        for (protocol, list) in [
            (Protocol::Tcp, &TCP_PORTS[..]),
            (Protocol::Udp, &UDP_PORTS[..]),
        ] {
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
