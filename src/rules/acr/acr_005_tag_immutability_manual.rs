//! ACR-005: tag immutability cannot be seen at registry level, so each registry needs
//! a human to verify its repository and tag locks.

use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::Value;

pub const CHECK: crate::rules::Check = check!("acr", "ACR-005", sources: [Registries], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for registry in each(out, &snapshot.acr.registries) {
        out.manual(
            registry.subject(),
            format!(
                "{}: tag locks are set per repository and are not visible through ARM; verify that release tags are locked (az acr repository show --name {} --image <repo>:<tag>)",
                registry.name, registry.name
            ),
            Value::Null,
        );
    }
}
