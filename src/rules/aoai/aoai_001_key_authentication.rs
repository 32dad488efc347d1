//! AOAI-001: AI / OpenAI accounts that accept API key (local) authentication.

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("aoai", "AOAI-001", sources: [CognitiveAccounts],
    run: |s, out| property::judge_each(out, &s.ai.accounts, "disableLocalAuth",
        |a| a.disable_local_auth, "not set (API keys are accepted)", property::is_true));
