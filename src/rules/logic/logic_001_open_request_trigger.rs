//! LOGIC-001: workflows with an HTTP request trigger that any IP address may call.
//! Disabled workflows are judged too: they can be enabled.

use crate::rules::shape::firewall::{Entry, covers_every_public_address};
use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::logic::{OAuthPolicy, Workflow};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("logic", "LOGIC-001", sources: [LogicWorkflows], run: run);

/// Whatever restricts callers, SAS-signed URLs keep working (Microsoft: using one
/// scheme doesn't disable the other).
const SAS_NOTE: &str = "SAS-signed trigger URLs still work alongside it";

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for workflow in each(out, &snapshot.logic.workflows) {
        if workflow.request_triggers.is_empty() {
            continue;
        }
        let (passed, how) = judge(workflow);
        let message = if passed {
            format!("{}: {how}; {SAS_NOTE}", workflow.label())
        } else {
            format!(
                "{}: {how}: anyone holding the SAS-signed URL can trigger it",
                workflow.label()
            )
        };
        out.judge(
            passed,
            workflow.subject(),
            message,
            json!({
                "requestTriggers": workflow.request_triggers,
                "accessControl.triggers.allowedCallerIpAddresses": workflow.allowed_caller_ranges,
                "entraPolicies": entra_policies(&workflow.oauth_policies),
            }),
        );
    }
}

/// Whether callers are restricted, and how it is said.
fn judge(workflow: &Workflow) -> (bool, String) {
    let policies = entra_policies(&workflow.oauth_policies);
    let ranges = match &workflow.allowed_caller_ranges {
        // `[]` is the portal's "Only other Logic Apps".
        Some(ranges) if ranges.is_empty() => {
            return (true, "callers are limited to other Logic Apps".into());
        }
        Some(ranges) if !covers_every_public_address(ranges.iter().map(|r| entry(r))) => {
            return (
                true,
                format!("callers are limited to {}", ranges.join(", ")),
            );
        }
        Some(ranges) => format!(
            "the allowed caller ranges {} admit every address",
            ranges.join(", ")
        ),
        None => "no allowed caller IP ranges are set".to_string(),
    };
    if policies.is_empty() {
        (
            false,
            format!("{ranges} and no Entra ID authorization policy applies"),
        )
    } else {
        (
            true,
            format!(
                "{ranges}, but Entra ID authorization policy {} applies",
                policies.join(", ")
            ),
        )
    }
}

/// An allow-list entry: `a.b.c.d-e.f.g.h` ranges, else an address or CIDR block.
fn entry(range: &str) -> Entry<'_> {
    match range.split_once('-') {
        Some((start, end)) => Entry::Range(start, end),
        None => Entry::Prefix(range),
    }
}

/// Policies that authorize with Entra ID: type `AAD` or `AADPOP` with an `iss` claim.
fn entra_policies(policies: &[OAuthPolicy]) -> Vec<&str> {
    policies
        .iter()
        .filter(|p| {
            let entra = ["AAD", "AADPOP"]
                .iter()
                .any(|t| crate::snapshot::eq_ci(p.policy_type.as_deref(), t));
            entra
                && p.claims
                    .iter()
                    .any(|c| c.trim().eq_ignore_ascii_case("iss"))
        })
        .map(|p| p.name.as_str())
        .collect()
}
