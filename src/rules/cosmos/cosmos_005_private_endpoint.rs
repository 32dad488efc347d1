//! COSMOS-005: Cosmos DB accounts without an approved private endpoint connection (D3).

use crate::rules::shape::exposure::approved_private_endpoints;
use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("cosmos", "COSMOS-005", sources: [CosmosAccounts], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for account in each(out, &snapshot.cosmos.accounts) {
        let statuses = &account.private_endpoint_statuses;
        let approved = approved_private_endpoints(statuses.iter().map(Option::as_deref));
        out.judge(
            approved > 0,
            account.subject(),
            format!(
                "{}: {approved} approved private endpoint connection(s) of {}",
                account.name,
                statuses.len()
            ),
            json!({ "approvedPrivateEndpoints": approved, "privateEndpointConnections": statuses.len() }),
        );
    }
}
