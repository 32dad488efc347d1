//! `--checks` / `--skip-checks`: which checks a run includes, by ID or prefix; opt-in
//! checks only when enabled (`--enable-checks`, `checks.enable` in azscan.toml).

use super::args::SelectionArgs;
use crate::rules::{Lifecycle, Rule, Settings, catalog};

/// The selected checks in catalog order. Every pattern must match at least one check,
/// so a typo is an error rather than a silently smaller scan. Opt-in checks run only
/// when `settings` enables them.
pub fn select(
    include: &[String],
    exclude: &[String],
    settings: &Settings,
) -> Result<Vec<&'static Rule>, String> {
    select_from(catalog(), include, exclude, settings)
}

/// The checks a command without a configuration file runs (`collect`, `doctor`): the
/// selection flags alone, opt-in checks enabled only by `--enable-checks`.
pub fn select_from_flags(args: &SelectionArgs) -> Result<Vec<&'static Rule>, String> {
    let mut settings = Settings::default();
    settings.enable(enabled_ids(&args.enable_checks)?);
    select(&args.checks, &args.skip_checks, &settings)
}

fn select_from(
    rules: &'static [Rule],
    include: &[String],
    exclude: &[String],
    settings: &Settings,
) -> Result<Vec<&'static Rule>, String> {
    let include = patterns("--checks", include)?;
    let exclude = patterns("--skip-checks", exclude)?;
    let selected: Vec<&'static Rule> = rules
        .iter()
        .filter(|rule| {
            !matches!(rule.check.lifecycle, Lifecycle::OptIn { .. })
                || settings.is_enabled(rule.check.id)
        })
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

/// `--enable-checks`: whole IDs of registered checks, upper-cased.
pub fn enabled_ids(raw: &[String]) -> Result<Vec<String>, String> {
    raw.iter()
        .map(|text| {
            let id = text.trim().to_ascii_uppercase();
            catalog()
                .iter()
                .find(|r| r.check.id == id)
                .map(|r| r.check.id.to_string())
                .ok_or_else(|| {
                    format!("--enable-checks: '{text}' is not a check ID (see `azscan checks`)")
                })
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

    fn select(include: &[String], exclude: &[String]) -> Result<Vec<&'static Rule>, String> {
        super::select(include, exclude, &Settings::default())
    }

    #[test]
    fn opt_in_checks_run_only_when_enabled() {
        // A stand-in for catalog()[0] (ACR-001) that is opt-in.
        static OPT_IN: crate::rules::Check = crate::rules::Check {
            id: "ACR-001",
            service: "acr",
            meta_toml: "",
            sources: &[crate::collect::Source::Registries],
            run: |_, _| {},
            lifecycle: Lifecycle::OptIn {
                reason: "reads a data plane",
            },
        };
        let rules: &'static [Rule] = Box::leak(Box::new([
            Rule {
                check: &OPT_IN,
                meta: catalog()[0].meta.clone(),
            },
            Rule {
                check: catalog()[1].check,
                meta: catalog()[1].meta.clone(),
            },
        ]));
        let (opt_in, active) = (OPT_IN.id, catalog()[1].check.id);
        let default = select_from(rules, &[], &[], &Settings::default()).unwrap();
        assert_eq!(ids(&default), vec![active]);
        let mut enabled = Settings::default();
        enabled.enable([opt_in.to_string()]);
        let all = select_from(rules, &[], &[], &enabled).unwrap();
        assert_eq!(ids(&all), vec![opt_in, active]);
        // --checks picks among what runs; it does not enable an opt-in check.
        let only = [opt_in.to_string()];
        assert!(select_from(rules, &only, &[], &Settings::default()).is_err());
        assert_eq!(enabled_ids(&["akv-001".into()]).unwrap(), vec!["AKV-001"]);
        assert!(enabled_ids(&["AKV".into()]).is_err());
    }

    #[test]
    fn prefixes_globs_and_ids_select() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let akv = select(&s(&["akv-*"]), &[]).unwrap();
        assert!(ids(&akv).iter().all(|id| id.starts_with("AKV-")));
        assert_eq!(akv.len(), 9);
        let one = select(&s(&["AZST-001"]), &[]).unwrap();
        assert_eq!(ids(&one), vec!["AZST-001"]);
        let skipped = select(&s(&["AKV"]), &s(&["AKV-004", "AKV-005"])).unwrap();
        assert!(!ids(&skipped).contains(&"AKV-004"));
        assert_eq!(skipped.len(), 7);
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
