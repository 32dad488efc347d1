//! Microsoft Defender for Cloud checks (DEF-*): one result per subscription, from the
//! Security provider's subscription-scope lists (each read once and shared, ACR-004
//! included). An unreadable list, a 409 for an unregistered Microsoft.Security
//! included, is one ERROR on the subscription naming the call.

mod def_001_servers_plan_off;
mod def_002_app_service_plan_off;
mod def_003_sql_databases_plan_off;
mod def_004_sql_on_machines_plan_off;
mod def_005_open_source_db_plan_off;
mod def_006_cosmos_db_plan_off;
mod def_007_storage_plan_off;
mod def_008_containers_plan_off;
mod def_009_key_vault_plan_off;
mod def_010_resource_manager_plan_off;
mod def_011_dns_coverage_missing;
mod def_012_apis_plan_off;
mod def_013_ai_plan_off;
mod def_014_cspm_plan_off;
mod def_015_endpoint_integration_off;
mod def_016_machine_va_not_configured;
mod def_017_agentless_vm_scanning_off;
mod def_018_container_agentless_off;
mod def_019_log_analytics_auto_provisioning_off;
mod def_020_no_contact_email;
mod def_021_owners_not_notified;
mod def_022_alert_emails_off;
mod def_023_attack_path_emails_off;
mod def_024_secure_score;

use super::shape::{Resource, plan};
use super::{Check, Subject, Verdicts};
use crate::collect::calls::{self, Call};
use crate::snapshot::security::{Pricing, SecurityContact};
use crate::snapshot::{Fetched, Snapshot, canonical_id};
use serde_json::json;

pub const CHECKS: &[Check] = &[
    def_001_servers_plan_off::CHECK,
    def_002_app_service_plan_off::CHECK,
    def_003_sql_databases_plan_off::CHECK,
    def_004_sql_on_machines_plan_off::CHECK,
    def_005_open_source_db_plan_off::CHECK,
    def_006_cosmos_db_plan_off::CHECK,
    def_007_storage_plan_off::CHECK,
    def_008_containers_plan_off::CHECK,
    def_009_key_vault_plan_off::CHECK,
    def_010_resource_manager_plan_off::CHECK,
    def_011_dns_coverage_missing::CHECK,
    def_012_apis_plan_off::CHECK,
    def_013_ai_plan_off::CHECK,
    def_014_cspm_plan_off::CHECK,
    def_015_endpoint_integration_off::CHECK,
    def_016_machine_va_not_configured::CHECK,
    def_017_agentless_vm_scanning_off::CHECK,
    def_018_container_agentless_off::CHECK,
    def_019_log_analytics_auto_provisioning_off::CHECK,
    def_020_no_contact_email::CHECK,
    def_021_owners_not_notified::CHECK,
    def_022_alert_emails_off::CHECK,
    def_023_attack_path_emails_off::CHECK,
    def_024_secure_score::CHECK,
];

/// A Security list the subscription's verdict is read from, or None after one ERROR on
/// the subscription: when the call failed, or when a field in its answer had the wrong
/// JSON type (the collector charges those to the item, which no DEF verdict is about,
/// so they are looked up here by the call that returned them).
fn setting_list<'s, T>(
    snapshot: &'s Snapshot,
    out: &mut Verdicts,
    list: &'s Fetched<Vec<T>>,
    what: &str,
    call: &Call,
) -> Option<&'s [T]> {
    let items = out.readable_in_subscription(list, what)?;
    let path = canonical_id(&call.path_for(&snapshot.subscription.id));
    let wrong: Vec<String> = snapshot
        .unreadable
        .iter()
        .filter(|u| canonical_id(&u.call) == path)
        .map(|u| format!("{} is {}", u.field, u.problem))
        .collect();
    if wrong.is_empty() {
        return Some(items);
    }
    let subject = out.subscription();
    out.error(
        subject,
        format!(
            "{what}: not assessed: the response has a value of the wrong type: {}",
            wrong.join("; ")
        ),
    );
    None
}

/// The pricings (call P), or None after one ERROR on the subscription naming the call.
fn pricings<'s>(snapshot: &'s Snapshot, out: &mut Verdicts) -> Option<&'s [Pricing]> {
    setting_list(
        snapshot,
        out,
        &snapshot.security.pricings,
        "the Defender plan pricings",
        &calls::DEFENDER_PRICINGS,
    )
}

