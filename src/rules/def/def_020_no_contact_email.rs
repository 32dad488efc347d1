//! DEF-020: no security contact email for Defender notifications: the subscription's
//! contact (`default`) must be enabled and list at least one address.

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("def", "DEF-020", sources: [SecurityContacts], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(contact) = super::default_contact(snapshot, out) else {
        return;
    };
    let subject = out.subscription();
    let Some(contact) = contact else {
        out.fail(
            subject,
            "Security contact: no security contact (default) is configured",
            json!({ "contact": null }),
        );
        return;
    };
    let emails = super::contact_emails(contact);
    let evidence =
        json!({ "contact": contact.name, "isEnabled": contact.is_enabled, "emails": emails.len() });
    if !super::contact_enabled(contact) {
        out.fail(
            subject,
            format!("Security contact: {} has isEnabled false", contact.name),
            evidence,
        );
    } else if emails.is_empty() {
        out.fail(
            subject,
            format!("Security contact: {} lists no email address", contact.name),
            evidence,
        );
    } else {
        out.pass(
            subject,
            format!(
                "Security contact: {} lists {} email address(es)",
                contact.name,
                emails.len()
            ),
            evidence,
        );
    }
}
