//! DEF-021: Defender alert emails not sent to subscription owners: the contact's
//! `notificationsByRole` must be On and include the `Owner` role.

use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::security::SecurityContact;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("def", "DEF-021", sources: [SecurityContacts], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    super::judge_contact(snapshot, out, "Alert emails to owners", judge);
}

fn judge(out: &mut Verdicts, subject: Subject, contact: &SecurityContact) {
    let Some(by_role) = &contact.notifications_by_role else {
        out.fail(
            subject,
            format!(
                "Alert emails to owners: {} has no notificationsByRole",
                contact.name
            ),
            json!({ "notificationsByRole": null }),
        );
        return;
    };
    let owner = by_role
        .roles
        .iter()
        .any(|r| r.trim().eq_ignore_ascii_case("Owner"));
    out.judge(
        super::notifies_roles(contact) && owner,
        subject,
        format!(
            "Alert emails to owners: notificationsByRole state is {}, roles [{}]",
            by_role.state.as_deref().unwrap_or("not set"),
            by_role.roles.join(", ")
        ),
        json!({ "notificationsByRole": {"state": by_role.state, "roles": by_role.roles} }),
    );
}
