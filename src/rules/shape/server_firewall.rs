//! Server firewall rules of SQL, PostgreSQL and MySQL flexible servers (AZSQL-006/007,
//! AZPG-006/007, AZMY-006): which rules open the server, judged only while public
//! network access lets them matter (CHECKS-2 Clarifications, "Firewall scope").

use super::exposure::Exposure;
use super::firewall::{Entry, covers_every_public_address};
use super::{Resource, each};
use crate::rules::Verdicts;
use crate::snapshot::Fetched;
use crate::snapshot::sql::FirewallRule;
use serde_json::{Value, json};

/// What a rule must not open the server to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    /// Every public address, by one rule or by the rules together.
    Internet,
    /// Start and end 0.0.0.0: any Azure resource, whoever's tenant it is in.
    AzureServices,
}

/// What public access Disabled (or `SecuredByPerimeter`) means for the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenPrivate {
    /// PASS noting the rules are inert, without reading them (SQL, MySQL).
    PassInert,
    /// Out of scope: no result (PostgreSQL).
    NoResult,
}

/// A server with a public network access switch and firewall rules (SQL, PostgreSQL
/// and MySQL flexible servers).
pub trait Firewalled: Resource {
    fn public_network_access(&self) -> Option<&str>;
    fn firewall_rules(&self) -> &Fetched<Vec<FirewallRule>>;
}

macro_rules! firewalled {
    ($($ty:ty),*) => {$(
        impl Firewalled for $ty {
            fn public_network_access(&self) -> Option<&str> {
                self.public_network_access.as_deref()
            }
            fn firewall_rules(&self) -> &Fetched<Vec<FirewallRule>> {
                &self.firewall_rules
            }
        }
    )*};
}
firewalled!(
    crate::snapshot::sql::SqlServer,
    crate::snapshot::postgres::PostgresServer,
    crate::snapshot::mysql::MysqlServer
);

/// One verdict per listed server (an unreadable list is one ERROR on the subscription).
pub fn judge_each<S: Firewalled>(
    out: &mut Verdicts,
    servers: &Fetched<Vec<S>>,
    opening: Opening,
    when_private: WhenPrivate,
) {
    for server in each(out, servers) {
        judge(
            out,
            server,
            server.public_network_access(),
            server.firewall_rules(),
            opening,
            when_private,
        );
    }
}

/// One verdict on `resource`'s firewall `rules` against `opening`.
pub fn judge<R: Resource>(
    out: &mut Verdicts,
    resource: &R,
    public_network_access: Option<&str>,
    rules: &Fetched<Vec<FirewallRule>>,
    opening: Opening,
    when_private: WhenPrivate,
) {
    let exposure = Exposure {
        public_network_access,
        default_action: None,
    };
    let subject = resource.subject();
    if exposure.access_disabled() {
        if when_private == WhenPrivate::PassInert {
            out.pass(
                subject,
                format!(
                    "{}: {}, so its firewall rules admit nobody (not read)",
                    resource.label(),
                    exposure.describe()
                ),
                json!({ "publicNetworkAccess": public_network_access }),
            );
        }
        return;
    }
    let what = format!("the firewall rules of {}", resource.described());
    let Some(rules) = out.part(rules, &subject, &what) else {
        return;
    };
    let azure: Vec<&FirewallRule> = rules.iter().filter(|r| r.is_all_azure_services()).collect();
    let offending: Vec<&FirewallRule> = match opening {
        Opening::AzureServices => azure.clone(),
        Opening::Internet if covers_every_public_address(rules.iter().map(entry)) => {
            let alone: Vec<&FirewallRule> = rules
                .iter()
                .filter(|r| covers_every_public_address([entry(r)]))
                .collect();
            // No single rule does it: the rules together do, so all are named.
            if alone.is_empty() {
                rules.iter().collect()
            } else {
                alone
            }
        }
        Opening::Internet => Vec::new(),
    };
    let label = resource.label();
    let named = |list: &[&FirewallRule]| {
        list.iter()
            .map(|r| r.describe())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut message = match (opening, offending.is_empty()) {
        (Opening::Internet, false) => format!(
            "{label}: firewall rules admit every public address: {}",
            named(&offending)
        ),
        (Opening::AzureServices, false) => format!(
            "{label}: firewall rule admits all Azure services (any tenant's resources): {}",
            named(&offending)
        ),
        (Opening::Internet, true) => format!(
            "{label}: {} firewall rule(s), none admitting every public address",
            rules.len()
        ),
        (Opening::AzureServices, true) => format!(
            "{label}: {} firewall rule(s), none admitting all Azure services",
            rules.len()
        ),
    };
    if opening == Opening::Internet && !azure.is_empty() {
        message.push_str(&format!(
            "; note: {} admits all Azure services",
            named(&azure)
        ));
    }
    let evidence = json!({
        "publicNetworkAccess": public_network_access,
        "firewallRules": rules.iter().map(|r| json!({
            "name": r.name, "startIpAddress": r.start_ip_address, "endIpAddress": r.end_ip_address,
        })).collect::<Vec<Value>>(),
    });
    out.judge(offending.is_empty(), subject, message, evidence);
}

/// A rule as an allow-list entry; a missing address parses as nothing.
fn entry(rule: &FirewallRule) -> Entry<'_> {
    Entry::Range(
        rule.start_ip_address.as_deref().unwrap_or(""),
        rule.end_ip_address.as_deref().unwrap_or(""),
    )
}