/// D1 on plan `name` for the subscription (the plan checks that differ only by name).
fn plan_rule(snapshot: &Snapshot, out: &mut Verdicts, name: &str, label: &str) {
    let Some(pricings) = pricings(snapshot, out) else {
        return;
    };
    let subject = out.subscription();
    plan::judge(out, subject, pricings, name, label);
}

/// The list a Defender for Servers component check reads (DEF-015/016), when the
/// subscription is in scope: None when the Servers plan is off (no result: DEF-001
/// reports it), or after the ERROR for unreadable pricings (the scope is undecided) or
/// an unreadable list.
fn servers_component<'s, T>(
    snapshot: &'s Snapshot,
    out: &mut Verdicts,
    list: &'s Fetched<Vec<T>>,
    what: &str,
    call: &Call,
) -> Option<&'s [T]> {
    let pricings = pricings(snapshot, out)?;
    if !plan::is_standard(plan::find(pricings, "VirtualMachines")) {
        return None;
    }
    setting_list(snapshot, out, list, what, call)
}

/// Runs `judge` on the subscription's security contact (DEF-020…023): the API allows
/// one, named `default`. Without it the check FAILs (`what`: no security contact); an
/// unreadable contact list is one ERROR.
fn judge_contact(
    snapshot: &Snapshot,
    out: &mut Verdicts,
    what: &str,
    judge: impl FnOnce(&mut Verdicts, Subject, &SecurityContact),
) {
    let Some(contacts) = setting_list(
        snapshot,
        out,
        &snapshot.security.contacts,
        "the Defender security contacts",
        &calls::SECURITY_CONTACTS,
    ) else {
        return;
    };
    let subject = out.subscription();
    match contacts
        .iter()
        .find(|c| c.name.trim().eq_ignore_ascii_case("default"))
    {
        Some(contact) => judge(out, subject, contact),
        None => out.fail(
            subject,
            format!("{what}: no security contact (default) is configured"),
            json!({ "contact": null }),
        ),
    }
}

/// A contact is enabled unless `isEnabled` is false.
fn contact_enabled(contact: &SecurityContact) -> bool {
    contact.is_enabled != Some(false)
}

/// The contact's addresses: `emails` split on `;` and `,`, trimmed, empty ones dropped.
fn contact_emails(contact: &SecurityContact) -> Vec<&str> {
    contact
        .emails
        .as_deref()
        .unwrap_or_default()
        .split([';', ','])
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect()
}

/// Whether alerts go to people by role (`notificationsByRole.state` On).
fn notifies_roles(contact: &SecurityContact) -> bool {
    contact
        .notifications_by_role
        .as_ref()
        .is_some_and(|n| crate::snapshot::eq_ci(n.state.as_deref(), "On"))
}

/// D1 on plan `name`, judged only where the subscription holds at least one resource
/// of `resources` that `protected` selects (DEF-012/013): none → no result; the list
/// unreadable → ERROR, since whether the plan is in scope cannot be told.
/// `with_extensions` names the plan's extensions as reported (DEF-013).
fn plan_where_deployed<R: Resource>(
    snapshot: &Snapshot,
    out: &mut Verdicts,
    resources: &Fetched<Vec<R>>,
    protected: fn(&R) -> bool,
    (name, label): (&str, &str),
    with_extensions: bool,
) {
    let Some(list) = out.readable_in_subscription(resources, R::LIST) else {
        return;
    };
    if !list.iter().any(protected) {
        return;
    }
    let Some(pricings) = pricings(snapshot, out) else {
        return;
    };
    let extensions = plan::find(pricings, name)
        .filter(|_| with_extensions)
        .map(|p| {
            p.extensions
                .iter()
                .map(|e| {
                    let on = plan::extension_enabled(e.is_enabled.as_ref());
                    format!("{} {}", e.name, if on { "on" } else { "off" })
                })
                .collect::<Vec<_>>()
        })
        .filter(|names| !names.is_empty());
    let label = match extensions {
        Some(names) => format!("{label} (extensions: {})", names.join(", ")),
        None => label.to_string(),
    };
    let subject = out.subscription();
    plan::judge(out, subject, pricings, name, &label);
}
