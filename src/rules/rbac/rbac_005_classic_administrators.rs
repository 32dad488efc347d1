//! RBAC-005: classic subscription administrators (co-administrators) still present.

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("rbac", "RBAC-005", sources: [ClassicAdministrators], run: run);

const CLASSIC_ROLES: [&str; 2] = ["CoAdministrator", "ServiceAdministrator"];

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(admins) = out.readable_in_subscription(
        &snapshot.rbac.classic_administrators,
        "the classic subscription administrators",
    ) else {
        return;
    };
    // `role` holds `;`-separated roles (`ServiceAdministrator;AccountAdministrator`).
    let classic: Vec<String> = admins
        .iter()
        .filter_map(|a| {
            let roles: Vec<&str> = a
                .role
                .as_deref()
                .unwrap_or("")
                .split(';')
                .map(str::trim)
                .filter(|r| CLASSIC_ROLES.iter().any(|c| r.eq_ignore_ascii_case(c)))
                .collect();
            (!roles.is_empty()).then(|| {
                format!(
                    "{} ({})",
                    a.email_address.as_deref().unwrap_or(&a.name),
                    roles.join(", ")
                )
            })
        })
        .collect();
    let subscription = out.subscription();
    let evidence = json!({ "classicAdministrators": classic });
    if classic.is_empty() {
        out.pass(
            subscription,
            format!(
                "no co-administrator or service administrator is listed ({} classic entries read)",
                admins.len()
            ),
            evidence,
        );
    } else {
        out.fail(
            subscription,
            format!(
                "classic administrators are still listed: {}",
                classic.join(", ")
            ),
            evidence,
        );
    }
}
