//! Effective inbound evaluation of one NSG for traffic from the internet (CHECKS-2 N1),
//! the way Azure applies rules: custom and default inbound rules in ascending priority,
//! and the first rule that matches traffic to a port decides it. The evaluator walks a
//! whole port set at once (AZNW-006 judges all 65536 UDP ports), so it works on ranges.
//! Only the source (is it the internet?), the destination ports and the protocol are
//! compared: destination prefixes and source ports never narrow the answer, so a rule
//! that could admit internet traffic counts.

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

/// An inclusive port range; a single port is `(p, p)`.
pub type Ports = (u16, u16);

/// Source prefixes that stand for "any address on the internet". Service tags such as
/// `VirtualNetwork` or `AzureLoadBalancer`, and specific CIDRs, are not the internet.
const INTERNET_SOURCES: [&str; 6] = ["*", "Internet", "Any", "0.0.0.0/0", "0.0.0.0", "::/0"];

/// Service tags that stand for addresses inside Azure's own network path (the VNet,
/// the platform's load-balancer probe): not worth naming as a public audience.
const PRIVATE_TAGS: [&str; 2] = ["VirtualNetwork", "AzureLoadBalancer"];

pub fn is_internet_source(prefix: &str) -> bool {
    let prefix = prefix.trim();
    INTERNET_SOURCES
        .iter()
        .any(|internet| prefix.eq_ignore_ascii_case(internet))
}

/// A service tag (`AzureCloud`, `Storage.WestEurope`) other than the internet and the
/// private ones: a word, not an address or CIDR.
pub fn is_public_service_tag(prefix: &str) -> bool {
    let prefix = prefix.trim();
    !prefix.is_empty()
        && !is_internet_source(prefix)
        && !PRIVATE_TAGS.iter().any(|t| prefix.eq_ignore_ascii_case(t))
        && prefix.starts_with(|c: char| c.is_ascii_alphabetic())
        && !prefix.contains(':')
}

pub fn is_inbound(rule: &SecurityRule) -> bool {
    eq_ci(rule.direction.as_deref(), "Inbound")
}

/// `*` and `Any` match TCP and UDP, `Tcp` / `Udp` only their own; anything else (Icmp,
/// Esp, Ah, or no protocol) neither.
pub fn protocol_matches(rule: &SecurityRule, protocol: Protocol) -> bool {
    let Some(rule_protocol) = rule.protocol.as_deref().map(str::trim) else {
        return false;
    };
    rule_protocol == "*"
        || rule_protocol.eq_ignore_ascii_case("Any")
        || match protocol {
            Protocol::Tcp => rule_protocol.eq_ignore_ascii_case("Tcp"),
            Protocol::Udp => rule_protocol.eq_ignore_ascii_case("Udp"),
        }
}

/// The ranges a destination port spec covers (`*`, `22`, `20-25`, or several joined by
/// commas). An unreadable part covers nothing.
pub fn port_spec_ranges(spec: &str) -> Vec<Ports> {
    let port = |text: &str| text.trim().parse::<u16>().ok();
    spec.split(',')
        .map(str::trim)
        .filter_map(|part| {
            if part == "*" {
                return Some((0, u16::MAX));
            }
            match part.split_once('-') {
                Some((low, high)) => {
                    let (low, high) = (port(low)?, port(high)?);
                    (low <= high).then_some((low, high))
                }
                None => port(part).map(|p| (p, p)),
            }
        })
        .collect()
}

/// Every range a rule's destination ports cover.
fn rule_ranges(rule: &SecurityRule) -> Vec<Ports> {
    rule.destination_ports()
        .flat_map(port_spec_ranges)
        .collect()
}

/// `set` ∩ `ranges`, as sorted disjoint ranges (`set` is sorted and disjoint).
fn intersect(set: &[Ports], ranges: &[Ports]) -> Vec<Ports> {
    let mut out: Vec<Ports> = set
        .iter()
        .flat_map(|&(a, b)| {
            ranges.iter().filter_map(move |&(c, d)| {
                let (low, high) = (a.max(c), b.min(d));
                (low <= high).then_some((low, high))
            })
        })
        .collect();
    normalize(&mut out);
    out
}

/// `set` minus `taken` (both sorted and disjoint).
fn subtract(set: &[Ports], taken: &[Ports]) -> Vec<Ports> {
    let mut out = Vec::new();
    for &(a, b) in set {
        let mut low = u32::from(a);
        let high = u32::from(b);
        for &(c, d) in taken {
            let (c, d) = (u32::from(c), u32::from(d));
            if d < low || c > high {
                continue;
            }
            if c > low {
                out.push((low as u16, (c - 1) as u16));
            }
            low = d + 1;
        }
        if low <= high {
            out.push((low as u16, high as u16));
        }
    }
    out
}

