//! Placeholder: the web collector is filled in by its issue.

use super::Collector;
use crate::snapshot::web::WebData;

pub async fn collect(_c: &Collector) -> WebData {
    WebData::default()
}
