//! AZNW-006: NSGs whose effective inbound rules (N1) let the internet reach any UDP port.

use super::nsg_eval::{Protocol, evaluate, judge_openings};
use crate::rules::shape::each;
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("aznw", "AZNW-006", sources: [NetworkSecurityGroups], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let nsgs = each(out, &snapshot.network.security_groups);
    for nsg in nsgs {
        let evaluation = evaluate(nsg, Protocol::Udp, &[(0, u16::MAX)]);
        let opened: Vec<String> = evaluation
            .allowed()
            .map(|d| d.describe(Protocol::Udp))
            .collect();
        let evidence = json!({
            "internetInboundUdp": evaluation.allowed().map(|d| d.evidence(Protocol::Udp)).collect::<Vec<_>>(),
        });
        judge_openings(
            out,
            nsg,
            &opened,
            "no UDP port is reachable from the internet",
            &evaluation.tag_note(),
            evidence,
        );
    }
}
