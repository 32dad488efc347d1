//! Placeholder: the sql collector is filled in by its issue.

use super::Collector;
use crate::snapshot::sql::SqlData;

pub async fn collect(_c: &Collector) -> SqlData {
    SqlData::default()
}
