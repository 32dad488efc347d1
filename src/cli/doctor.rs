//! `azscan doctor`: before a scan, for every subscription the scope flags select (as a
//! scan resolves them), makes one cheap read per call the selected checks need (the
//! calls a scan makes, from `collect::calls`; Graph's once per tenant) and says, for
//! each one that fails, which ARM action or Graph permission is missing, what to grant
//! and how. It never decodes tokens or reads role assignments: only the reads tell.

use super::args::{DoctorArgs, Format};
use super::{EXIT_FAILED, EXIT_OK, init_logging, notes, runtime, selection};
use super::{validate_connection, validate_scope, write_output};
use crate::arm::{ApiError, Client};
use crate::collect::Plan;
use crate::collect::calls::{self, Absent, Api, Call, Permission};
use crate::scan::scope::{self, ScopeSpec};
use crate::scan::{Connection, Session};
use crate::snapshot::UnreadReason;
use futures::StreamExt;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

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

/// One subscription in scope: its ARM probes.
#[derive(Debug, Serialize)]
struct SubscriptionDiagnosis {
    subscription_id: String,
    display_name: Option<String>,
    tenant_id: Option<String>,
    ok: bool,
    /// Why it could not be read at all (then there are no probes).
    error: Option<String>,
    probes: Vec<Probe>,
}

/// One tenant in scope: its Graph probes, made once whatever its number of
/// subscriptions.
#[derive(Debug, Serialize)]
struct TenantDiagnosis {
    tenant_id: Option<String>,
    ok: bool,
    probes: Vec<Probe>,
}

/// Who signed in, as Microsoft Graph says (never decoded from the token).
#[derive(Debug, Serialize)]
struct Identity {
    /// `user` or `service principal`.
    kind: &'static str,
    object_id: Option<String>,
    /// The user principal name or the service principal's display name.
    name: Option<String>,
}

#[derive(Debug, Serialize)]
struct Diagnosis {
    /// The credential of the chain that signed in (`Azure CLI`, `managed identity`, ...).
    credential: Option<&'static str>,
    /// Null when no selected check reads Microsoft Graph (doctor then asks it nothing)
    /// or when Graph would not say.
    identity: Option<Identity>,
    ok: bool,
    subscriptions: Vec<SubscriptionDiagnosis>,
    tenants: Vec<TenantDiagnosis>,
}

pub fn run(args: DoctorArgs) -> Result<i32, String> {
    init_logging(args.verbosity);
    let scope = validate_scope(&args.scope)?;
    let rules = selection::select_from_flags(&args.selection)?;
    let connection = validate_connection(&args.connection, args.verbosity)?;
    let mut checks_of: BTreeMap<&'static str, Vec<&'static str>> = BTreeMap::new();
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
    let sources = rules.iter().flat_map(|r| r.check.sources.iter().copied());
    // Split as a scan splits them: ARM per subscription, Graph per tenant.
    let subscription_plan = Plan::new(sources.clone().filter(|s| !s.is_graph()));
    let tenant_plan = Plan::new(sources.filter(|s| s.is_graph()));
    let (diagnosis, scope_notes) = runtime()?.block_on(diagnose(
        &scope,
        &connection,
        &subscription_plan,
        &tenant_plan,
        &checks_of,
    ))?;
    notes(&scope_notes, args.verbosity.quiet);
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&diagnosis)
            .map_err(|e| format!("cannot serialize the diagnosis: {e}"))?,
        Format::Table => table(&diagnosis),
    };
    write_output(None, &format!("{text}\n"))?;
    Ok(if diagnosis.ok { EXIT_OK } else { EXIT_FAILED })
}