/// Sorts and merges overlapping or touching ranges.
pub fn normalize(ranges: &mut Vec<Ports>) {
    ranges.sort_unstable();
    let mut merged: Vec<Ports> = Vec::with_capacity(ranges.len());
    for &(low, high) in ranges.iter() {
        match merged.last_mut() {
            Some(last) if u32::from(low) <= u32::from(last.1) + 1 => last.1 = last.1.max(high),
            _ => merged.push((low, high)),
        }
    }
    *ranges = merged;
}

/// `22`, `20-25`, joined by `, `.
pub fn describe_ports(ranges: &[Ports]) -> String {
    ranges
        .iter()
        .map(|&(low, high)| {
            if low == high {
                low.to_string()
            } else {
                format!("{low}-{high}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rule that decides some ports of a probe, and what it decides.
#[derive(Debug, Clone)]
pub struct Decision<'a> {
    pub rule: &'a SecurityRule,
    pub allowed: bool,
    /// The rule is one of the NSG's built-in default rules.
    pub is_default: bool,
    /// The probed ports this rule decides (sorted, disjoint).
    pub ports: Vec<Ports>,
}

/// A rule that admits a public service tag (`AzureCloud`) to ports the internet
/// evaluation had not yet decided: not the internet, but worth naming.
#[derive(Debug, Clone)]
pub struct TagAllowance<'a> {
    pub rule: &'a SecurityRule,
    pub tags: Vec<&'a str>,
    pub ports: Vec<Ports>,
}

/// What N1 decides for one protocol over one port set.
#[derive(Debug, Clone, Default)]
pub struct Evaluation<'a> {
    /// Deciding rules in priority order; ports no rule matched are not listed
    /// (Azure denies them).
    pub decisions: Vec<Decision<'a>>,
    pub tag_allowances: Vec<TagAllowance<'a>>,
}

impl<'a> Evaluation<'a> {
    /// The decisions that allow internet traffic.
    pub fn allowed(&self) -> impl Iterator<Item = &Decision<'a>> {
        self.decisions.iter().filter(|d| d.allowed)
    }

    /// Whether `port` is allowed from the internet.
    pub fn allows(&self, port: u16) -> bool {
        self.allowed().any(|d| {
            d.ports
                .iter()
                .any(|&(low, high)| low <= port && port <= high)
        })
    }

    /// `; also allowed from service tag AzureCloud by rule 'x' (ports 22)`, or empty.
    pub fn tag_note(&self) -> String {
        self.tag_allowances
            .iter()
            .map(|t| {
                format!(
                    "; ports {} also allowed from service tag {} by rule '{}' (not the internet)",
                    describe_ports(&t.ports),
                    t.tags.join(", "),
                    t.rule.name
                )
            })
            .collect()
    }
}

/// The NSG's inbound rules in the order Azure applies them, each with whether it is a
/// default rule. A rule without a priority cannot exist in Azure; it sorts last rather
/// than first. Custom rules win ties, as their priorities (100-4096) never reach the
/// defaults'.
fn inbound_rules(nsg: &SecurityGroup) -> Vec<(&SecurityRule, bool)> {
    let mut inbound: Vec<(&SecurityRule, bool)> = nsg
        .security_rules
        .iter()
        .map(|rule| (rule, false))
        .chain(nsg.default_security_rules.iter().map(|rule| (rule, true)))
        .filter(|(rule, _)| is_inbound(rule))
        .collect();
    inbound.sort_by_key(|(rule, is_default)| (rule.priority.unwrap_or(i64::MAX), *is_default));
    inbound
}

/// N1: walks the inbound rules in priority order over `ports` for `protocol`; each rule
/// whose source is the internet decides the still-undecided ports it covers. A rule
/// with neither Allow nor Deny decides nothing.
pub fn evaluate<'a>(nsg: &'a SecurityGroup, protocol: Protocol, ports: &[Ports]) -> Evaluation<'a> {
    let mut undecided = ports.to_vec();
    normalize(&mut undecided);
    let mut evaluation = Evaluation::default();
    for (rule, is_default) in inbound_rules(nsg) {
        if undecided.is_empty() {
            break;
        }
        if !protocol_matches(rule, protocol) {
            continue;
        }
        let access = rule.access.as_deref();
        let allowed = if eq_ci(access, "Allow") {
            true
        } else if eq_ci(access, "Deny") {
            false
        } else {
            continue;
        };
        let covered = intersect(&undecided, &rule_ranges(rule));
        if covered.is_empty() {
            continue;
        }
        if rule.sources().any(is_internet_source) {
            undecided = subtract(&undecided, &covered);
            evaluation.decisions.push(Decision {
                rule,
                allowed,
                is_default,
                ports: covered,
            });
        } else if allowed {
            let tags: Vec<&str> = rule
                .sources()
                .filter(|s| is_public_service_tag(s))
                .collect();
            if !tags.is_empty() {
                evaluation.tag_allowances.push(TagAllowance {
                    rule,
                    tags,
                    ports: covered,
                });
            }
        }
    }
    evaluation
}

