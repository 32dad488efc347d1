//! Cognitive Services accounts: Azure OpenAI, AI services / AI Foundry and every other
//! kind, as the AOAI checks and DEF-013 see them.

use super::Fetched;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AiData {
    /// `Microsoft.CognitiveServices/accounts` at subscription scope.
    #[serde(default)]
    pub accounts: Fetched<Vec<CognitiveAccount>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CognitiveAccount {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `kind`: `OpenAI`, `AIServices`, `TextAnalytics`, ...
    pub kind: Option<String>,
    pub disable_local_auth: Option<bool>,
    pub public_network_access: Option<String>,
    /// `properties.networkAcls.defaultAction`: `Allow` or `Deny`.
    pub network_default_action: Option<String>,
    /// `properties.encryption.keySource`: `Microsoft.KeyVault` or
    /// `Microsoft.CognitiveServices`.
    pub encryption_key_source: Option<String>,
}
