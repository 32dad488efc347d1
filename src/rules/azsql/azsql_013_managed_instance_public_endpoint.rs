//! AZSQL-013: SQL managed instances with the public data endpoint on.

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("azsql", "AZSQL-013", sources: [SqlManagedInstances],
    run: |s, out| property::judge_each(out, &s.sql.managed_instances, "publicDataEndpointEnabled",
        |instance| instance.public_data_endpoint_enabled, "not set (off)", property::not_true));
