//! Management locks of a subscription (LOCK-001): every lock on the subscription, its
//! resource groups and its resources, as one subscription-level list returns them.

use super::Fetched;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LockData {
    /// `GET /subscriptions/{s}/providers/Microsoft.Authorization/locks`.
    pub locks: Fetched<Vec<ManagementLock>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ManagementLock {
    /// `{scope}/providers/Microsoft.Authorization/locks/{name}`: the scope is read from it.
    pub id: String,
    pub name: String,
    /// `CanNotDelete`, `ReadOnly` or `NotSpecified`.
    pub level: Option<String>,
}
