//! The `identity` block of an ARM resource, parsed once for every collector whose
//! resources carry one (sites, VMs, AKS clusters, Logic Apps workflows).

use super::json::Reader;
use crate::snapshot::identity::Identity;

/// `identity` of resource `r`, or None when the resource has none.
pub(super) fn parse_identity(r: &Reader) -> Option<Identity> {
    let identity = r.object("/identity")?;
    let user_assigned = identity
        .object("/userAssignedIdentities")
        .and_then(|ids| {
            let keys: Vec<String> = ids.value().as_object()?.keys().cloned().collect();
            Some(
                keys.iter()
                    .filter_map(|k| ids.string(&format!("/{}/principalId", pointer_escape(k))))
                    .collect(),
            )
        })
        .unwrap_or_default();
    Some(Identity {
        identity_type: identity.string("/type"),
        principal_id: identity.string("/principalId"),
        user_assigned_principal_ids: user_assigned,
    })
}

/// A key as one JSON-pointer step (RFC 6901: `~` and `/` escaped); user-assigned
/// identity keys are resource IDs full of `/`.
pub(super) fn pointer_escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::cell::RefCell;

    #[test]
    fn system_and_user_assigned_principals_are_read() {
        let value = json!({"identity": {
            "type": "SystemAssigned, UserAssigned",
            "principalId": "p-system",
            "userAssignedIdentities": {
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id~1": {"principalId": "p-user", "clientId": "c"},
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id2": {}
            }
        }});
        let problems = RefCell::new(Vec::new());
        let identity = parse_identity(&Reader::new(&value, &problems)).expect("identity");
        assert_eq!(identity.principal_id.as_deref(), Some("p-system"));
        assert_eq!(
            identity.user_assigned_principal_ids,
            vec!["p-user".to_string()]
        );
        assert_eq!(
            identity.principals(),
            vec![("p-system", "system-assigned"), ("p-user", "user-assigned")]
        );
        let none = json!({"identity": null});
        assert!(parse_identity(&Reader::new(&none, &problems)).is_none());
    }
}
