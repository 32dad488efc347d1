//! Placeholder: filled in by the web collector work.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct WebData {}
