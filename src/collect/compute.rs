//! Placeholder: the compute collector is filled in by its issue.

use super::Collector;
use crate::snapshot::compute::ComputeData;

pub async fn collect(_c: &Collector) -> ComputeData {
    ComputeData::default()
}
