//! SYN-002: Synapse workspaces without a customer-managed key (double encryption).

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("syn", "SYN-002", sources: [SynapseWorkspaces],
    run: |s, out| property::judge_each(out, &s.synapse.workspaces,
        "encryption.cmk.key.keyVaultUrl", |w| w.cmk_key_vault_url.as_deref(),
        "not set (Microsoft-managed keys only)", |v| v.is_some_and(|u| !u.trim().is_empty())));
