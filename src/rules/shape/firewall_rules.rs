//! What a resource's start–end firewall rules admit, for messages only (REDIS-003,
//! SYN-001): the rule count, whether together they admit the whole internet, and the
//! 0.0.0.0–0.0.0.0 rule that admits every Azure service. A list that could not be read
//! is said, never judged.

use super::firewall::{Entry, covers_every_public_address};
use crate::snapshot::Fetched;
use crate::snapshot::redis::FirewallRule;
use serde_json::{Value, json};

/// `3 firewall rules; together they admit the whole internet`, and its evidence.
pub fn summary(rules: &Fetched<Vec<FirewallRule>>) -> (String, Value) {
    let Fetched::Ok(rules) = rules else {
        let reason = rules
            .unavailable_reason("the firewall rules")
            .unwrap_or_default();
        return (reason, Value::Null);
    };
    let entries = rules
        .iter()
        .filter_map(|r| Some(Entry::Range(r.start.as_deref()?, r.end.as_deref()?)));
    let everything = covers_every_public_address(entries);
    let azure = rules.iter().any(|r| {
        r.start.as_deref().map(str::trim) == Some("0.0.0.0")
            && r.end.as_deref().map(str::trim) == Some("0.0.0.0")
    });
    let mut text = format!("{} firewall rule(s)", rules.len());
    if everything {
        text.push_str("; together they admit the whole internet");
    }
    if azure {
        text.push_str("; a 0.0.0.0-0.0.0.0 rule admits all Azure services");
    }
    let evidence = json!({
        "firewallRules": rules.len(),
        "admitsWholeInternet": everything,
        "admitsAllAzureServices": azure,
    });
    (text, evidence)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(start: &str, end: &str) -> FirewallRule {
        FirewallRule {
            name: "r".into(),
            start: Some(start.into()),
            end: Some(end.into()),
        }
    }

    #[test]
    fn names_the_whole_internet_and_the_azure_services_rule() {
        let (text, evidence) = summary(&Fetched::Ok(vec![
            rule("0.0.0.0", "255.255.255.255"),
            rule("0.0.0.0", "0.0.0.0"),
        ]));
        assert!(text.starts_with("2 firewall rule(s)"), "{text}");
        assert!(text.contains("whole internet") && text.contains("all Azure services"));
        assert_eq!(evidence["admitsWholeInternet"], true);
        let (text, _) = summary(&Fetched::Ok(vec![rule("10.0.0.1", "10.0.0.9")]));
        assert_eq!(text, "1 firewall rule(s)");
        let (text, evidence) = summary(&Fetched::NotCollected);
        assert!(text.contains("the firewall rules"), "{text}");
        assert!(evidence.is_null());
    }
}
