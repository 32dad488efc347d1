//! ENTRA-014: the number of enabled users holding Global Administrator is outside 2–4.

use super::privileged_holdings;
use crate::rules::{Verdicts, check};
use crate::snapshot::entra::GLOBAL_ADMINISTRATOR_ROLE;
use crate::snapshot::{Fetched, Snapshot};
use serde_json::json;
use std::collections::BTreeMap;

pub const CHECK: crate::rules::Check = check!(
    "entra",
    "ENTRA-014",
    sources: [GraphPrivilegedRoles, GraphRoleEligibility, GraphPrincipals],
    run: run
);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some((holdings, directory, note)) = privileged_holdings(snapshot, out, |role| {
        role.trim().eq_ignore_ascii_case(GLOBAL_ADMINISTRATOR_ROLE)
    }) else {
        return;
    };
    // Distinct enabled users, directly or through a group; guests count, service
    // principals do not (ENTRA-001), and a null accountEnabled counts as enabled.
    // Keyed by object ID, so a user holding the role twice counts once.
    let mut users: BTreeMap<String, String> = BTreeMap::new();
    let mut untold: Vec<String> = Vec::new();
    let enabled = |o: &crate::snapshot::entra::DirectoryObject| o.account_enabled != Some(false);
    for holding in &holdings {
        let id = holding.principal_id.trim().to_lowercase();
        match directory.object(&id) {
            Fetched::Ok(Some(o)) if o.is_user() => {
                if enabled(o) {
                    users.insert(o.id.to_lowercase(), o.label());
                }
            }
            Fetched::Ok(Some(o)) if o.is_group() => match directory.group_users.get(&id) {
                Some(Fetched::Ok(members)) => {
                    users.extend(
                        members
                            .iter()
                            .filter(|u| enabled(u))
                            .map(|u| (u.id.to_lowercase(), u.label())),
                    );
                }
                other => untold.push(
                    other
                        .and_then(|m| {
                            m.unavailable_reason(&format!("the members of group {}", o.label()))
                        })
                        .unwrap_or_else(|| {
                            format!("the members of group {} were not read", o.label())
                        }),
                ),
            },
            // Service principals, other objects, and principals that no longer exist.
            Fetched::Ok(_) => {}
            unavailable => untold.push(
                unavailable
                    .unavailable_reason(&format!("the principal {id}"))
                    .unwrap_or_default(),
            ),
        }
    }
    let tenant = out.tenant();
    let n = users.len();
    let counted = if note.is_some() {
        "active"
    } else {
        "active or eligible"
    };
    let mut message = format!(
        "{n} enabled users hold Global Administrator ({counted}): {}",
        users.values().cloned().collect::<Vec<_>>().join(", ")
    );
    if let Some(note) = &note {
        message.push_str(&format!("; {note}"));
    }
    let evidence = json!({ "globalAdministrators": users.values().collect::<Vec<_>>(), "eligibleCounted": note.is_none() });
    if !untold.is_empty() && n <= 4 {
        // Unread holders could change the count either way.
        out.error(
            tenant,
            format!(
                "the Global Administrators cannot all be counted: {}; {message}",
                untold.join("; ")
            ),
        );
        return;
    }
    match n {
        2..=4 => out.pass(tenant, message, evidence),
        0 | 1 => out.fail(
            tenant,
            format!("{message}; fewer than 2 leaves no break-glass redundancy"),
            evidence,
        ),
        _ => out.fail(
            tenant,
            format!("{message}; more than 4 is over-privileged"),
            evidence,
        ),
    }
}
