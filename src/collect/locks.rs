//! Management lock collector: one subscription-level list (locks on the subscription,
//! its resource groups and resources alike).

use super::calls::LOCKS;
use super::json::Reader;
use super::{Collector, Source};
use crate::snapshot::locks::{LockData, ManagementLock};

pub async fn collect(c: &Collector) -> LockData {
    if !c.plan.wants(Source::Locks) {
        return LockData::default();
    }
    LockData {
        locks: c.list(&LOCKS, parse_lock).await,
    }
}

pub(super) fn parse_lock(r: &Reader) -> ManagementLock {
    ManagementLock {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        level: r.string("/properties/level"),
    }
}
