//! ENTRA-003: app registrations and tenant-owned service principals with client secrets.

use super::{
    APPLICATIONS, active_secrets, describe, describe_app, format_time, judged, unavailable_message,
};
use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::entra::Credential;
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;
use time::OffsetDateTime;

pub const CHECK: crate::rules::Check = check!(
    "entra",
    "ENTRA-003",
    sources: [GraphApplications, GraphServicePrincipals],
    run: run
);

const APP_LIST: &str = "the app registration list";
const SERVICE_PRINCIPAL_LIST: &str = "the service principal list";

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let now = snapshot.collected_at;
    let (app_list, sp_list) = (
        &snapshot.entra.applications,
        &snapshot.entra.service_principals,
    );
    // The tenant is this check's one resource when nothing could be read: one ERROR.
    if app_list.ok().is_none() && sp_list.ok().is_none() {
        let tenant = out.tenant();
        let message = format!(
            "{} {}",
            unavailable_message(app_list, APP_LIST, &APPLICATIONS),
            unavailable_message(sp_list, SERVICE_PRINCIPAL_LIST, &APPLICATIONS)
        );
        out.error(tenant, message);
        return;
    }
    let apps = judged(out, app_list, APP_LIST, &APPLICATIONS).unwrap_or(&[]);
    for app in apps {
        judge(
            out,
            super::application_subject(app),
            &describe_app(app),
            &app.password_credentials,
            app.key_credentials.len(),
            now,
        );
    }
    let service_principals =
        judged(out, sp_list, SERVICE_PRINCIPAL_LIST, &APPLICATIONS).unwrap_or(&[]);
    if service_principals.is_empty() {
        return;
    }
    let Some(tenant) = snapshot.subscription.tenant_id.as_deref() else {
        let subject = out.tenant();
        out.error(
            subject,
            "the tenant ID is unknown, so which service principals the tenant owns cannot be told",
        );
        return;
    };
    for sp in service_principals {
        // Other tenants' applications and managed identities are not this tenant's
        // secrets to manage.
        let owned = eq_ci(sp.app_owner_organization_id.as_deref(), tenant);
        if !owned || eq_ci(sp.service_principal_type.as_deref(), "ManagedIdentity") {
            continue;
        }
        judge(
            out,
            super::service_principal_subject(&sp.id, sp.display_name.as_deref()),
            &describe(
                "service principal",
                sp.display_name.as_deref(),
                &sp.id,
                sp.app_id.as_deref(),
            ),
            &sp.password_credentials,
            0,
            now,
        );
    }
}

fn judge(
    out: &mut Verdicts,
    subject: Subject,
    owner: &str,
    secrets: &[Credential],
    certificates: usize,
    now: OffsetDateTime,
) {
    let active = active_secrets(secrets, now);
    let expired = secrets.len() - active.len();
    let evidence = json!({
        "passwordCredentials": active.iter().map(|c| json!({
            "keyId": c.key_id,
            "displayName": c.display_name,
            "endDateTime": c.end_date_time.map(format_time),
        })).collect::<Vec<_>>(),
        "expiredPasswordCredentials": expired,
        "keyCredentials": certificates,
    });
    if active.is_empty() {
        let mut message = format!("{owner} has no client secret");
        if certificates > 0 {
            message.push_str(&format!(" ({certificates} certificate(s))"));
        }
        if expired > 0 {
            message.push_str(&format!("; {expired} expired secret(s) ignored"));
        }
        out.pass(subject, message, evidence);
        return;
    }
    let listed = active
        .iter()
        .map(|c| match c.end_date_time {
            Some(end) => format!("'{}' (ends {})", c.label(), format_time(end)),
            None => format!("'{}' (no end date)", c.label()),
        })
        .collect::<Vec<_>>()
        .join(", ");
    out.fail(
        subject,
        format!("{owner} authenticates with client secret(s) {listed}"),
        evidence,
    );
}
