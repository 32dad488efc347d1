//! Effective inbound evaluation of one NSG for traffic from the internet, the way Azure
//! applies rules: custom and default inbound rules in ascending priority, and the first
//! rule that matches the traffic decides. Only the source (is it the internet?), the
//! destination port and the protocol are compared: destination prefixes and source
//! ports never narrow the answer, so a rule that could admit internet traffic counts.

use crate::snapshot::eq_ci;
use crate::snapshot::network::{SecurityGroup, SecurityRule};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Tcp,
    Udp,
}

impl Protocol {
    pub fn label(self) -> &'static str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
        }
    }
}

/// Source prefixes that stand for "any address on the internet". Service tags such as
/// `VirtualNetwork` or `AzureLoadBalancer`, and specific CIDRs, are not the internet.
const INTERNET_SOURCES: [&str; 6] = ["*", "Internet", "Any", "0.0.0.0/0", "0.0.0.0", "::/0"];

pub fn is_internet_source(prefix: &str) -> bool {
    let prefix = prefix.trim();
    INTERNET_SOURCES
        .iter()
        .any(|internet| prefix.eq_ignore_ascii_case(internet))
}

pub fn is_inbound(rule: &SecurityRule) -> bool {
    eq_ci(rule.direction.as_deref(), "Inbound")
}

/// `*` matches TCP and UDP, `Tcp` / `Udp` only their own; anything else (Icmp, Esp,
/// Ah, or no protocol) neither.
pub fn protocol_matches(rule: &SecurityRule, protocol: Protocol) -> bool {
    let Some(rule_protocol) = rule.protocol.as_deref().map(str::trim) else {
        return false;
    };
    rule_protocol == "*"
        || match protocol {
            Protocol::Tcp => rule_protocol.eq_ignore_ascii_case("Tcp"),
            Protocol::Udp => rule_protocol.eq_ignore_ascii_case("Udp"),
        }
}

/// Whether a destination port spec (`*`, `22`, `20-25`, or several joined by commas)
/// covers `port`. An unreadable spec covers nothing.
pub fn port_spec_covers(spec: &str, port: u16) -> bool {
    let port = u32::from(port);
    spec.split(',').map(str::trim).any(|part| {
        if part == "*" {
            return true;
        }
        match part.split_once('-') {
            Some((low, high)) => match (low.trim().parse::<u32>(), high.trim().parse::<u32>()) {
                (Ok(low), Ok(high)) => low <= port && port <= high,
                _ => false,
            },
            None => part.parse::<u32>() == Ok(port),
        }
    })
}

/// Whether internet traffic to `port` over `protocol` is what `rule` speaks about.
pub fn rule_matches_internet(rule: &SecurityRule, protocol: Protocol, port: u16) -> bool {
    is_inbound(rule)
        && protocol_matches(rule, protocol)
        && rule.sources().any(is_internet_source)
        && rule
            .destination_ports()
            .any(|spec| port_spec_covers(spec, port))
}

/// The rule that decides a probe, and what it decides.
#[derive(Debug, Clone, Copy)]
pub struct Decision<'a> {
    pub rule: &'a SecurityRule,
    pub allowed: bool,
    /// The rule is one of the NSG's built-in default rules.
    pub is_default: bool,
}

