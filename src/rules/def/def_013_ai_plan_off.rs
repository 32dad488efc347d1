//! DEF-013: Defender for AI services (pricing `AI`) off in a subscription holding Azure
//! OpenAI or AI services accounts (kind `OpenAI` or `AIServices`).

use crate::rules::check;
use crate::snapshot::ai::CognitiveAccount;
use crate::snapshot::eq_ci;

pub const CHECK: crate::rules::Check = check!("def", "DEF-013",
    sources: [CognitiveAccounts, DefenderPricings],
    run: |s, out| super::plan_where_deployed(s, out,
        &s.ai.accounts, generative,
        ("AI", "Defender for AI services"), true));

/// The kinds the AI services plan protects.
fn generative(account: &CognitiveAccount) -> bool {
    ["OpenAI", "AIServices"]
        .iter()
        .any(|kind| eq_ci(account.kind.as_deref(), kind))
}
