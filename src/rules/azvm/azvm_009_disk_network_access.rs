//! AZVM-009: managed disks whose export and import URLs work from any network.

use crate::rules::shape::{self, Resource};
use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azvm", "AZVM-009", sources: [ManagedDisks], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for disk in shape::each(out, &snapshot.compute.disks) {
        let policy = disk.network_access_policy.as_deref();
        let public = disk.public_network_access.as_deref();
        // SecuredByPerimeter counts as Disabled wherever a provider returns it.
        let public_off = eq_ci(public, "Disabled") || eq_ci(public, "SecuredByPerimeter");
        let policy_closed = eq_ci(policy, "DenyAll") || eq_ci(policy, "AllowPrivate");
        let message = format!(
            "{}: networkAccessPolicy is {}, publicNetworkAccess is {}",
            disk.name,
            policy.unwrap_or("not set (AllowAll)"),
            public.unwrap_or("not set")
        );
        out.judge(
            public_off || policy_closed,
            disk.subject(),
            message,
            json!({ "networkAccessPolicy": policy, "publicNetworkAccess": public }),
        );
    }
}
