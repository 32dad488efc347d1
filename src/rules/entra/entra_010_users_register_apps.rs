//! ENTRA-010: users can register applications.

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("entra", "ENTRA-010", sources: [GraphAuthorizationPolicy],
    run: |s, out| super::default_user_may(s, out, "allowedToCreateApps", "register applications",
        |p| p.allowed_to_create_apps));
