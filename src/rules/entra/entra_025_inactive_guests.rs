//! ENTRA-025: enabled guest accounts without a sign-in for more than 90 days (`entra.guest_inactive_days`).

use super::{GUESTS, format_time, judged, user_subject};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::entra::{GuestUser, is_guest};
use serde_json::json;
use time::Duration;

pub const CHECK: crate::rules::Check =
    check!("entra", "ENTRA-025", sources: [GraphGuests], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(users) = judged(
        out,
        &snapshot.entra.guests,
        "the guest users with their sign-in activity",
        &GUESTS,
    ) else {
        return;
    };
    let at = snapshot.collected_at;
    let days = out.settings().entra.guest_inactive_days;
    let limit = at - Duration::days(i64::from(days));
    // `$filter` is only an optimisation; a null accountEnabled counts as enabled.
    let guests: Vec<&GuestUser> = users
        .iter()
        .filter(|u| is_guest(u.user_type.as_deref(), u.user_principal_name.as_deref()))
        .filter(|u| u.account_enabled != Some(false))
        .collect();
    if guests.is_empty() {
        let tenant = out.tenant();
        out.pass(
            tenant,
            "no enabled guest account exists",
            json!({ "guests": 0 }),
        );
        return;
    }
    for guest in guests {
        let name = guest
            .user_principal_name
            .as_deref()
            .or(guest.display_name.as_deref());
        let label = name.unwrap_or(&guest.id);
        let subject = user_subject(&guest.id, name);
        let Some(activity) = &guest.sign_in_activity else {
            out.error(
                subject,
                format!("guest {label}: signInActivity was not returned, so its last sign-in could not be read (needs AuditLog.Read.All and a Microsoft Entra ID P1 or P2 licence)"),
            );
            continue;
        };
        let last = activity.last_successful_sign_in_date_time.or_else(|| {
            activity
                .last_sign_in_date_time
                .into_iter()
                .chain(activity.last_non_interactive_sign_in_date_time)
                .max()
        });
        let evidence = json!({
            "lastActivity": last.map(format_time),
            "createdDateTime": guest.created_date_time.map(format_time),
        });
        match (last, guest.created_date_time) {
            (Some(last), _) => out.judge(
                last >= limit,
                subject,
                format!("guest {label} last signed in {} ({} days before the scan; limit {days})",
                    format_time(last), (at - last).whole_days()),
                evidence,
            ),
            (None, Some(created)) => out.judge(
                created >= limit,
                subject,
                format!("guest {label} never signed in; created {} ({} days before the scan; limit {days})",
                    format_time(created), (at - created).whole_days()),
                evidence,
            ),
            (None, None) => out.manual(
                subject,
                format!("guest {label} never signed in and has no createdDateTime: its age cannot be told"),
                evidence,
            ),
        }
    }
}
