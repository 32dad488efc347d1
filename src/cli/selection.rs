//! `--checks` / `--skip-checks`: which checks a run includes, by ID or prefix.

use crate::rules::{Rule, catalog};

/// The selected checks in catalog order. Every pattern must match at least one check,
/// so a typo is an error rather than a silently smaller scan.
pub fn select(include: &[String], exclude: &[String]) -> Result<Vec<&'static Rule>, String> {
    let include = patterns("--checks", include)?;
    let exclude = patterns("--skip-checks", exclude)?;
    let selected: Vec<&'static Rule> = catalog()
        .iter()
        .filter(|rule| include.is_empty() || include.iter().any(|p| matches(p, rule.check.id)))
        .filter(|rule| !exclude.iter().any(|p| matches(p, rule.check.id)))
        .collect();
    if selected.is_empty() {
        return Err("--checks/--skip-checks leave no check to run".into());
    }
    Ok(selected)
}

fn patterns(flag: &str, raw: &[String]) -> Result<Vec<String>, String> {
    raw.iter()
        .map(|text| {
            let pattern = text
                .trim()
                .to_ascii_uppercase()
                .trim_end_matches('*')
                .trim_end_matches('-')
                .to_string();
            if pattern.is_empty() {
                return Err(format!("{flag}: empty check pattern '{text}'"));
            }
            if !catalog().iter().any(|r| matches(&pattern, r.check.id)) {
                return Err(format!(
                    "{flag}: '{text}' matches no check (IDs look like AZST-001; prefixes like AZST; see `azscan checks`)"
                ));
            }
            Ok(pattern)
        })
        .collect()
}

/// `AZST-001` matches itself; `AZST` matches every `AZST-…`.
fn matches(pattern: &str, id: &str) -> bool {
    id == pattern
        || id
            .strip_prefix(pattern)
            .is_some_and(|rest| rest.starts_with('-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(rules: &[&Rule]) -> Vec<&'static str> {
        rules.iter().map(|r| r.check.id).collect()
    }

    #[test]
    fn prefixes_globs_and_ids_select() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let akv = select(&s(&["akv-*"]), &[]).unwrap();
        assert!(ids(&akv).iter().all(|id| id.starts_with("AKV-")));
        assert_eq!(akv.len(), 6);
        let one = select(&s(&["AZST-001"]), &[]).unwrap();
        assert_eq!(ids(&one), vec!["AZST-001"]);
        let skipped = select(&s(&["AKV"]), &s(&["AKV-004", "AKV-005"])).unwrap();
        assert!(!ids(&skipped).contains(&"AKV-004"));
        assert_eq!(skipped.len(), 4);
    }

    #[test]
    fn typos_and_empty_selections_are_errors() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(
            select(&s(&["AZS"]), &[]).is_err(),
            "AZS is not a prefix of AZST-"
        );
        assert!(select(&s(&["NOPE-1"]), &[]).is_err());
        assert!(select(&s(&["AKV-001"]), &s(&["AKV"])).is_err());
    }
}
