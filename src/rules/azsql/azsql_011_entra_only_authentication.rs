//! AZSQL-011: SQL servers that still accept SQL authentication (Entra-only off).

use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::{Fetched, Snapshot};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azsql", "AZSQL-011", sources: [SqlServers, SqlEntraOnly], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for server in each(out, &snapshot.sql.servers) {
        let listed = server
            .listed_administrator
            .as_ref()
            .and_then(|a| a.azure_ad_only_authentication);
        let setting = &server.entra_only_authentication;
        let read = setting.ok().and_then(|s| s.azure_ad_only_authentication);
        let evidence = json!({
            "azureADOnlyAuthentications.azureADOnlyAuthentication": read,
            "administrators.azureADOnlyAuthentication": listed,
        });
        let name = &server.name;
        // `true` from either source decides, whatever the other returned.
        if read == Some(true) {
            out.pass(
                server.subject(),
                format!("{name}: azureADOnlyAuthentication is true"),
                evidence,
            );
        } else if listed == Some(true) {
            let mut message = format!("{name}: administrators.azureADOnlyAuthentication is true");
            if let Some(reason) = setting.unavailable_reason("the Entra-only setting") {
                message.push_str(&format!(" ({reason})"));
            }
            out.pass(server.subject(), message, evidence);
        } else if let Fetched::Ok(_) = setting {
            let value = read.map_or("not set (no Entra-only setting)".to_string(), |v| {
                v.to_string()
            });
            out.fail(
                server.subject(),
                format!("{name}: azureADOnlyAuthentication is {value}; SQL logins are accepted"),
                evidence,
            );
        } else {
            let what = format!("the Entra-only authentication setting of SQL server {name}");
            out.error(
                server.subject(),
                setting.unavailable_reason(&what).unwrap_or_default(),
            );
        }
    }
}