async fn diagnose(
    spec: &ScopeSpec,
    connection: &Connection,
    subscription_plan: &Plan,
    tenant_plan: &Plan,
    checks_of: &BTreeMap<&'static str, Vec<&'static str>>,
) -> Result<(Diagnosis, Vec<String>), String> {
    let session = Session::new(connection)?;
    let resolved = scope::resolve(spec, &session).await?;
    if resolved.scan.is_empty() {
        let mut message = "nothing to check: no Enabled subscription is in scope".to_string();
        for note in &resolved.notes {
            message.push_str(&format!("\n  - {note}"));
        }
        return Err(message);
    }
    let graph = session.graph();
    let in_flight = connection.concurrency.max(1);
    let mut subscriptions: Vec<SubscriptionDiagnosis> =
        futures::stream::iter(resolved.scan.iter().map(|subscription| {
            let arm = &session.arm;
            let graph = &graph;
            async move {
                let mut probes = vec![judge(
                    &subscription.id,
                    &calls::SUBSCRIPTION,
                    Ok(Value::Null),
                    checks_of.get(calls::SUBSCRIPTION.path),
                )];
                probes.extend(
                    probe_plan(arm, graph, subscription_plan, &subscription.id, checks_of).await,
                );
                SubscriptionDiagnosis {
                    subscription_id: subscription.id.clone(),
                    display_name: subscription.display_name.clone(),
                    tenant_id: subscription.tenant_id.clone(),
                    ok: probes.iter().all(|p| p.status.is_ok()),
                    error: None,
                    probes,
                }
            }
        }))
        .buffered(in_flight)
        .collect()
        .await;
    // In scope but unreadable (named, or under the management group without a role).
    for unread in &resolved.unread {
        if unread.reason == UnreadReason::Unreadable {
            subscriptions.push(SubscriptionDiagnosis {
                subscription_id: unread.subscription.id.clone(),
                display_name: unread.subscription.display_name.clone(),
                tenant_id: unread.subscription.tenant_id.clone(),
                ok: false,
                error: unread.error.clone(),
                probes: Vec::new(),
            });
        }
    }
    subscriptions.sort_by(|a, b| a.subscription_id.cmp(&b.subscription_id));
    let mut tenants = Vec::new();
    if tenant_plan.needs_graph() {
        for (tenant, subs) in scope::by_tenant(&resolved.scan) {
            // The tenant's reads are made under its lowest subscription, as in a scan.
            let Some(first) = subs.iter().map(|s| s.id.as_str()).min() else {
                continue;
            };
            let probes = probe_plan(&session.arm, &graph, tenant_plan, first, checks_of).await;
            tenants.push(TenantDiagnosis {
                tenant_id: tenant,
                ok: probes.iter().all(|p| p.status.is_ok()),
                probes,
            });
        }
    }
    let identity = match tenant_plan.needs_graph() {
        true => identity(&graph).await,
        false => None,
    };
    let ok = subscriptions.iter().all(|s| s.ok) && tenants.iter().all(|t| t.ok);
    let diagnosis = Diagnosis {
        credential: session.chain.chosen_name(),
        identity,
        ok,
        subscriptions,
        tenants,
    };
    Ok((diagnosis, resolved.notes))
}

/// The signed-in identity from a Graph read: `/me` answers for a user; a service
/// principal (which `/me` refuses) is found by the client ID the environment names
/// (`AZURE_CLIENT_ID`: service principal, workload or user-assigned managed identity).
async fn identity(graph: &Client) -> Option<Identity> {
    let text =
        |value: &Value, key: &str| value.get(key).and_then(Value::as_str).map(str::to_string);
    if let Ok(me) = graph
        .get("/v1.0/me", &[("$select", "id,userPrincipalName")])
        .await
    {
        return Some(Identity {
            kind: "user",
            object_id: text(&me, "id"),
            name: text(&me, "userPrincipalName"),
        });
    }
    let client_id = std::env::var("AZURE_CLIENT_ID").ok()?;
    let client_id = client_id.trim();
    // A GUID only: it goes into the request path.
    if client_id.is_empty() || !client_id.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return None;
    }
    let path = format!("/v1.0/servicePrincipals(appId='{client_id}')");
    let principal = graph
        .get(&path, &[("$select", "id,displayName")])
        .await
        .ok()?;
    Some(Identity {
        kind: "service principal",
        object_id: text(&principal, "id"),
        name: text(&principal, "displayName"),
    })
}

