//! `azscan doctor`: before a scan, makes one cheap read per call the selected checks
//! need (the calls a scan makes, from `collect::calls`) and says, for each one that
//! fails, which ARM action or Graph permission is missing, what to grant and how.
//! It never decodes tokens or reads role assignments: only the reads themselves tell.

use super::args::{DoctorArgs, Format};
use super::{EXIT_FAILED, EXIT_OK, init_logging, runtime, selection, validate_connection};
use super::{validate_subscription_id, write_output};
use crate::arm::{ApiError, Client, Flavor, Shared};
use crate::auth::{CredentialChain, TokenSource};
use crate::collect::calls::{self, Absent, Api, Call, Permission};
use crate::collect::{self, Plan, Source};
use crate::scan::Connection;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Microsoft Graph's application ID, for `az ad app permission add --api`.
const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";

/// The app role IDs of the Graph application permissions the catalog needs.
fn graph_permission_id(permission: &str) -> Option<&'static str> {
    match permission {
        "Application.Read.All" => Some("9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30"),
        "RoleManagement.Read.Directory" => Some("483bed4a-2ad3-4361-a73b-c83ccdbdc53c"),
        "Directory.Read.All" => Some("7ab1d382-f21e-4acd-a863-ba3e13f7da61"),
        "Policy.Read.All" => Some("246dd0d5-5bd0-4def-940b-0421030a5b68"),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum Status {
    /// The read succeeded (or answered "none exist", which a scan reads the same way).
    Readable,
    /// Nothing to read it under (no parent resource), so it could not be tried.
    NotProbed,
    Forbidden,
    /// The resource provider must be registered first.
    Unregistered,
    Failed,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Status::Readable => "ok",
            Status::NotProbed => "not probed",
            Status::Forbidden => "FORBIDDEN",
            Status::Unregistered => "NOT REGISTERED",
            Status::Failed => "FAILED",
        }
    }

    fn is_ok(self) -> bool {
        matches!(self, Status::Readable | Status::NotProbed)
    }
}

/// One probed call.
#[derive(Debug, Serialize)]
struct Probe {
    /// `GET /subscriptions/{subscriptionId}/providers/...?api-version=...`.
    call: String,
    status: Status,
    /// The answer: HTTP status and code, or why it was not probed.
    detail: String,
    /// The ARM action or Graph permission the call needs (shown when it failed).
    missing: Option<String>,
    /// The built-in role or permission to grant, or the provider to register.
    grant: Option<String>,
    command: Option<String>,
    /// The selected checks that need it.
    checks: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
struct Diagnosis {
    subscription_id: String,
    tenant_id: Option<String>,
    /// The credential of the chain that signed in (`Azure CLI`, `managed identity`, ...).
    credential: Option<&'static str>,
    ok: bool,
    probes: Vec<Probe>,
}

pub fn run(args: DoctorArgs) -> Result<i32, String> {
    init_logging(args.verbosity);
    let subscription_id = validate_subscription_id(&args.subscription_id, "--subscription-id")?;
    let rules = selection::select_from_flags(&args.selection)?;
    let connection = validate_connection(&args.connection, args.verbosity)?;
    let mut checks_of: BTreeMap<&'static str, Vec<&'static str>> = BTreeMap::new();
    let sources: Vec<Source> = rules
        .iter()
        .flat_map(|r| r.check.sources.iter().copied())
        .collect();
    for rule in &rules {
        for source in rule.check.sources {
            for call in source.calls() {
                let ids = checks_of.entry(call.path).or_default();
                if !ids.contains(&rule.check.id) {
                    ids.push(rule.check.id);
                }
            }
        }
    }
    let diagnosis = runtime()?.block_on(diagnose(
        &subscription_id,
        &connection,
        &Plan::new(sources),
        &checks_of,
    ))?;
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&diagnosis)
            .map_err(|e| format!("cannot serialize the diagnosis: {e}"))?,
        Format::Table => table(&diagnosis),
    };
    write_output(None, &format!("{text}\n"))?;
    Ok(if diagnosis.ok { EXIT_OK } else { EXIT_FAILED })
}

