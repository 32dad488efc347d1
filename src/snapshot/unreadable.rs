//! Fields a collector could not read because Azure sent a value of the wrong JSON type
//! (a list as an object, a number where text belongs). Such a field is not "absent":
//! every verdict on the resource that holds it becomes ERROR naming the field, so a
//! malformed value can never produce a PASS, and the rest of its list is still judged.

use super::{Snapshot, canonical_id};
use serde::{Deserialize, Serialize};

/// One unreadable field of one resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unreadable {
    /// The resource whose verdicts it costs: the resource itself, or for a per-resource
    /// sub-call (`{siteId}/config/web`) the parent resource the checks judge.
    pub resource_id: String,
    /// The call that returned it (path without host or query).
    pub call: String,
    /// Dotted path inside the returned object, e.g. `properties.securityRules`.
    pub field: String,
    /// What arrived, e.g. `an object where a list belongs`.
    pub problem: String,
}

impl Snapshot {
    /// Why `resource_id` (or a part of it) cannot be judged, when some fields of it were
    /// unreadable.
    pub fn unreadable_reason(&self, resource_id: &str) -> Option<String> {
        if self.unreadable.is_empty() {
            return None;
        }
        let wanted = canonical_id(resource_id);
        let found: Vec<String> = self
            .unreadable
            .iter()
            .filter(|u| {
                // A part of the resource (`/applications/{id}/passwordCredentials/{key}`)
                // is judged from the same unreadable object.
                let id = canonical_id(&u.resource_id);
                wanted == id || wanted.strip_prefix(&id).is_some_and(|r| r.starts_with('/'))
            })
            .map(|u| format!("{} is {} (GET {})", u.field, u.problem, u.call))
            .collect();
        (!found.is_empty()).then(|| {
            format!(
                "not assessed: the response has a value of the wrong type: {}",
                found.join("; ")
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::Subscription;

    #[test]
    fn reasons_match_the_resource_whatever_its_case() {
        let mut snapshot = Snapshot::new(Subscription::default(), time::OffsetDateTime::UNIX_EPOCH);
        assert_eq!(snapshot.unreadable_reason("/x"), None);
        snapshot.unreadable.push(Unreadable {
            resource_id: "/Subscriptions/S/NSG/A".into(),
            call: "/subscriptions/s/nsgs".into(),
            field: "properties.securityRules".into(),
            problem: "an object where a list belongs".into(),
        });
        assert_eq!(
            snapshot
                .unreadable_reason("/subscriptions/s/nsg/a/")
                .as_deref(),
            Some(
                "not assessed: the response has a value of the wrong type: properties.securityRules is an object where a list belongs (GET /subscriptions/s/nsgs)"
            )
        );
        assert_eq!(snapshot.unreadable_reason("/subscriptions/s/nsg/b"), None);
        assert!(
            snapshot
                .unreadable_reason("/subscriptions/s/nsg/a/rules/x")
                .is_some()
        );
        assert_eq!(snapshot.unreadable_reason("/subscriptions/s/nsg/ab"), None);
    }
}