impl Decision<'_> {
    /// `TCP 80, 8080 by rule 'web' (priority 100)`.
    pub fn describe(&self, protocol: Protocol) -> String {
        let priority = self
            .rule
            .priority
            .map_or_else(|| "not set".to_string(), |p| p.to_string());
        format!(
            "{} {} by rule '{}' (priority {priority})",
            protocol.label(),
            describe_ports(&self.ports),
            self.rule.name
        )
    }

    /// The evidence of one decision.
    pub fn evidence(&self, protocol: Protocol) -> serde_json::Value {
        serde_json::json!({
            "protocol": protocol.label(),
            "ports": describe_ports(&self.ports),
            "access": if self.allowed { "Allow" } else { "Deny" },
            "rule": self.rule.name,
            "priority": self.rule.priority,
            "defaultRule": self.is_default,
        })
    }
}

/// The verdict of a port check on one NSG: PASS with `closed` when nothing is
/// `opened`, else FAIL listing the openings; `note` (service tags) ends either message.
pub fn judge_openings(
    out: &mut crate::rules::Verdicts,
    nsg: &SecurityGroup,
    opened: &[String],
    closed: &str,
    note: &str,
    evidence: serde_json::Value,
) {
    let subject = crate::rules::Subject::of(nsg);
    if opened.is_empty() {
        out.pass(subject, format!("{}: {closed}{note}", nsg.name), evidence);
    } else {
        let opened = opened.join("; ");
        out.fail(
            subject,
            format!("{}: reachable from the internet: {opened}{note}", nsg.name),
            evidence,
        );
    }
}

/// The first rule, by ascending priority over custom and default inbound rules, that
/// matches internet traffic to `port` over `protocol`. None means no rule matched,
/// which Azure treats as denied.
pub fn deciding_rule(nsg: &SecurityGroup, protocol: Protocol, port: u16) -> Option<Decision<'_>> {
    evaluate(nsg, protocol, &[(port, port)])
        .decisions
        .into_iter()
        .next()
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
    fn a_port_set_is_decided_range_by_range_in_priority_order() {
        let group = nsg(&[
            ("low", 100, "Inbound", "Deny", "Udp", &["*"], &["0-1023"]),
            (
                "dns",
                110,
                "Inbound",
                "Allow",
                "Any",
                &["Internet"],
                &["53", "2000-2999"],
            ),
            (
                "cloud",
                120,
                "Inbound",
                "Allow",
                "Udp",
                &["AzureCloud"],
                &["3000-3999"],
            ),
            (
                "rest",
                130,
                "Inbound",
                "Allow",
                "*",
                &["0.0.0.0/0"],
                &["2500-65535"],
            ),
        ]);
        let evaluation = evaluate(&group, Protocol::Udp, &[(0, u16::MAX)]);
        let decided: Vec<(String, bool, String)> = evaluation
            .decisions
            .iter()
            .map(|d| (d.rule.name.clone(), d.allowed, describe_ports(&d.ports)))
            .collect();
        assert_eq!(
            decided,
            [
                ("low".to_string(), false, "0-1023".to_string()),
                ("dns".to_string(), true, "2000-2999".to_string()),
                ("rest".to_string(), true, "3000-65535".to_string()),
                ("DenyAllInBound".to_string(), false, "1024-1999".to_string()),
            ]
        );
        // The service tag is not the internet, but it is named for the ports it opens.
        assert_eq!(evaluation.tag_allowances.len(), 1);
        assert_eq!(evaluation.tag_allowances[0].tags, ["AzureCloud"]);
        assert!(evaluation.tag_note().contains("3000-3999"));
        assert!(evaluation.allows(2500) && !evaluation.allows(53) && !evaluation.allows(1500));
        // TCP is untouched by the Udp rules; `Any` and `*` count for it.
        let tcp = evaluate(&group, Protocol::Tcp, &[(53, 53), (80, 80)]);
        assert_eq!(describe_ports(&tcp.decisions[0].ports), "53");
        assert_eq!(tcp.decisions[0].rule.name, "dns");
    }

    #[test]
    fn range_arithmetic() {
        let mut ranges = vec![(10, 20), (21, 30), (5, 6), (25, 40)];
        normalize(&mut ranges);
        assert_eq!(ranges, [(5, 6), (10, 40)]);
        assert_eq!(
            subtract(&[(0, u16::MAX)], &[(0, 9), (100, 200)]),
            [(10, 99), (201, u16::MAX)]
        );
        assert_eq!(
            intersect(&[(0, 100)], &[(50, 60), (90, 200)]),
            [(50, 60), (90, 100)]
        );
        assert!(is_public_service_tag("AzureCloud") && is_public_service_tag("Storage.WestEurope"));
        assert!(!is_public_service_tag("VirtualNetwork") && !is_public_service_tag("10.0.0.0/8"));
        assert!(!is_public_service_tag("Internet") && !is_public_service_tag("2001:db8::/32"));
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
            let covers = port_spec_ranges(spec)
                .iter()
                .any(|&(low, high)| low <= port && port <= high);
            assert_eq!(covers, expected, "{spec} / {port}");
        }
    }
}