async fn diagnose(
    subscription_id: &str,
    connection: &Connection,
    plan: &Plan,
    checks_of: &BTreeMap<&'static str, Vec<&'static str>>,
) -> Result<Diagnosis, String> {
    let endpoints = &connection.endpoints;
    let settings = connection
        .reliability
        .client_settings(connection.concurrency, connection.arm_reads_per_second);
    let shared = Shared::new(settings, endpoints.all_loopback())?;
    let chain = Arc::new(CredentialChain::new(connection.auth, endpoints.cloud));
    let client = |base: &url::Url, flavor, scope: &str| {
        Client::new(
            shared.clone(),
            base.clone(),
            flavor,
            TokenSource::new(chain.clone(), scope.to_string()),
        )
    };
    let arm = client(&endpoints.arm, Flavor::Arm, &endpoints.arm_scope);
    let graph = client(&endpoints.graph, Flavor::Graph, &endpoints.graph_scope);
    let mut diagnosis = Diagnosis {
        subscription_id: subscription_id.to_string(),
        tenant_id: None,
        credential: None,
        ok: true,
        probes: Vec::new(),
    };
    let subscription = collect::subscription(&arm, subscription_id).await;
    diagnosis.credential = chain.chosen_name();
    let probe = |call: &Call, answer: Result<Value, ApiError>| {
        judge(subscription_id, call, answer, checks_of.get(call.path))
    };
    match subscription {
        Ok(found) => {
            diagnosis.tenant_id = found.tenant_id;
            diagnosis
                .probes
                .push(probe(&calls::SUBSCRIPTION, Ok(Value::Null)));
        }
        // No token at all: nothing below could say more.
        Err(e) if e.status.is_none() && e.code.as_deref() == Some("AuthenticationFailed") => {
            return Err(format!("authentication failed: {}", e.message));
        }
        Err(e) => {
            diagnosis.probes.push(probe(&calls::SUBSCRIPTION, Err(e)));
            diagnosis.ok = false;
            return Ok(diagnosis);
        }
    }
    // Parents are probed before their children (a source lists its calls parents
    // first), so a child is tried under the first parent its list returned.
    let mut first_items: BTreeMap<&str, Value> = BTreeMap::new();
    for call in plan.calls() {
        if *call == calls::SUBSCRIPTION {
            continue;
        }
        let via = match call.api {
            Api::Arm => &arm,
            Api::Graph => &graph,
        };
        let scope = if call.per_resource() || plan.parent_of(call).is_some() {
            match child_scope(call, plan, subscription_id, &first_items) {
                Ok(scope) => scope,
                Err(why) => {
                    diagnosis.probes.push(Probe {
                        call: call.display(),
                        status: Status::NotProbed,
                        detail: why,
                        missing: None,
                        grant: None,
                        command: None,
                        checks: checks_of.get(call.path).cloned().unwrap_or_default(),
                    });
                    continue;
                }
            }
        } else {
            subscription_id.to_string()
        };
        let top: &[(&str, &str)] = if call.top { &[("$top", "1")] } else { &[] };
        let query = call.query(top);
        // One page is enough to learn whether the identity may read the call.
        let answer = via.get(&call.path_for(&scope), &query).await;
        if let Ok(page) = &answer
            && let Some(first) = page.get("value").and_then(|v| v.get(0))
        {
            first_items.insert(call.path, first.clone());
        }
        diagnosis.probes.push(probe(call, answer));
    }
    diagnosis.ok = diagnosis.probes.iter().all(|p| p.status.is_ok());
    Ok(diagnosis)
}

/// The scope a per-resource call is tried under: the subscription itself for
/// diagnostic settings without a parent source, else a field of the parent list's
/// first item.
fn child_scope(
    call: &Call,
    plan: &Plan,
    subscription_id: &str,
    first_items: &BTreeMap<&str, Value>,
) -> Result<String, String> {
    let parent = plan.parent_of(call);
    let Some(parent) = parent else {
        return Ok(format!("/subscriptions/{subscription_id}"));
    };
    let field = if *call == calls::WAF_POLICY {
        "/properties/firewallPolicy/id"
    } else if *call == calls::GRAPH_DIRECTORY_OBJECT {
        "/principalId"
    } else {
        "/id"
    };
    first_items
        .get(parent.path)
        .and_then(|item| item.pointer(field))
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| format!("nothing to read it under ({} returned none)", parent.path))
}