/// One probe per call of `plan` (except the subscription read, which resolving the
/// scope already made), under `subscription_id`.
async fn probe_plan(
    arm: &Client,
    graph: &Client,
    plan: &Plan,
    subscription_id: &str,
    checks_of: &BTreeMap<&'static str, Vec<&'static str>>,
) -> Vec<Probe> {
    let mut probes = Vec::new();
    // Parents are probed before their children (a source lists its calls parents
    // first), so a child is tried under an item of a page its parent list returned.
    let mut first_pages: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for call in plan.calls() {
        if *call == calls::SUBSCRIPTION {
            continue;
        }
        // Principal lookups (issue 14) need IDs only a scan's role assignments give: a
        // POST body of principal IDs, a group's ID. A probe cannot make them up.
        if call.method() != "GET" || *call == calls::GRAPH_GROUP_USERS {
            probes.push(Probe {
                call: call.display(),
                status: Status::NotProbed,
                detail: "needs principal IDs from the scanned role assignments; read during a scan"
                    .into(),
                missing: None,
                grant: None,
                command: None,
                checks: checks_of.get(call.path).cloned().unwrap_or_default(),
            });
            continue;
        }
        let parents = plan.parents_of(call);
        let (scope, chosen) = if call.per_resource() || !parents.is_empty() {
            match child_scope(call, &parents, subscription_id, &first_pages) {
                Ok(scope) => scope,
                Err(why) => {
                    probes.push(Probe {
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
            (subscription_id.to_string(), None)
        };
        let via = match call.api {
            Api::Arm => arm,
            Api::Graph => graph,
            // Each vault is its own host behind its own firewall: one probe would
            // say nothing about the others.
            Api::KeyVault => {
                probes.push(Probe {
                    call: call.display(),
                    status: Status::NotProbed,
                    detail: "a vault data-plane read: tried per vault during the scan".into(),
                    missing: None,
                    grant: None,
                    command: None,
                    checks: checks_of.get(call.path).cloned().unwrap_or_default(),
                });
                continue;
            }
            // Likewise each storage account (DP-1, when storage.classic_logging is on).
            Api::Storage => {
                probes.push(Probe {
                    call: call.display(),
                    status: Status::NotProbed,
                    detail: "a storage data-plane read: tried per account during the scan".into(),
                    missing: None,
                    grant: None,
                    command: None,
                    checks: checks_of.get(call.path).cloned().unwrap_or_default(),
                });
                continue;
            }
        };
        let top: &[(&str, &str)] = if call.top { &[("$top", "1")] } else { &[] };
        let query = call.query(top);
        // One page is enough to learn whether the identity may read the call.
        let answer = via.get(&call.path_for(&scope), &query).await;
        if let Ok(page) = &answer
            && let Some(items) = page.get("value").and_then(Value::as_array)
        {
            first_pages.insert(call.path, items.clone());
        }
        let mut probe = judge(subscription_id, call, answer, checks_of.get(call.path));
        if let Some(chosen) = chosen {
            probe.detail = format!("{} ({chosen})", probe.detail);
        }
        probes.push(probe);
    }
    probes
}

/// The scope a per-resource call is tried under, and why that one when the scan makes
/// it under more than one kind of parent. `parents` come from `Plan::parents_of`: the
/// subscription first, then the parent lists in the table's order. The first that gives
/// a scope is taken: each of them needs the same permission (the call's), so one real
/// scope proves the read, and a fixed order makes the probe the same whichever checks
/// were selected in which order.
fn child_scope(
    call: &Call,
    parents: &[Option<&'static Call>],
    subscription_id: &str,
    first_pages: &BTreeMap<&str, Vec<Value>>,
) -> Result<(String, Option<String>), String> {
    if *call == calls::VIRTUAL_NETWORK_GATEWAY {
        return gateway_scope(first_pages).map(|id| (id, None));
    }
    let field = if *call == calls::WAF_POLICY {
        "/properties/firewallPolicy/id"
    } else if *call == calls::GRAPH_DIRECTORY_OBJECT {
        "/principalId"
    } else {
        "/id"
    };
    let under = |parent: &Option<&'static Call>| -> Option<String> {
        let Some(parent) = parent else {
            return Some(format!("/subscriptions/{subscription_id}"));
        };
        let first = first_pages.get(parent.path)?.first()?;
        first.pointer(field)?.as_str().map(str::to_string)
    };
    let Some((parent, scope)) = parents
        .iter()
        .find_map(|parent| Some((parent, under(parent)?)))
    else {
        let lists: Vec<&str> = parents.iter().flatten().map(|p| p.path).collect();
        return Err(format!(
            "nothing to read it under ({} returned none)",
            lists.join(" or ")
        ));
    };
    let why = (parents.len() > 1).then(|| {
        let source = match parent {
            None => "the subscription itself, which always exists".to_string(),
            Some(list) => format!("the first item of {}", list.path),
        };
        format!(
            "probed under {scope}: {source}; a scan reads it under {} kinds of parent, all with the same permission, and doctor takes the first that has one (the subscription, then the lists in the table's order)",
            parents.len()
        )
    });
    Ok((scope, why))
}

/// A VPN gateway to probe `GET {virtualNetworkGatewayId}` with: the one a public IP's
/// IP configuration lies under (`…/virtualNetworkGateways/{g}/ipConfigurations/…`), as a
/// scan finds gateways. Another public IP's ID is no gateway, so none found is said.
fn gateway_scope(first_pages: &BTreeMap<&str, Vec<Value>>) -> Result<String, String> {
    first_pages
        .get(calls::PUBLIC_IPS.path)
        .into_iter()
        .flatten()
        .find_map(|ip| {
            let configuration = ip.pointer("/properties/ipConfiguration/id")?.as_str()?;
            crate::collect::gateway_of(configuration)
        })
        .ok_or_else(|| {
            format!(
                "no public IP on the first page of {} belongs to a virtual network gateway (an IP configuration under …/virtualNetworkGateways/{{g}}/), so no gateway is known to read; a scan reads each gateway a public IP points to",
                calls::PUBLIC_IPS.path
            )
        })
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

fn probe_table(probes: &[Probe]) -> String {
    let mut table = comfy_table::Table::new();
    table.load_style(comfy_table::presets::ASCII_MARKDOWN);
    table.set_header(["Call", "Status", "Missing", "Grant", "Command"]);
    for probe in probes {
        table.add_row([
            probe.call.as_str(),
            probe.status.label(),
            probe.missing.as_deref().unwrap_or(""),
            probe.grant.as_deref().unwrap_or(""),
            probe.command.as_deref().unwrap_or(""),
        ]);
    }
    table.to_string()
}

/// One section per subscription (its ARM calls), then one per tenant (its Graph
/// calls), then every failure with the checks it would turn to ERROR.
fn table(diagnosis: &Diagnosis) -> String {
    let mut out = format!(
        "signed in with {}",
        diagnosis.credential.unwrap_or("no credential")
    );
    match &diagnosis.identity {
        Some(identity) => {
            out += &format!(
                " as {} {} (object ID {})\n",
                identity.kind,
                identity.name.as_deref().unwrap_or("(no name)"),
                identity.object_id.as_deref().unwrap_or("unknown")
            );
        }
        None => out += " (object ID not known: Microsoft Graph was not asked or would not say)\n",
    }
    // (where, probe) for the summary.
    let mut failed: Vec<(String, &Probe)> = Vec::new();
    let mut unreadable = Vec::new();
    for sub in &diagnosis.subscriptions {
        let name = sub.display_name.as_deref().unwrap_or("no name");
        out += &format!(
            "\nsubscription {} ({name}, tenant {}): {}\n",
            sub.subscription_id,
            sub.tenant_id.as_deref().unwrap_or("unknown"),
            if sub.ok { "ok" } else { "NOT OK" }
        );
        if let Some(error) = &sub.error {
            out += &format!("  cannot be read: {error}\n");
            unreadable.push(&sub.subscription_id);
            continue;
        }
        out += &format!("{}\n", probe_table(&sub.probes));
        let at = format!("subscription {}", sub.subscription_id);
        failed.extend(
            sub.probes
                .iter()
                .filter(|p| !p.status.is_ok())
                .map(|p| (at.clone(), p)),
        );
    }
    for tenant in &diagnosis.tenants {
        let id = tenant.tenant_id.as_deref().unwrap_or("unknown");
        out += &format!(
            "\nMicrosoft Graph, tenant {id}: {}\n{}\n",
            if tenant.ok { "ok" } else { "NOT OK" },
            probe_table(&tenant.probes)
        );
        let at = format!("tenant {id}");
        failed.extend(
            tenant
                .probes
                .iter()
                .filter(|p| !p.status.is_ok())
                .map(|p| (at.clone(), p)),
        );
    }
    if failed.is_empty() && unreadable.is_empty() {
        out += "\nEverything the selected checks need is readable.";
        return out;
    }
    if !unreadable.is_empty() {
        out += &format!(
            "\n{} subscription(s) cannot be read at all; every check would report ERROR there.",
            unreadable.len()
        );
    }
    if !failed.is_empty() {
        out += &format!(
            "\n{} call(s) cannot be read; the checks that need them would report ERROR:",
            failed.len()
        );
        for (at, probe) in failed {
            out += &format!(
                "\n  {at}: {} ({}): {}",
                probe.call,
                probe.checks.join(", "),
                probe.detail
            );
        }
    }
    out
}
