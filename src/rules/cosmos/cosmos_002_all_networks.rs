//! COSMOS-002: Cosmos DB accounts accepting connections from all networks (public access
//! on, no virtual network filter and no IP rules).

use crate::rules::shape::exposure::Exposure;
use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("cosmos", "COSMOS-002", sources: [CosmosAccounts], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for account in each(out, &snapshot.cosmos.accounts) {
        let exposure = Exposure {
            public_network_access: account.public_network_access.as_deref(),
            default_action: None,
        };
        // Null filter = false, null rules = none (Microsoft's list example omits both).
        let filter = account.is_virtual_network_filter_enabled == Some(true);
        let rules = &account.ip_rules;
        let mut message = format!(
            "{}: {}, isVirtualNetworkFilterEnabled is {}, {} IP rule(s)",
            account.name,
            exposure.describe(),
            filter,
            rules.len()
        );
        if rules.iter().any(|r| r.trim() == "0.0.0.0") {
            message.push_str(
                "; the 0.0.0.0 IP rule admits every Azure datacenter (any tenant's resources)",
            );
        }
        out.judge(
            exposure.access_disabled() || filter || !rules.is_empty(),
            account.subject(),
            message,
            json!({
                "publicNetworkAccess": account.public_network_access,
                "isVirtualNetworkFilterEnabled": account.is_virtual_network_filter_enabled,
                "ipRules": rules,
            }),
        );
    }
}
