//! Synapse collector: workspaces, then the firewall rules of each workspace whose
//! public access is not disabled (they only add to SYN-001's message).

use super::calls::{SYNAPSE_FIREWALL_RULES, SYNAPSE_WORKSPACES};
use super::json::Reader;
use super::{Collector, Source, wanted};
use crate::snapshot::Fetched;
use crate::snapshot::public_access_off;
use crate::snapshot::redis::FirewallRule;
use crate::snapshot::synapse::{SynapseData, SynapseWorkspace};

pub async fn collect(c: &Collector) -> SynapseData {
    let wanted = [Source::SynapseWorkspaces, Source::SynapseFirewallRules];
    let mut workspaces = wanted::list(c, &wanted, &SYNAPSE_WORKSPACES, parse_workspace).await;
    wanted::children(
        c,
        &mut workspaces,
        Source::SynapseFirewallRules,
        |workspace| !public_access_off(workspace.public_network_access.as_deref()),
        async |workspace: &SynapseWorkspace| {
            c.list_under(&SYNAPSE_FIREWALL_RULES, &workspace.id, parse_firewall_rule)
                .await
        },
        |workspace, rules| workspace.firewall_rules = rules,
    )
    .await;
    SynapseData { workspaces }
}

pub(super) fn parse_workspace(r: &Reader) -> SynapseWorkspace {
    SynapseWorkspace {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        public_network_access: r.string("/properties/publicNetworkAccess"),
        cmk_key_vault_url: r.string("/properties/encryption/cmk/key/keyVaultUrl"),
        firewall_rules: Fetched::NotCollected,
    }
}

pub(super) fn parse_firewall_rule(r: &Reader) -> FirewallRule {
    FirewallRule {
        name: r.string("/name").unwrap_or_default(),
        start: r.string("/properties/startIpAddress"),
        end: r.string("/properties/endIpAddress"),
    }
}
