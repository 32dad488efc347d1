//! REDIS-002: caches whose minimum TLS version is below 1.2 or unset.

use crate::rules::check;
use crate::rules::shape::tls;

pub const CHECK: crate::rules::Check = check!("redis", "REDIS-002", sources: [RedisCaches],
    run: |s, out| tls::judge_each(out, &s.redis.caches, |c| c.minimum_tls_version.as_deref(),
        "not set (the effective minimum depends on the cache's age: caches created before 1.2 became the default accept TLS 1.0)"));