/// The first rule, by ascending priority over custom and default inbound rules, that
/// matches internet traffic to `port` over `protocol`. None means no rule matched,
/// which Azure treats as denied. A rule with neither Allow nor Deny decides nothing.
pub fn deciding_rule(nsg: &SecurityGroup, protocol: Protocol, port: u16) -> Option<Decision<'_>> {
    let mut inbound: Vec<(&SecurityRule, bool)> = nsg
        .security_rules
        .iter()
        .map(|rule| (rule, false))
        .chain(nsg.default_security_rules.iter().map(|rule| (rule, true)))
        .filter(|(rule, _)| is_inbound(rule))
        .collect();
    // A rule without a priority cannot exist in Azure; sort it last rather than first.
    // Custom rules win ties, as their priorities (100-4096) never reach the defaults'.
    inbound.sort_by_key(|(rule, is_default)| (rule.priority.unwrap_or(i64::MAX), *is_default));
    inbound.into_iter().find_map(|(rule, is_default)| {
        if !rule_matches_internet(rule, protocol, port) {
            return None;
        }
        let access = rule.access.as_deref();
        let allowed = if eq_ci(access, "Allow") {
            true
        } else if eq_ci(access, "Deny") {
            false
        } else {
            return None;
        };
        Some(Decision {
            rule,
            allowed,
            is_default,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (name, priority, direction, access, protocol, sources, destination ports)
    type RuleSpec<'a> = (
        &'a str,
        i64,
        &'a str,
        &'a str,
        &'a str,
        &'a [&'a str],
        &'a [&'a str],
    );

    fn rule(
        (name, priority, direction, access, protocol, sources, ports): RuleSpec,
    ) -> SecurityRule {
        let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // One source / port goes into the singular field, several into the list, as ARM does.
        let (source_address_prefix, source_address_prefixes) = match sources {
            [one] => (Some(one.to_string()), vec![]),
            many => (None, strings(many)),
        };
        let (destination_port_range, destination_port_ranges) = match ports {
            [one] => (Some(one.to_string()), vec![]),
            many => (None, strings(many)),
        };
        SecurityRule {
            name: name.to_string(),
            protocol: Some(protocol.to_string()),
            source_address_prefix,
            source_address_prefixes,
            destination_address_prefix: Some("*".into()),
            source_port_range: Some("*".into()),
            destination_port_range,
            destination_port_ranges,
            access: Some(access.to_string()),
            priority: Some(priority),
            direction: Some(direction.to_string()),
            ..Default::default()
        }
    }

    /// The default rules Azure puts on every NSG.
    fn defaults() -> Vec<SecurityRule> {
        [
            (
                "AllowVnetInBound",
                65000,
                "Inbound",
                "Allow",
                "*",
                &["VirtualNetwork"][..],
                &["*"][..],
            ),
            (
                "AllowAzureLoadBalancerInBound",
                65001,
                "Inbound",
                "Allow",
                "*",
                &["AzureLoadBalancer"],
                &["*"],
            ),
            (
                "DenyAllInBound",
                65500,
                "Inbound",
                "Deny",
                "*",
                &["*"],
                &["*"],
            ),
            (
                "AllowVnetOutBound",
                65000,
                "Outbound",
                "Allow",
                "*",
                &["VirtualNetwork"],
                &["*"],
            ),
            (
                "AllowInternetOutBound",
                65001,
                "Outbound",
                "Allow",
                "*",
                &["*"],
                &["*"],
            ),
            (
                "DenyAllOutBound",
                65500,
                "Outbound",
                "Deny",
                "*",
                &["*"],
                &["*"],
            ),
        ]
        .into_iter()
        .map(rule)
        .collect()
    }

    fn nsg(custom: &[RuleSpec]) -> SecurityGroup {
        SecurityGroup {
            name: "nsg".into(),
            security_rules: custom.iter().copied().map(rule).collect(),
            default_security_rules: defaults(),
            ..Default::default()
        }
    }

    /// Which rule decides TCP 22, TCP 3389 and UDP 3389, as "Allow:name" / "Deny:name".
    fn decide(nsg: &SecurityGroup) -> [String; 3] {
        [
            (Protocol::Tcp, 22),
            (Protocol::Tcp, 3389),
            (Protocol::Udp, 3389),
        ]
        .map(
            |(protocol, port)| match deciding_rule(nsg, protocol, port) {
                Some(d) => format!(
                    "{}:{}",
                    if d.allowed { "Allow" } else { "Deny" },
                    d.rule.name
                ),
                None => "none".to_string(),
            },
        )
    }

    #[test]
    fn internet_access_to_ssh_and_rdp_follows_azure_rule_order() {
        const DENY_ALL: &str = "Deny:DenyAllInBound";
        let cases: Vec<(&str, Vec<RuleSpec>, [&str; 3])> = vec![
            ("only default rules", vec![], [DENY_ALL; 3]),
            (
                "allow ssh from any",
                vec![("ssh", 100, "Inbound", "Allow", "Tcp", &["*"], &["22"])],
                ["Allow:ssh", DENY_ALL, DENY_ALL],
            ),
            (
                "shadowed by a higher-priority deny listed after the allow",
                vec![
                    ("ssh", 300, "Inbound", "Allow", "*", &["Internet"], &["22"]),
                    (
                        "block",
                        200,
                        "Inbound",
                        "Deny",
                        "*",
                        &["*"],
                        &["22", "3389"],
                    ),
                ],
                ["Deny:block", "Deny:block", "Deny:block"],
            ),
            (
                "a lower-priority deny does not shadow",
                vec![
                    (
                        "rdp",
                        100,
                        "Inbound",
                        "Allow",
                        "Tcp",
                        &["0.0.0.0/0"],
                        &["3389"],
                    ),
                    ("block", 200, "Inbound", "Deny", "*", &["*"], &["*"]),
                ],
                ["Deny:block", "Allow:rdp", "Deny:block"],
            ),
            (
                "a deny for another source does not shadow",
                vec![
                    (
                        "block-vnet",
                        100,
                        "Inbound",
                        "Deny",
                        "*",
                        &["VirtualNetwork"],
                        &["*"],
                    ),
                    ("ssh", 200, "Inbound", "Allow", "Tcp", &["*"], &["22"]),
                ],
                ["Allow:ssh", DENY_ALL, DENY_ALL],
            ),
            (
                "a Tcp deny leaves RDP over UDP open",
                vec![
                    (
                        "no-tcp-rdp",
                        100,
                        "Inbound",
                        "Deny",
                        "Tcp",
                        &["*"],
                        &["3389"],
                    ),
                    ("rdp", 200, "Inbound", "Allow", "*", &["*"], &["3389"]),
                ],
                [DENY_ALL, "Deny:no-tcp-rdp", "Allow:rdp"],
            ),
            (
                "port range covering 22 only",
                vec![("range", 100, "Inbound", "Allow", "Tcp", &["*"], &["20-25"])],
                ["Allow:range", DENY_ALL, DENY_ALL],
            ),
            (
                "port range covering 3389 only",
                vec![(
                    "range",
                    100,
                    "Inbound",
                    "Allow",
                    "*",
                    &["Any"],
                    &["3000-3500"],
                )],
                [DENY_ALL, "Allow:range", "Allow:range"],
            ),
            (
                "range ends are inclusive",
                vec![(
                    "edge",
                    100,
                    "Inbound",
                    "Allow",
                    "Tcp",
                    &["*"],
                    &["3389-3389", "10-22"],
                )],
                ["Allow:edge", "Allow:edge", DENY_ALL],
            ),
            (
                "port list",
                vec![(
                    "web",
                    100,
                    "Inbound",
                    "Allow",
                    "Tcp",
                    &["Internet"],
                    &["80", "443", "3389"],
                )],
                [DENY_ALL, "Allow:web", DENY_ALL],
            ),
            (
                "all ports",
                vec![("any", 100, "Inbound", "Allow", "*", &["*"], &["*"])],
                ["Allow:any", "Allow:any", "Allow:any"],
            ),
            (
                "outbound rules are ignored",
                vec![
                    ("out", 100, "Outbound", "Allow", "*", &["*"], &["*"]),
                    ("out-deny", 90, "Outbound", "Deny", "*", &["*"], &["*"]),
                ],
                [DENY_ALL; 3],
            ),
            (
                "service tags are not the internet",
                vec![
                    (
                        "vnet",
                        100,
                        "Inbound",
                        "Allow",
                        "*",
                        &["VirtualNetwork"],
                        &["*"],
                    ),
                    (
                        "lb",
                        110,
                        "Inbound",
                        "Allow",
                        "*",
                        &["AzureLoadBalancer"],
                        &["*"],
                    ),
                ],
                [DENY_ALL; 3],
            ),
            (
                "a specific public CIDR is not the internet",
                vec![(
                    "office",
                    100,
                    "Inbound",
                    "Allow",
                    "*",
                    &["203.0.113.0/24"],
                    &["22", "3389"],
                )],
                [DENY_ALL; 3],
            ),
            (
                "RDP over UDP only",
                vec![("rdp-udp", 100, "Inbound", "Allow", "Udp", &["*"], &["3389"])],
                [DENY_ALL, DENY_ALL, "Allow:rdp-udp"],
            ),
            (
                "Icmp, Esp and Ah match neither TCP nor UDP",
                vec![
                    ("ping", 100, "Inbound", "Allow", "Icmp", &["*"], &["*"]),
                    ("esp", 110, "Inbound", "Allow", "Esp", &["*"], &["*"]),
                    ("ah", 120, "Inbound", "Allow", "Ah", &["*"], &["*"]),
                ],
                [DENY_ALL; 3],
            ),
            (
                "prefix list containing 0.0.0.0/0",
                vec![(
                    "mixed",
                    100,
                    "Inbound",
                    "Allow",
                    "Tcp",
                    &["10.0.0.0/8", "0.0.0.0/0"],
                    &["22"],
                )],
                ["Allow:mixed", DENY_ALL, DENY_ALL],
            ),
            (
                "prefix list of private ranges only",
                vec![(
                    "private",
                    100,
                    "Inbound",
                    "Allow",
                    "*",
                    &["10.0.0.0/8", "192.168.0.0/16"],
                    &["*"],
                )],
                [DENY_ALL; 3],
            ),
            (
                "0.0.0.0, ::/0 and lower-case values count",
                vec![
                    ("v4", 100, "inbound", "allow", "tcp", &["0.0.0.0"], &["22"]),
                    ("v6", 110, "INBOUND", "ALLOW", "UDP", &["::/0"], &["3389"]),
                    (
                        "tag",
                        120,
                        "Inbound",
                        "Allow",
                        "Tcp",
                        &["internet"],
                        &["3389"],
                    ),
                ],
                ["Allow:v4", "Allow:tag", "Allow:v6"],
            ),
            (
                "unreadable port specs cover nothing",
                vec![(
                    "odd",
                    100,
                    "Inbound",
                    "Allow",
                    "*",
                    &["*"],
                    &["ssh", "", "3389-"],
                )],
                [DENY_ALL; 3],
            ),
        ];
        for (name, custom, expected) in cases {
            assert_eq!(decide(&nsg(&custom)), expected.map(String::from), "{name}");
        }
    }

    #[test]
    fn destination_prefixes_and_source_ports_do_not_narrow() {
        let mut narrow = rule(("ssh", 100, "Inbound", "Allow", "Tcp", &["*"], &["22"]));
        narrow.destination_address_prefix = Some("10.0.0.4".into());
        narrow.source_port_range = Some("1024".into());
        let mut group = nsg(&[]);
        group.security_rules.push(narrow.clone());
        assert_eq!(decide(&group)[0], "Allow:ssh");

        // The same narrowing on a higher-priority deny still shadows the allow.
        let mut deny = narrow;
        deny.name = "deny".into();
        deny.access = Some("Deny".into());
        deny.priority = Some(90);
        group.security_rules.push(deny);
        assert_eq!(decide(&group)[0], "Deny:deny");
    }

    #[test]
    fn without_default_rules_an_unmatched_probe_has_no_deciding_rule() {
        let group = SecurityGroup::default();
        assert!(deciding_rule(&group, Protocol::Tcp, 22).is_none());
    }

    #[test]
    fn port_specs() {
        let cases = [
            ("*", 22, true),
            ("22", 22, true),
            (" 22 ", 22, true),
            ("23", 22, false),
            ("0-65535", 3389, true),
            ("3390-4000", 3389, false),
            ("22,3389", 3389, true),
            ("abc", 22, false),
            ("25-20", 22, false),
        ];
        for (spec, port, expected) in cases {
            assert_eq!(port_spec_covers(spec, port), expected, "{spec} / {port}");
        }
    }
}
