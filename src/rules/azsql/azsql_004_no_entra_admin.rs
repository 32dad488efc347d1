//! AZSQL-004: servers without a Microsoft Entra (Azure AD) administrator.

use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::{Fetched, Snapshot};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azsql", "AZSQL-004", sources: [SqlServers, SqlAdministrators], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for server in each(out, &snapshot.sql.servers) {
        let subject = server.subject();
        // The server list may already show the admin; that answers the question even
        // when the administrators call failed.
        let listed = server
            .listed_administrator
            .as_ref()
            .filter(|a| a.is_entra());
        let mut admins: Vec<_> = match (&server.administrators, listed) {
            (Fetched::Ok(admins), _) => admins.iter().filter(|a| a.is_entra()).collect(),
            (_, Some(_)) => Vec::new(),
            (unavailable, None) => {
                let what = format!("the administrators of SQL server {}", server.name);
                out.error(
                    subject,
                    unavailable.unavailable_reason(&what).unwrap_or_default(),
                );
                continue;
            }
        };
        if admins.is_empty() {
            admins.extend(listed);
        }
        let logins: Vec<&str> = admins
            .iter()
            .map(|a| a.login.as_deref().unwrap_or("(no login name)"))
            .collect();
        let message = match logins.first() {
            Some(login) => format!("{}: Entra administrator is {login}", server.name),
            None => format!("{}: no Entra (ActiveDirectory) administrator", server.name),
        };
        out.judge(
            !admins.is_empty(),
            subject,
            message,
            json!({ "entraAdministrators": logins }),
        );
    }
}
