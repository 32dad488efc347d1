//! A minimum TLS version property written as a number (`1.2`): 1.2 or later passes,
//! compared as a version (1.3 passes); null and non-versions fail. Shared by Event
//! Hubs, Service Bus and Redis, whose unset value depends on the resource's age.

use super::Resource;
use super::property;
use super::version::{Spelling, at_least};
use crate::rules::Verdicts;
use crate::snapshot::Fetched;

/// [`property::judge_each`] on `minimumTlsVersion`; `unset` says why null fails.
pub fn judge_each<'a, R: Resource>(
    out: &mut Verdicts,
    list: &'a Fetched<Vec<R>>,
    value: impl Fn(&'a R) -> Option<&'a str>,
    unset: &str,
) {
    property::judge_each(out, list, "minimumTlsVersion", value, unset, |v| {
        at_least(v, Spelling::Number, (1, 2))
    });
}
