//! One property of each listed resource against an expected value, null rule included.
//!
//! ```text
//! property::judge_each(out, &s.keyvault.vaults, "enablePurgeProtection",
//!     |v| v.enable_purge_protection, "not set", property::is_true)
//! ```

use super::Resource;
use crate::rules::Verdicts;
use crate::snapshot::{Fetched, eq_ci};
use serde_json::{Map, Value, json};

/// A property value as messages show it and evidence records it.
pub trait Observed: Copy {
    fn shown(self) -> String;
    fn evidence(self) -> Value;
}

impl Observed for bool {
    fn shown(self) -> String {
        self.to_string()
    }
    fn evidence(self) -> Value {
        json!(self)
    }
}

impl Observed for &str {
    fn shown(self) -> String {
        self.to_string()
    }
    fn evidence(self) -> Value {
        json!(self)
    }
}

impl Observed for i64 {
    fn shown(self) -> String {
        self.to_string()
    }
    fn evidence(self) -> Value {
        json!(self)
    }
}

/// `<label>: <path> is <value>`, or `is <unset>` when the property is null (`unset`
/// carries the default: `not set (disabled)`). Evidence: `{<path>: value}` and the
/// resource's context.
pub fn judge<R: Resource, V: Observed>(
    out: &mut Verdicts,
    resource: &R,
    path: &str,
    value: Option<V>,
    unset: &str,
    passed: bool,
) {
    let shown = value.map_or_else(|| unset.to_string(), Observed::shown);
    let mut evidence = Map::new();
    evidence.insert(
        path.to_string(),
        value.map_or(Value::Null, Observed::evidence),
    );
    if let Some((key, context)) = resource.context() {
        evidence.insert(key.to_string(), context);
    }
    out.judge(
        passed,
        resource.subject(),
        format!("{}: {path} is {shown}", resource.label()),
        Value::Object(evidence),
    );
}

/// [`judge`] over every resource of a subscription list (an unreadable list is one
/// ERROR on the subscription), passing where `passes(value)` holds.
pub fn judge_each<'a, R: Resource, V: Observed + 'a>(
    out: &mut Verdicts,
    list: &'a Fetched<Vec<R>>,
    path: &str,
    value: impl Fn(&'a R) -> Option<V>,
    unset: &str,
    passes: impl Fn(Option<V>) -> bool,
) {
    for resource in super::each(out, list) {
        let observed = value(resource);
        judge(out, resource, path, observed, unset, passes(observed));
    }
}

/// Only an explicit `true` passes.
pub fn is_true(value: Option<bool>) -> bool {
    value == Some(true)
}

/// Only an explicit `false` passes.
pub fn is_false(value: Option<bool>) -> bool {
    value == Some(false)
}

/// Anything but an explicit `true` passes (null means the safe default).
pub fn not_true(value: Option<bool>) -> bool {
    value != Some(true)
}

/// Anything but an explicit `false` passes (null means the safe default).
pub fn not_false(value: Option<bool>) -> bool {
    value != Some(false)
}

/// One of `accepted`, case-insensitively; null fails.
pub fn any_of(accepted: &'static [&'static str]) -> impl Fn(Option<&str>) -> bool {
    move |value| accepted.iter().any(|a| eq_ci(value, a))
}

/// Set and none of `refused`, case-insensitively; null fails.
pub fn none_of(refused: &'static [&'static str]) -> impl Fn(Option<&str>) -> bool {
    move |value| value.is_some() && !refused.iter().any(|r| eq_ci(value, r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_rules_compare_case_insensitively_and_fail_null() {
        let ftps = any_of(&["Disabled", "FtpsOnly"]);
        assert!(ftps(Some("ftpsonly")));
        assert!(!ftps(Some("AllAllowed")));
        assert!(!ftps(None));
        let identity = none_of(&["None"]);
        assert!(identity(Some("SystemAssigned")));
        assert!(!identity(Some("none")));
        assert!(!identity(None));
    }

    #[test]
    fn boolean_rules_say_what_null_means() {
        assert!(is_true(Some(true)) && !is_true(None));
        assert!(is_false(Some(false)) && !is_false(None));
        assert!(not_true(None) && !not_true(Some(true)));
        assert!(not_false(None) && !not_false(Some(false)));
    }
}
