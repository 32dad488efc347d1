//! DEF-020: no security contact email for Defender notifications: the subscription's
//! contact (`default`) must be enabled and list at least one address.

use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::security::SecurityContact;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("def", "DEF-020", sources: [SecurityContacts], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    super::judge_contact(snapshot, out, "Security contact", judge);
}

fn judge(out: &mut Verdicts, subject: Subject, contact: &SecurityContact) {
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
