//! An emulated estate of several subscriptions: the shared scenario served again
//! under other subscription IDs, the subscription list (`GET /subscriptions`), a
//! management-group tree, a Resource Graph count, and per-subscription overrides
//! such as "every read answers 403".

use super::emulator::{Emulator, Host};
use super::scenario::{SUB, TENANT, scenario_dir};
use serde_json::{Value, json};

/// One subscription of the estate.
#[derive(Debug, Clone, Copy)]
pub struct Sub {
    pub id: &'static str,
    pub name: &'static str,
    pub tenant: &'static str,
    pub state: &'static str,
}

impl Sub {
    pub const fn enabled(id: &'static str, name: &'static str) -> Sub {
        Sub {
            id,
            name,
            tenant: TENANT,
            state: "Enabled",
        }
    }
}

/// The scenario's own subscription.
pub const PROD: Sub = Sub::enabled(SUB, "Contoso Production");
pub const DEV: Sub = Sub::enabled("1a2b3c4d-0000-4000-8000-00000000d001", "Contoso Dev");
pub const TEST: Sub = Sub::enabled("1a2b3c4d-0000-4000-8000-00000000d002", "Contoso Test");
pub const OLD: Sub = Sub {
    state: "Disabled",
    ..Sub::enabled("1a2b3c4d-0000-4000-8000-00000000d003", "Contoso Retired")
};
pub const LOCKED: Sub = Sub::enabled("1a2b3c4d-0000-4000-8000-00000000d004", "Contoso Locked");

/// The scenario's route files other than Graph's (Graph is the tenant's, shared by
/// every subscription).
fn arm_files() -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(scenario_dir())
        .expect("scenario dir")
        .map(|e| e.expect("scenario entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| p.file_name().is_some_and(|n| n != "graph.json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("scenario file");
            (p.display().to_string(), text)
        })
        .collect()
}

/// Serves the scenario's ARM data again under `sub` (its own resource IDs), with
/// its display name, tenant and state.
pub fn serve_copy(emu: &Emulator, sub: Sub) {
    for (origin, text) in arm_files() {
        let mut text = text.replace(SUB, sub.id);
        // Name, tenant and state only where the subscription itself is described
        // (vaults and servers carry tenant IDs and states of their own).
        if origin.ends_with("subscription.json") {
            text = text
                .replace("\"Contoso Production\"", &format!("\"{}\"", sub.name))
                .replace(TENANT, sub.tenant)
                .replace("\"Enabled\"", &format!("\"{}\"", sub.state));
        }
        emu.load_str(&text);
    }
}

/// Every ARM route of `sub` answers 403 AuthorizationFailed, as for an identity
/// without a role on it (its entry in `GET /subscriptions` still lists it).
pub fn deny_all(emu: &Emulator, sub: Sub) {
    for (origin, text) in arm_files() {
        let file: Value = serde_json::from_str(&text.replace(SUB, sub.id))
            .unwrap_or_else(|e| panic!("{origin}: {e}"));
        let routes: Vec<Value> = file["routes"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|route| {
                let mut denied = json!({
                    "path": route["path"],
                    "status": 403,
                    "error": {
                        "code": "AuthorizationFailed",
                        "message": format!("The client does not have authorization over scope '/subscriptions/{}'.", sub.id),
                    },
                });
                for key in ["host", "api_version", "query"] {
                    if let Some(value) = route.get(key) {
                        denied[key] = value.clone();
                    }
                }
                denied
            })
            .collect();
        emu.load_str(&json!({ "routes": routes }).to_string());
    }
}

fn listed(sub: Sub) -> Value {
    json!({
        "id": format!("/subscriptions/{}", sub.id),
        "subscriptionId": sub.id,
        "tenantId": sub.tenant,
        "displayName": sub.name,
        "state": sub.state,
        "authorizationSource": "RoleBased",
    })
}

/// `GET /subscriptions`: these subscriptions, `per_page` to a page.
pub fn serve_list(emu: &Emulator, subs: &[Sub], per_page: usize) {
    let pages: Vec<Vec<Value>> = subs
        .chunks(per_page.max(1))
        .map(|chunk| chunk.iter().copied().map(listed).collect())
        .collect();
    let pages = if pages.is_empty() {
        vec![vec![]]
    } else {
        pages
    };
    emu.load_str(
        &json!({"routes": [{
            "path": "/subscriptions",
            "api_version": "2022-12-01",
            "pages": pages,
        }]})
        .to_string(),
    );
}

/// Management group `root` with `direct` subscriptions and a child group `child`
/// holding `nested` ones, as the descendants API answers it (flat, recursive), one
/// item per page so paging is exercised.
pub fn serve_management_group(
    emu: &Emulator,
    root: &str,
    direct: &[Sub],
    child: &str,
    nested: &[Sub],
) {
    let group = |id: &str| format!("/providers/Microsoft.Management/managementGroups/{id}");
    let mut items = vec![json!({
        "id": group(child),
        "type": "Microsoft.Management/managementGroups",
        "name": child,
        "properties": {"displayName": child, "parent": {"id": group(root)}},
    })];
    for (parent, subs) in [(root, direct), (child, nested)] {
        for (index, sub) in subs.iter().enumerate() {
            // Both spellings of the subscription type occur in real answers.
            let kind = if index % 2 == 0 {
                "Microsoft.Management/managementGroups/subscriptions"
            } else {
                "/subscriptions"
            };
            items.push(json!({
                "id": format!("{}/subscriptions/{}", group(parent), sub.id),
                "type": kind,
                "name": sub.id,
                "properties": {"displayName": sub.name, "parent": {"id": group(parent)}},
            }));
        }
    }
    let pages: Vec<Vec<Value>> = items.into_iter().map(|item| vec![item]).collect();
    emu.load_str(
        &json!({"routes": [{
            "path": format!("{}/descendants", group(root)),
            "api_version": "2020-05-01",
            "pages": pages,
        }]})
        .to_string(),
    );
}

pub const RESOURCE_GRAPH: &str = "/providers/Microsoft.ResourceGraph/resources";

/// Resource Graph's answer to `summarize resources = count() by subscriptionId`.
pub fn serve_resource_counts(emu: &Emulator, counts: &[(&str, u64)]) {
    let data: Vec<Value> = counts
        .iter()
        .map(|(id, n)| json!({"subscriptionId": id, "resources": n}))
        .collect();
    emu.load_str(
        &json!({"routes": [{
            "path": RESOURCE_GRAPH,
            "api_version": "2024-04-01",
            "body": {"totalRecords": data.len(), "count": data.len(), "resultTruncated": "false", "data": data},
        }]})
        .to_string(),
    );
    emu.allow_post(RESOURCE_GRAPH);
}

/// Requests to Graph so far.
pub fn graph_requests(emu: &Emulator) -> usize {
    emu.requests()
        .iter()
        .filter(|r| r.host == Host::Graph)
        .count()
}

/// ARM requests so far whose path is under `/subscriptions/{id}/`.
pub fn reads_of(emu: &Emulator, id: &str) -> usize {
    let prefix = format!("/subscriptions/{id}/").to_lowercase();
    emu.requests()
        .iter()
        .filter(|r| r.host == Host::Arm && r.path.to_lowercase().starts_with(&prefix))
        .count()
}
