//! ARM scopes compared by whole path segments (CHECKS-2 Clarifications, "IDs and
//! scopes"): "X is under Y" when Y's segments, lower-cased, are a leading run of X's, so
//! `…/rg-a` is not under `…/rg` and `…/vm-1-b` is not `…/vm-1`. The root scope `/` is
//! above everything; management-group scopes
//! (`/providers/Microsoft.Management/managementGroups/{g}`) are above every subscription
//! of the groups' tree, which a subscription-level read cannot see, so callers treat a
//! management group or the root returned in a subscription's list as an ancestor of it
//! (`above_subscriptions`). Used by AZPOL (assignment scope, `notScopes`) and LOCK (lock
//! scope), and meant for RBAC's "subscription scope or above".

/// The lower-cased, non-empty path segments of an ID or scope (`/` has none).
pub fn segments(id: &str) -> Vec<String> {
    id.split('/')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().to_lowercase())
        .collect()
}

/// The canonical form of an ID or scope: `/` and its lower-cased segments joined by
/// `/` (`/` itself for the root). Checks that compare many IDs compute it once.
pub fn canonical(id: &str) -> String {
    format!("/{}", segments(id).join("/"))
}

/// Whether `id` is `scope` or lies under it, by whole path segments.
pub fn at_or_under(id: &str, scope: &str) -> bool {
    canonical_under(&canonical(id), &canonical(scope))
}

/// [`at_or_under`] for two IDs already in [`canonical`] form.
pub fn canonical_under(id: &str, scope: &str) -> bool {
    scope == "/"
        || id == scope
        || (id.starts_with(scope) && id.as_bytes().get(scope.len()) == Some(&b'/'))
}

/// Whether `a` and `b` name the same scope (case and slashes aside).
pub fn same(a: &str, b: &str) -> bool {
    segments(a) == segments(b)
}

/// Whether `scope` is the tenant root (`/`) or a management group: above any
/// subscription whose list returned it.
pub fn above_subscriptions(scope: &str) -> bool {
    let s = segments(scope);
    s.is_empty() || is_management_group(&s)
}

fn is_management_group(s: &[String]) -> bool {
    s.len() >= 4
        && s[0] == "providers"
        && s[1] == "microsoft.management"
        && s[2] == "managementgroups"
}

/// The scope an extension resource sits on: its ID before the last
/// `/providers/{namespace}/{type}/{name}` (a lock's ID without
/// `/providers/Microsoft.Authorization/locks/{name}`), or None when `id` does not end so.
pub fn parent_scope<'a>(id: &'a str, namespace: &str, resource_type: &str) -> Option<&'a str> {
    let trimmed = id.trim().trim_end_matches('/');
    let lower = trimmed.to_lowercase();
    let marker = format!(
        "/providers/{}/{}/",
        namespace.to_lowercase(),
        resource_type.to_lowercase()
    );
    let at = lower.rfind(&marker)?;
    let name = &trimmed[at + marker.len()..];
    (!name.is_empty() && !name.contains('/')).then_some(&trimmed[..at])
}

#[cfg(test)]
mod tests {
    use super::*;

    const RG: &str = "/subscriptions/S1/resourceGroups/rg";

    #[test]
    fn ancestry_is_by_whole_segments_and_ignores_case() {
        assert!(at_or_under(
            "/subscriptions/s1/resourcegroups/RG/providers/X/y/z",
            RG
        ));
        assert!(at_or_under(RG, "subscriptions/s1/"));
        assert!(at_or_under(RG, RG));
        assert!(!at_or_under("/subscriptions/s1/resourceGroups/rg-a", RG));
        assert!(!at_or_under("/subscriptions/s1", RG));
        assert!(at_or_under(RG, "/"));
        assert!(same("subscriptions/S1/", "/subscriptions/s1"));
        assert_eq!(canonical("/"), "/");
        assert_eq!(canonical("Subscriptions//S1/"), "/subscriptions/s1");
        assert!(!canonical_under("/subscriptions/s1-b", "/subscriptions/s1"));
    }

    #[test]
    fn root_and_management_groups_are_above_subscriptions() {
        assert!(above_subscriptions("/"));
        assert!(above_subscriptions(
            "/providers/Microsoft.Management/managementGroups/corp"
        ));
        assert!(!above_subscriptions("/subscriptions/s1"));
        assert!(!above_subscriptions("/providers/Microsoft.Management"));
    }

    #[test]
    fn the_parent_scope_of_an_extension_resource() {
        let lock = format!(
            "{RG}/providers/Microsoft.Storage/storageAccounts/st/providers/Microsoft.Authorization/locks/keep"
        );
        assert_eq!(
            parent_scope(&lock, "Microsoft.Authorization", "locks"),
            Some(&*format!(
                "{RG}/providers/Microsoft.Storage/storageAccounts/st"
            ))
        );
        let sub_lock = "/subscriptions/s1/providers/microsoft.authorization/LOCKS/all";
        assert_eq!(
            parent_scope(sub_lock, "Microsoft.Authorization", "locks"),
            Some("/subscriptions/s1")
        );
        assert_eq!(parent_scope(RG, "Microsoft.Authorization", "locks"), None);
    }
}
