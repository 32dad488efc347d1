//! ENTRA-026: users can create security groups.

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("entra", "ENTRA-026", sources: [GraphAuthorizationPolicy],
    run: |s, out| super::default_user_may(s, out, "allowedToCreateSecurityGroups",
        "create security groups", |p| p.allowed_to_create_security_groups));
