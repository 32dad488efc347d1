//! AOAI-003: AI / OpenAI accounts not encrypted with a customer-managed key.

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("aoai", "AOAI-003", sources: [CognitiveAccounts],
    run: |s, out| property::judge_each(out, &s.ai.accounts, "encryption.keySource",
        |a| a.encryption_key_source.as_deref(), "not set (Microsoft-managed keys)",
        property::any_of(&["Microsoft.KeyVault"])));
