//! APIM-001: API Management services that allow TLS 1.0/1.1, SSL 3.0 or 3DES, on the
//! client side or towards backends. A setting left out takes Microsoft's default: on
//! for services created on or before 2018-04-01, off after. Consumption: no result
//! (its TLS settings are fixed by the platform).

use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::apim::ApimService;
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::{Map, Value, json};
use time::format_description::well_known::Rfc3339;
use time::macros::date;
use time::{Date, OffsetDateTime, UtcOffset};

pub const CHECK: crate::rules::Check =
    check!("apim", "APIM-001", sources: [ApiManagementServices], run: run);

const PREFIX: &str = "Microsoft.WindowsAzure.ApiManagement.Gateway.Security.";

/// Each `customProperties` key (after `PREFIX`) and how messages name it.
const SETTINGS: [(&str, &str); 7] = [
    ("Protocols.Tls10", "TLS 1.0 from clients"),
    ("Protocols.Tls11", "TLS 1.1 from clients"),
    ("Protocols.Ssl30", "SSL 3.0 from clients"),
    ("Backend.Protocols.Tls10", "TLS 1.0 to backends"),
    ("Backend.Protocols.Tls11", "TLS 1.1 to backends"),
    ("Backend.Protocols.Ssl30", "SSL 3.0 to backends"),
    ("Ciphers.TripleDes168", "the 3DES cipher"),
];

/// "created on or before April 1, 2018": the old defaults (all on) apply.
const LAST_OLD_DEFAULTS: Date = date!(2018 - 04 - 01);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for service in each(out, &snapshot.apim.services) {
        if eq_ci(service.sku_name.as_deref(), "Consumption") {
            continue;
        }
        let created = created_on(service);
        // None: the service's age, and so its default, is unknown.
        let default_on = created.map(|day| day <= LAST_OLD_DEFAULTS);
        let mut on = Vec::new();
        let mut unknown = Vec::new();
        let mut evidence = Map::new();
        for (key, what) in SETTINGS {
            let full = format!("{PREFIX}{key}");
            let value = service
                .custom_properties
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(&full))
                .map(|(_, v)| v.as_str());
            evidence.insert(full, json!(value));
            match (value, default_on) {
                (Some(v), _) if v.trim().eq_ignore_ascii_case("true") => on.push(what.to_string()),
                (Some(_), _) | (None, Some(false)) => {}
                (None, Some(true)) => {
                    on.push(format!("{what} (by default: created by 2018-04-01)"))
                }
                (None, None) => unknown.push(what),
            }
        }
        evidence.insert("createdAtUtc".into(), json!(service.created_at_utc));
        let mut findings = Vec::new();
        if !on.is_empty() {
            findings.push(format!("allows {}", on.join(", ")));
        }
        if !unknown.is_empty() {
            findings.push(format!(
                "{} not set and createdAtUtc is {}, so the default, which depends on the service's age (on for services created by 2018-04-01), cannot be told",
                unknown.join(", "),
                service.created_at_utc.as_deref().unwrap_or("not set")
            ));
        }
        let message = if findings.is_empty() {
            format!(
                "{}: TLS 1.0/1.1, SSL 3.0 and 3DES are all off",
                service.label()
            )
        } else {
            format!("{}: {}", service.label(), findings.join("; "))
        };
        out.judge(
            findings.is_empty(),
            service.subject(),
            message,
            Value::Object(evidence),
        );
    }
}

/// The UTC day of `createdAtUtc`; None when missing or unparseable.
fn created_on(service: &ApimService) -> Option<Date> {
    let text = service.created_at_utc.as_deref()?.trim();
    if let Ok(at) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(at.to_offset(UtcOffset::UTC).date());
    }
    // ARM sometimes omits the zone (`2017-06-27T20:42:14.5469564`): it is UTC.
    let day = text.get(..10)?;
    Date::parse(
        day,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}
