//! DEF-007: subscriptions without the Defender for Storage plan (D1 on pricing
//! `StorageAccounts`); the message says which sub-plan runs and whether on-upload
//! malware scanning (extension `OnUploadMalwareScanning`) is on.

use crate::rules::shape::plan;
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;

pub const CHECK: crate::rules::Check =
    check!("def", "DEF-007", sources: [DefenderPricings], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(pricings) = super::pricings(snapshot, out) else {
        return;
    };
    let subject = out.subscription();
    let Some(pricing) = plan::find(pricings, "StorageAccounts") else {
        plan::judge(
            out,
            subject,
            pricings,
            "StorageAccounts",
            "Defender for Storage",
        );
        return;
    };
    let scanning = if plan::extension_on(pricing, "OnUploadMalwareScanning") {
        "on-upload malware scanning (OnUploadMalwareScanning) is on"
    } else {
        "on-upload malware scanning (OnUploadMalwareScanning) is off"
    };
    out.judge(
        plan::is_standard(Some(pricing)),
        subject,
        format!(
            "Defender for Storage: {}; {scanning}",
            plan::describe_one(pricing)
        ),
        serde_json::json!({ "pricing": plan::evidence_one(pricing) }),
    );
}
