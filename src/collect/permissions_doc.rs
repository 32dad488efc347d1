//! Keeps the call table in `docs/permissions.md` generated from `calls::ALL` and the
//! check registry, so the documented permissions never drift from the calls azscan
//! makes. `AZSCAN_BLESS=1` rewrites the generated block.

use super::calls::{self, Absent, Api, Call, Permission};
use crate::rules::catalog;
use std::fmt::Write;
use std::path::PathBuf;

const BEGIN: &str = "<!-- BEGIN generated from src/collect/calls.rs; do not edit: run `AZSCAN_BLESS=1 cargo test --lib permissions` -->";
const END: &str = "<!-- END generated -->";

/// The IDs of the checks whose sources make `call`.
fn used_by(call: &Call) -> String {
    if *call == calls::SUBSCRIPTION {
        return "every scan (access check, tenant)".into();
    }
    let ids: Vec<&str> = catalog()
        .iter()
        .filter(|rule| rule.check.sources.iter().any(|s| s.calls().contains(&call)))
        .map(|rule| rule.check.id)
        .collect();
    ids.join(", ")
}

fn meaning(absent: Absent, nothing: &str) -> &str {
    match absent {
        Absent::Failure => "ERROR",
        Absent::Nothing => nothing,
    }
}

fn table() -> String {
    let mut out = String::new();
    out += "| Call | Needs | 404 means | 409 `MissingSubscriptionRegistration` means | Checks |\n";
    out += "|---|---|---|---|---|\n";
    for call in calls::ALL {
        let needs = match call.permission {
            Permission::Arm { action, role } => format!("`{action}` ({role})"),
            Permission::Graph {
                permission,
                note: "",
            } => {
                format!("**{permission}** (Graph application permission)")
            }
            Permission::Graph { permission, note } => {
                format!("**{permission}** (Graph application permission; {note})")
            }
        };
        let not_found = meaning(call.not_found, "none exists");
        let unregistered = match call.api {
            Api::Graph | Api::KeyVault | Api::Storage => "—",
            Api::Arm => meaning(call.unregistered, "no such resources: no result, no ERROR"),
        };
        let _ = writeln!(
            out,
            "| `{}` | {needs} | {not_found} | {unregistered} | {} |",
            call.display(),
            used_by(call)
        );
    }
    out
}

#[test]
fn permissions_doc_lists_every_call() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/permissions.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let (Some(begin), Some(end)) = (text.find(BEGIN), text.find(END)) else {
        panic!("docs/permissions.md lacks the generated-block markers");
    };
    let generated = format!("{BEGIN}\n\n{}\n{END}", table());
    let current = &text[begin..end + END.len()];
    if current == generated {
        return;
    }
    if std::env::var_os("AZSCAN_BLESS").is_some() {
        let updated = format!("{}{generated}{}", &text[..begin], &text[end + END.len()..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    panic!(
        "docs/permissions.md's call table is stale: run `AZSCAN_BLESS=1 cargo test --lib permissions`"
    );
}
