//! ENTRA-015: a privileged directory role held by a guest user, directly or through a group.

use super::{Holding, privileged_holdings};
use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::entra::DirectoryObject;
use crate::snapshot::{Fetched, Snapshot};
use serde_json::json;
use std::collections::BTreeMap;

pub const CHECK: crate::rules::Check = check!(
    "entra",
    "ENTRA-015",
    sources: [GraphPrivilegedRoles, GraphRoleEligibility, GraphPrincipals],
    run: run
);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some((holdings, directory, note)) = privileged_holdings(snapshot, out, |_| true) else {
        return;
    };
    // One result per principal, listing every privileged role it holds.
    let mut by_principal: BTreeMap<String, Vec<&Holding>> = BTreeMap::new();
    for holding in &holdings {
        by_principal
            .entry(holding.principal_id.trim().to_lowercase())
            .or_default()
            .push(holding);
    }
    let mut clean = true;
    for (id, held) in &by_principal {
        let mut roles: Vec<String> = held
            .iter()
            .map(|h| {
                if h.eligible {
                    format!("{} (eligible)", h.role)
                } else {
                    h.role.to_string()
                }
            })
            .collect();
        roles.dedup();
        let roles = roles.join(", ");
        match directory.object(id) {
            Fetched::Ok(Some(o)) if o.is_user() => {
                // A #EXT# UPN decides without the $select fields; otherwise they must be read.
                let guest = o.is_guest();
                if !guest && !matches!(o.user_fields, Fetched::Ok(())) {
                    clean = false;
                    let why = o
                        .user_fields
                        .unavailable_reason(&format!("the userType of user {}", o.label()))
                        .unwrap_or_default();
                    out.error(subject(o, "users"), why);
                } else if guest {
                    clean = false;
                    out.fail(
                        subject(o, "users"),
                        format!("guest user {} holds {roles}", o.label()),
                        json!({ "userType": o.user_type, "userPrincipalName": o.user_principal_name, "roles": roles }),
                    );
                }
            }
            Fetched::Ok(Some(o)) if o.is_group() => match directory.group_guests(o) {
                Ok(guests) if guests.is_empty() => {}
                Ok(guests) => {
                    clean = false;
                    out.fail(
                        subject(o, "groups"),
                        format!(
                            "role-assignable group {} holds {roles} and has guest members {}",
                            o.label(),
                            guests.join(", ")
                        ),
                        json!({ "guests": guests, "roles": roles }),
                    );
                }
                Err(why) => {
                    clean = false;
                    out.error(subject(o, "groups"), why);
                }
            },
            Fetched::Ok(_) => {}
            unavailable => {
                clean = false;
                let why = unavailable
                    .unavailable_reason(&format!("the principal {id} holding {roles}"))
                    .unwrap_or_default();
                out.error(
                    Subject::new(
                        &format!("/directoryObjects/{id}"),
                        id,
                        "Microsoft.Graph/directoryObjects",
                        None,
                    ),
                    why,
                );
            }
        }
    }
    if clean {
        let tenant = out.tenant();
        let mut message = format!(
            "no guest user holds a privileged directory role ({} principals checked)",
            by_principal.len()
        );
        if let Some(note) = note {
            message.push_str(&format!("; {note}"));
        }
        out.pass(tenant, message, json!({ "principals": by_principal.len() }));
    }
}

fn subject(o: &DirectoryObject, collection: &str) -> Subject {
    Subject::new(
        &format!("/{collection}/{}", o.id),
        o.display_name.as_deref().unwrap_or(&o.id),
        &format!("Microsoft.Graph/{collection}"),
        None,
    )
}
