//! DEF-017: agentless scanning for machines off. In scope when Defender for Servers
//! Plan 2 or Defender CSPM is on; only those plans' `AgentlessVmScanning` extension
//! counts (one under a P1 or Free plan does not).

use crate::rules::shape::plan;
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;

pub const CHECK: crate::rules::Check =
    check!("def", "DEF-017", sources: [DefenderPricings], run: run);

const EXTENSION: &str = "AgentlessVmScanning";

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(pricings) = super::pricings(snapshot, out) else {
        return;
    };
    let servers =
        plan::find(pricings, "VirtualMachines").filter(|p| plan::is_standard_with(Some(p), "P2"));
    let cspm = plan::find(pricings, "CloudPosture").filter(|p| plan::is_standard(Some(p)));
    let in_scope: Vec<_> = [servers, cspm].into_iter().flatten().collect();
    if in_scope.is_empty() {
        return;
    }
    let on: Vec<&str> = in_scope
        .iter()
        .filter(|p| plan::extension_on(p, EXTENSION))
        .map(|p| p.name.as_str())
        .collect();
    let checked: Vec<&str> = in_scope.iter().map(|p| p.name.as_str()).collect();
    let evidence = plan::evidence_of(&in_scope);
    let subject = out.subscription();
    if on.is_empty() {
        out.fail(
            subject,
            format!(
                "Agentless scanning for machines: extension {EXTENSION} is not enabled on {}",
                checked.join(" or ")
            ),
            evidence,
        );
    } else {
        out.pass(
            subject,
            format!(
                "Agentless scanning for machines: extension {EXTENSION} is enabled on {}",
                on.join(" and ")
            ),
            evidence,
        );
    }
}
