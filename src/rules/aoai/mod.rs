//! Azure OpenAI / Azure AI services checks (AOAI-*): every Cognitive Services account
//! kind is judged, and results show the kind.

mod aoai_001_key_authentication;
mod aoai_002_all_networks;
mod aoai_003_no_customer_key;

use super::Check;
use super::shape::Resource;
use crate::snapshot::ai::CognitiveAccount;
use serde_json::{Value, json};

pub const CHECKS: &[Check] = &[
    aoai_001_key_authentication::CHECK,
    aoai_002_all_networks::CHECK,
    aoai_003_no_customer_key::CHECK,
];

impl Resource for CognitiveAccount {
    const LIST: &'static str = "the Cognitive Services account list";

    fn label(&self) -> String {
        format!(
            "{} ({})",
            self.name,
            self.kind.as_deref().unwrap_or("kind not set")
        )
    }

    fn described(&self) -> String {
        format!("AI account {}", self.name)
    }

    fn context(&self) -> Option<(&'static str, Value)> {
        Some(("kind", json!(self.kind)))
    }
}
