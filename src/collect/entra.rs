//! Placeholder: the entra collector is filled in by its issue.

use super::Collector;
use crate::snapshot::entra::EntraData;

pub async fn collect(_c: &Collector) -> EntraData {
    EntraData::default()
}
