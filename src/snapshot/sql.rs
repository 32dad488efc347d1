//! Placeholder: filled in by the sql collector work.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SqlData {}
