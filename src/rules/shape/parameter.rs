//! Server parameters of PostgreSQL and MySQL flexible servers (CHECKS-2 D6): one list
//! per server, values are text compared case-insensitively, and a parameter missing
//! from the list is an ERROR naming it, never a FAIL.

use super::Resource;
use crate::rules::Verdicts;
use crate::snapshot::eq_ci;
use crate::snapshot::postgres::{ServerParameter, pairs};
use serde_json::{Map, Value, json};

/// What a parameter must be.
#[derive(Debug, Clone, Copy)]
pub enum Expected {
    /// `on`/`ON`; `off` fails, and so does any other value, named.
    On,
    /// A number at or above the bound; a value that is not a number fails, named.
    AtLeast(f64),
    /// A number above the bound (`> 3` days).
    Above(f64),
}

/// The verdict on one parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Pass(String),
    Fail(String),
    /// The parameter is not in the server's list.
    Missing(String),
}

/// Judges parameter `name` among `(name, value)` pairs as the server listed them.
pub fn judge<'a>(
    parameters: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    name: &str,
    expected: Expected,
) -> Outcome {
    let Some((_, value)) = parameters
        .into_iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
    else {
        return Outcome::Missing(format!("parameter {name} is not in the server's list"));
    };
    let shown = format!("{name} is {}", value.unwrap_or("not set"));
    let passed = match expected {
        Expected::On => {
            if !eq_ci(value, "on") && !eq_ci(value, "off") {
                return Outcome::Fail(format!("{shown}, which is neither on nor off"));
            }
            eq_ci(value, "on")
        }
        Expected::AtLeast(bound) | Expected::Above(bound) => {
            let Some(number) = value.and_then(|v| v.trim().parse::<f64>().ok()) else {
                return Outcome::Fail(format!("{shown}, which is not a number"));
            };
            match expected {
                Expected::Above(_) => number > bound,
                _ => number >= bound,
            }
        }
    };
    if passed {
        Outcome::Pass(shown)
    } else {
        Outcome::Fail(shown)
    }
}

/// One verdict on `resource` from [`judge`]: `<label>: <name> is <value>`, evidence
/// keyed by the parameter's name; a missing parameter is ERROR naming it.
pub fn verdict<R: Resource>(
    out: &mut Verdicts,
    resource: &R,
    parameters: &[ServerParameter],
    name: &str,
    expected: Expected,
) {
    let label = resource.label();
    let value = parameters
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name))
        .and_then(|p| p.value.as_deref());
    let mut evidence = Map::new();
    evidence.insert(name.to_string(), json!(value));
    match judge(pairs(parameters), name, expected) {
        Outcome::Pass(said) => out.pass(
            resource.subject(),
            format!("{label}: {said}"),
            Value::Object(evidence),
        ),
        Outcome::Fail(said) => out.fail(
            resource.subject(),
            format!("{label}: {said}"),
            Value::Object(evidence),
        ),
        Outcome::Missing(said) => out.error(resource.subject(), format!("{label}: {said}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LISTED: [(&str, Option<&str>); 4] = [
        ("require_secure_transport", Some("ON")),
        ("log_connections", Some("off")),
        ("logfiles.retention_days", Some("3")),
        ("audit_log_enabled", Some("maybe")),
    ];

    #[test]
    fn on_off_parameters_compare_case_insensitively() {
        assert_eq!(
            judge(LISTED, "REQUIRE_SECURE_TRANSPORT", Expected::On),
            Outcome::Pass("REQUIRE_SECURE_TRANSPORT is ON".into())
        );
        assert!(matches!(
            judge(LISTED, "log_connections", Expected::On),
            Outcome::Fail(_)
        ));
        assert!(
            matches!(judge(LISTED, "audit_log_enabled", Expected::On), Outcome::Fail(m) if m.contains("maybe"))
        );
    }

    #[test]
    fn a_missing_parameter_is_not_a_fail_and_numbers_are_numbers() {
        assert!(matches!(
            judge(LISTED, "connection_throttle.enable", Expected::On),
            Outcome::Missing(_)
        ));
        assert!(matches!(
            judge(LISTED, "logfiles.retention_days", Expected::Above(3.0)),
            Outcome::Fail(_)
        ));
        assert!(matches!(
            judge(LISTED, "logfiles.retention_days", Expected::AtLeast(3.0)),
            Outcome::Pass(_)
        ));
        assert!(
            matches!(judge(LISTED, "log_connections", Expected::AtLeast(1.0)), Outcome::Fail(m) if m.contains("not a number"))
        );
    }
}
