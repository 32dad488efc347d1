//! AOAI-002: AI / OpenAI accounts that accept traffic from all networks.

use crate::rules::check;
use crate::rules::shape::exposure::{self, Exposure};

pub const CHECK: crate::rules::Check = check!("aoai", "AOAI-002", sources: [CognitiveAccounts],
    run: |s, out| exposure::judge_each(out, &s.ai.accounts, |a| Exposure::network_acls(
        a.public_network_access.as_deref(), a.network_default_action.as_deref())));
