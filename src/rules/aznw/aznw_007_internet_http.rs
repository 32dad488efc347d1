//! AZNW-007: NSGs whose effective inbound rules (N1) let the internet reach HTTP (TCP 80,
//! cleartext: FAIL) or only HTTPS (TCP 443: MANUAL, public web tiers are legitimate).

use super::nsg_eval::{Protocol, evaluate};
use crate::rules::shape::each;
use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("aznw", "AZNW-007", sources: [NetworkSecurityGroups], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let nsgs = each(out, &snapshot.network.security_groups);
    for nsg in nsgs {
        let evaluation = evaluate(nsg, Protocol::Tcp, &[(80, 80), (443, 443)]);
        let opened: Vec<String> = evaluation
            .allowed()
            .map(|d| d.describe(Protocol::Tcp))
            .collect();
        let evidence = json!({
            "internetInbound": evaluation.decisions.iter().map(|d| d.evidence(Protocol::Tcp)).collect::<Vec<_>>(),
        });
        let note = evaluation.tag_note();
        let subject = Subject::of(nsg);
        if evaluation.allows(80) {
            out.fail(
                subject,
                format!(
                    "{}: HTTP (cleartext) is allowed from the internet: {}{note}",
                    nsg.name,
                    opened.join("; ")
                ),
                evidence,
            );
        } else if evaluation.allows(443) {
            out.manual(
                subject,
                format!(
                    "{}: HTTPS is allowed from the internet ({}); confirm this NSG fronts a public web tier{note}",
                    nsg.name,
                    opened.join("; ")
                ),
                evidence,
            );
        } else {
            out.pass(
                subject,
                format!(
                    "{}: neither HTTP (80) nor HTTPS (443) is reachable from the internet{note}",
                    nsg.name
                ),
                evidence,
            );
        }
    }
}