/// A probe's outcome, read the way a scan reads it (per the table of calls).
fn judge(
    subscription_id: &str,
    call: &Call,
    answer: Result<Value, ApiError>,
    checks: Option<&Vec<&'static str>>,
) -> Probe {
    let mut probe = Probe {
        call: call.display(),
        status: Status::Readable,
        detail: "readable".into(),
        missing: None,
        grant: None,
        command: None,
        checks: checks.cloned().unwrap_or_default(),
    };
    let Err(error) = answer else {
        return probe;
    };
    let answered = match (error.status, &error.code) {
        (Some(status), Some(code)) => format!("{status} {code}"),
        (Some(status), None) => status.to_string(),
        (None, code) => code.clone().unwrap_or_else(|| "no answer".into()),
    };
    let unregistered = calls::is_unregistered(&error);
    if call.meaning(&error) == Absent::Nothing {
        probe.detail = format!("{answered}: none exist, which a scan reads as no resources");
        return probe;
    }
    // A child probed under one example parent: a 404 still proves the read is allowed
    // (Azure answers 403 to a caller who may not read it).
    if error.is_not_found() && (call.per_resource() || *call == calls::GRAPH_DIRECTORY_OBJECT) {
        probe.detail = format!("{answered} for the example probed: the read is allowed");
        return probe;
    }
    probe.detail = format!("{answered}: {}", error.message);
    if unregistered {
        let provider = call.provider().unwrap_or("the resource provider");
        probe.status = Status::Unregistered;
        probe.grant = Some(format!("register {provider}"));
        probe.command = Some(format!("az provider register --namespace {provider}"));
        return probe;
    }
    if !matches!(error.status, Some(401 | 403)) {
        probe.status = Status::Failed;
        return probe;
    }
    probe.status = Status::Forbidden;
    match call.permission {
        Permission::Arm { action, role } => {
            probe.missing = Some(action.to_string());
            probe.grant = Some(format!("the {role} role"));
            probe.command = Some(format!(
                "az role assignment create --assignee <principal-id> --role {role} --scope /subscriptions/{subscription_id}"
            ));
        }
        Permission::Graph { permission, .. } => {
            probe.missing = Some(permission.to_string());
            probe.grant = Some(format!(
                "the Microsoft Graph application permission {permission}, with admin consent"
            ));
            probe.command = graph_permission_id(permission).map(|id| {
                format!(
                    "az ad app permission add --id <app-id> --api {GRAPH_APP_ID} --api-permissions {id}=Role && az ad app permission admin-consent --id <app-id>"
                )
            });
        }
    }
    probe
}

fn table(diagnosis: &Diagnosis) -> String {
    let mut out = format!(
        "subscription {} (tenant {}), signed in with {}\n\n",
        diagnosis.subscription_id,
        diagnosis.tenant_id.as_deref().unwrap_or("unknown"),
        diagnosis.credential.unwrap_or("no credential")
    );
    let mut table = comfy_table::Table::new();
    table.load_style(comfy_table::presets::ASCII_MARKDOWN);
    table.set_header(["Call", "Status", "Missing", "Grant", "Command"]);
    for probe in &diagnosis.probes {
        table.add_row([
            probe.call.as_str(),
            probe.status.label(),
            probe.missing.as_deref().unwrap_or(""),
            probe.grant.as_deref().unwrap_or(""),
            probe.command.as_deref().unwrap_or(""),
        ]);
    }
    out += &table.to_string();
    let failed: Vec<&Probe> = diagnosis
        .probes
        .iter()
        .filter(|p| !p.status.is_ok())
        .collect();
    if failed.is_empty() {
        out += "\n\nEverything the selected checks need is readable.";
    } else {
        out += &format!(
            "\n\n{} call(s) cannot be read; the checks that need them would report ERROR:",
            failed.len()
        );
        for probe in failed {
            out += &format!(
                "\n  {} ({}): {}",
                probe.call,
                probe.checks.join(", "),
                probe.detail
            );
        }
    }
    out
}
