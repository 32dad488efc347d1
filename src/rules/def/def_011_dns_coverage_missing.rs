//! DEF-011: subscriptions without Defender DNS threat detection. The standalone `Dns`
//! plan is retired (new subscriptions cannot enable it); Defender for Servers Plan 2
//! carries DNS detection now, so either counts.

use crate::rules::shape::plan;
use crate::rules::{Lifecycle, Verdicts, check};
use crate::snapshot::Snapshot;

pub const CHECK: crate::rules::Check = check!("def", "DEF-011", sources: [DefenderPricings],
run: run,
lifecycle: Lifecycle::Legacy {
    reason: "the standalone Defender for DNS plan is retired; DNS threat detection ships with Defender for Servers Plan 2",
});

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(pricings) = super::pricings(snapshot, out) else {
        return;
    };
    let subject = out.subscription();
    let dns = plan::find(pricings, "Dns");
    let servers = plan::find(pricings, "VirtualMachines");
    let describe = |p: Option<&crate::snapshot::security::Pricing>, name: &str| {
        p.map_or_else(|| format!("no {name} plan"), plan::describe_one)
    };
    let observed = format!(
        "{}; {}",
        describe(dns, "Dns"),
        describe(servers, "VirtualMachines")
    );
    let decided: Vec<_> = [dns, servers].into_iter().flatten().collect();
    let evidence = plan::evidence_of(&decided);
    if plan::is_standard(dns) || plan::is_standard_with(servers, "P2") {
        out.pass(
            subject,
            format!("Defender DNS coverage: {observed}"),
            evidence,
        );
    } else {
        out.fail(
            subject,
            format!(
                "Defender DNS coverage: {observed}; enable Defender for Servers Plan 2 (the standalone Dns plan is retired)"
            ),
            evidence,
        );
    }
}
