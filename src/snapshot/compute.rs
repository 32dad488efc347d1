//! Placeholder: filled in by the compute collector work.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ComputeData {}
