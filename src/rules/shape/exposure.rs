//! Network exposure: public network access (`SecuredByPerimeter` counts as Disabled),
//! an enforced firewall default action, and approved private endpoints (D3). One struct,
//! one rule, for every check asking "is this reachable from public networks?".

use super::Resource;
use crate::rules::Verdicts;
use crate::snapshot::{eq_ci, public_access_off};
use serde_json::{Map, Value, json};

/// What a resource says about who can reach it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Exposure<'a> {
    /// `publicNetworkAccess`; null means the provider default, Enabled.
    pub public_network_access: Option<&'a str>,
    /// The firewall's default action, where the resource has one.
    pub default_action: Option<DefaultAction<'a>>,
}

/// A firewall default action and the ARM path it was read from.
#[derive(Debug, Clone, Copy)]
pub struct DefaultAction<'a> {
    /// `networkAcls.defaultAction`, `networkRuleSet.defaultAction`, ...
    pub path: &'static str,
    /// `Allow` or `Deny`; null means Allow.
    pub value: Option<&'a str>,
    /// Why a Deny has no effect here (ACR enforces rules only on Premium), or None.
    pub inert: Option<&'a str>,
}

impl<'a> Exposure<'a> {
    /// `publicNetworkAccess` alone, for resources without a firewall default action
    /// (or rows that ignore it).
    pub fn access(public_network_access: Option<&'a str>) -> Exposure<'a> {
        Exposure {
            public_network_access,
            default_action: None,
        }
    }

    /// `publicNetworkAccess` and an enforced `networkAcls.defaultAction`.
    pub fn network_acls(
        public_network_access: Option<&'a str>,
        default_action: Option<&'a str>,
    ) -> Exposure<'a> {
        Exposure {
            public_network_access,
            default_action: Some(DefaultAction {
                path: "networkAcls.defaultAction",
                value: default_action,
                inert: None,
            }),
        }
    }

    /// Public access is off: Disabled, or governed by a network security perimeter.
    pub fn access_disabled(&self) -> bool {
        public_access_off(self.public_network_access)
    }

    /// The firewall denies by default and the provider enforces it.
    pub fn denied_by_default(&self) -> bool {
        self.default_action
            .is_some_and(|d| d.inert.is_none() && eq_ci(d.value, "Deny"))
    }

    /// Not reachable from arbitrary public networks.
    pub fn restricted(&self) -> bool {
        self.access_disabled() || self.denied_by_default()
    }

    /// `publicNetworkAccess is X[, <path> is Y][ (why Deny is inert)]`.
    pub fn describe(&self) -> String {
        // Beside a default action the default is said briefly, alone in full.
        let unset = match self.default_action {
            Some(_) => "not set (Enabled)",
            None => "not set (defaults to Enabled)",
        };
        let mut text = format!(
            "publicNetworkAccess is {}",
            self.public_network_access.unwrap_or(unset)
        );
        if let Some(action) = self.default_action {
            text.push_str(&format!(
                ", {} is {}",
                action.path,
                action.value.unwrap_or("not set (Allow)")
            ));
            if let Some(why) = action.inert.filter(|_| !self.restricted())
                && eq_ci(action.value, "Deny")
            {
                text.push_str(&format!(" ({why})"));
            }
        }
        text
    }

    /// `{publicNetworkAccess, <default action path>}`.
    pub fn evidence(&self) -> Map<String, Value> {
        let mut evidence = Map::new();
        evidence.insert(
            "publicNetworkAccess".into(),
            json!(self.public_network_access),
        );
        if let Some(action) = self.default_action {
            evidence.insert(action.path.into(), json!(action.value));
        }
        evidence
    }

    /// PASS when restricted, FAIL otherwise; `extra` adds evidence that decided (a SKU).
    pub fn judge<R: Resource>(&self, out: &mut Verdicts, resource: &R, extra: &[(&str, Value)]) {
        let mut evidence = self.evidence();
        for (key, value) in extra {
            evidence.insert((*key).to_string(), value.clone());
        }
        if let Some((key, context)) = resource.context() {
            evidence.insert(key.to_string(), context);
        }
        out.judge(
            self.restricted(),
            resource.subject(),
            format!("{}: {}", resource.label(), self.describe()),
            Value::Object(evidence),
        );
    }
}

/// How many private endpoint connections are approved (D3): the
/// `privateLinkServiceConnectionState.status` of each, compared case-insensitively;
/// Pending, Rejected and Disconnected do not count.
pub fn approved_private_endpoints<'a>(
    statuses: impl IntoIterator<Item = Option<&'a str>>,
) -> usize {
    statuses
        .into_iter()
        .filter(|status| eq_ci(*status, "Approved"))
        .count()
}

/// Judges each listed resource of a subscription list by the exposure `of` it gives
/// (an unreadable list is one ERROR on the subscription).
pub fn judge_each<'a, R: Resource>(
    out: &mut Verdicts,
    list: &'a crate::snapshot::Fetched<Vec<R>>,
    of: impl Fn(&'a R) -> Exposure<'a>,
) {
    for resource in super::each(out, list) {
        of(resource).judge(out, resource, &[]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exposure<'a>(
        access: Option<&'a str>,
        action: Option<&'a str>,
        inert: Option<&'a str>,
    ) -> Exposure<'a> {
        Exposure {
            public_network_access: access,
            default_action: Some(DefaultAction {
                path: "networkAcls.defaultAction",
                value: action,
                inert,
            }),
        }
    }

    #[test]
    fn secured_by_perimeter_counts_as_disabled() {
        let e = Exposure {
            public_network_access: Some("securedbyperimeter"),
            default_action: None,
        };
        assert!(e.restricted());
        assert_eq!(e.describe(), "publicNetworkAccess is securedbyperimeter");
        let unset = Exposure::default();
        assert!(!unset.restricted());
        assert_eq!(
            unset.describe(),
            "publicNetworkAccess is not set (defaults to Enabled)"
        );
    }

    #[test]
    fn an_enforced_deny_restricts_and_an_inert_one_does_not() {
        assert!(exposure(Some("Enabled"), Some("deny"), None).restricted());
        let inert = exposure(None, Some("Deny"), Some("not enforced on Basic"));
        assert!(!inert.restricted());
        assert_eq!(
            inert.describe(),
            "publicNetworkAccess is not set (Enabled), networkAcls.defaultAction is Deny (not enforced on Basic)"
        );
        let open = exposure(None, None, None);
        assert!(!open.restricted());
        assert_eq!(
            open.describe(),
            "publicNetworkAccess is not set (Enabled), networkAcls.defaultAction is not set (Allow)"
        );
    }

    #[test]
    fn only_approved_private_endpoints_count() {
        let statuses = [
            Some("Approved"),
            Some("pending"),
            Some("approved"),
            None,
            Some("Rejected"),
        ];
        assert_eq!(approved_private_endpoints(statuses), 2);
    }
}
