//! Cognitive Services collector: every account kind (Azure OpenAI, AI services, ...).

use super::calls::COGNITIVE_ACCOUNTS;
use super::json::Reader;
use super::{Collector, Source, wanted};
use crate::snapshot::ai::{AiData, CognitiveAccount};

pub async fn collect(c: &Collector) -> AiData {
    let accounts = wanted::list(
        c,
        &[Source::CognitiveAccounts],
        &COGNITIVE_ACCOUNTS,
        parse_account,
    )
    .await;
    AiData { accounts }
}

pub(super) fn parse_account(r: &Reader) -> CognitiveAccount {
    CognitiveAccount {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        kind: r.string("/kind"),
        disable_local_auth: r.boolean("/properties/disableLocalAuth"),
        public_network_access: r.string("/properties/publicNetworkAccess"),
        network_default_action: r.string("/properties/networkAcls/defaultAction"),
        encryption_key_source: r.string("/properties/encryption/keySource"),
    }
}
