//! REDIS-001: caches with the non-TLS port (6379) enabled.

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("redis", "REDIS-001", sources: [RedisCaches],
    run: |s, out| property::judge_each(out, &s.redis.caches, "enableNonSslPort",
        |c| c.enable_non_ssl_port, "not set (false)", property::not_true));
