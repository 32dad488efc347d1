//! The check registry: every check, its metadata, and how checks report verdicts.
//!
//! One check is three things found by its ID: `src/rules/<svc>/<id>_<what>.rs` (logic),
//! `rules/<svc>/<ID>.toml` (words), `fixtures/checks/<svc>/<ID>.json` (cases). The
//! registry test in this module keeps the three in step.

pub mod acr;
pub mod adf;
pub mod aks;
pub mod akv;
pub mod aoai;
pub mod apim;
pub mod azapp;
pub mod azfunc;
pub mod azmon;
pub mod azmy;
pub mod aznw;
pub mod azpg;
pub mod azpol;
pub mod azsql;
pub mod azst;
pub mod azvm;
pub mod bkp;
pub mod cosmos;
pub mod dbw;
pub mod def;
pub mod entra;
pub mod evh;
mod evidence;
mod finding;
pub mod lock;
pub mod logic;
mod meta;
pub mod rbac;
pub mod redis;
pub mod sbus;
mod settings;
pub mod shape;
pub mod syn;
mod verdicts;

pub use finding::{BaselineState, Finding, Severity, Status, SuppressionNote};
pub use meta::{Metadata, Remediation};
pub use settings::{Settings, TimeSpan};
pub use verdicts::{Subject, Verdict, Verdicts};

use crate::collect::Source;
use crate::snapshot::Snapshot;
use std::sync::OnceLock;

/// A registered check: its ID, its words (TOML, compiled in), the data it reads and
/// the pure function that judges a snapshot.
pub struct Check {
    pub id: &'static str,
    /// Folder of the check under `rules/` and `src/rules/` (`azst`, `akv`, ...).
    pub service: &'static str,
    pub meta_toml: &'static str,
    /// What the collectors must read for this check; drives what a scan requests.
    pub sources: &'static [Source],
    pub run: fn(&Snapshot, &mut Verdicts),
    pub lifecycle: Lifecycle,
}

/// Whether a check runs by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifecycle {
    /// Runs unless deselected.
    Active,
    /// Runs only when enabled (`--enable-checks`, `checks.enable`); `azscan checks`
    /// shows why (it needs more than read access, or reads a data plane).
    OptIn { reason: &'static str },
    /// Runs, but judges something Azure has retired; `azscan checks` says what replaces it.
    Legacy { reason: &'static str },
}

impl Lifecycle {
    pub fn as_str(self) -> &'static str {
        match self {
            Lifecycle::Active => "active",
            Lifecycle::OptIn { .. } => "opt-in",
            Lifecycle::Legacy { .. } => "legacy",
        }
    }

    pub fn reason(self) -> Option<&'static str> {
        match self {
            Lifecycle::Active => None,
            Lifecycle::OptIn { reason } | Lifecycle::Legacy { reason } => Some(reason),
        }
    }
}

/// Declares a check whose metadata lives in `rules/<svc>/<ID>.toml`; `run` is a
/// function or a non-capturing closure (a family of checks differing by one value calls
/// one shared function with that value), and `lifecycle` defaults to `Active`.
macro_rules! check {
    ($svc:literal, $id:literal, sources: [$($source:ident),* $(,)?], run: $run:expr $(,)?) => {
        $crate::rules::check!($svc, $id, sources: [$($source),*], run: $run,
            lifecycle: $crate::rules::Lifecycle::Active)
    };
    ($svc:literal, $id:literal, sources: [$($source:ident),* $(,)?], run: $run:expr,
        lifecycle: $lifecycle:expr $(,)?) => {
        $crate::rules::Check {
            id: $id,
            service: $svc,
            meta_toml: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/", $svc, "/", $id, ".toml")),
            sources: &[$($crate::collect::Source::$source),*],
            run: $run,
            lifecycle: $lifecycle,
        }
    };
}
pub(crate) use check;

/// A check together with its parsed metadata.
pub struct Rule {
    pub check: &'static Check,
    pub meta: Metadata,
}

/// Every check in ID order, metadata parsed once.
pub fn catalog() -> &'static [Rule] {
    static CATALOG: OnceLock<Vec<Rule>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut rules: Vec<Rule> = [
            acr::CHECKS,
            akv::CHECKS,
            azapp::CHECKS,
            azmon::CHECKS,
            aznw::CHECKS,
            azsql::CHECKS,
            azst::CHECKS,
            azvm::CHECKS,
            entra::CHECKS,
            azpg::CHECKS,
            azmy::CHECKS,
            cosmos::CHECKS,
            def::CHECKS,
            bkp::CHECKS,
            evh::CHECKS,
            sbus::CHECKS,
            redis::CHECKS,
            apim::CHECKS,
            aoai::CHECKS,
            logic::CHECKS,
            adf::CHECKS,
            syn::CHECKS,
            dbw::CHECKS,
            aks::CHECKS,
            azpol::CHECKS,
            lock::CHECKS,
            rbac::CHECKS,
            azfunc::CHECKS,
        ]
        .into_iter()
        .flatten()
        .map(|check| Rule {
            check,
            // Metadata is compiled in and verified by the registry test, so a parse
            // failure here is a build defect, not a user error.
            meta: Metadata::parse(check.meta_toml)
                .unwrap_or_else(|e| panic!("rules/{}/{}.toml: {e}", check.service, check.id)),
        })
        .collect();
        rules.sort_by(|a, b| id_order(a.check.id, b.check.id));
        rules
    })
}

pub fn find(id: &str) -> Option<&'static Rule> {
    catalog()
        .iter()
        .find(|r| r.check.id.eq_ignore_ascii_case(id.trim()))
}

/// Orders `AZST-002` before `AZST-010`: by prefix, then by number.
pub fn id_order(a: &str, b: &str) -> std::cmp::Ordering {
    id_key(a).cmp(&id_key(b))
}

/// What `id_order` compares: the prefix, then the number.
fn id_key(id: &str) -> (&str, u32) {
    let (prefix, number) = id.rsplit_once('-').unwrap_or((id, ""));
    (prefix, number.parse().unwrap_or(0))
}

/// Runs `rules` over `snapshot` with `settings` and turns their verdicts into findings,
/// in a deterministic order (severity, rule, canonical resource ID).
pub fn evaluate(snapshot: &Snapshot, rules: &[&Rule], settings: &Settings) -> Vec<Finding> {
    // Checks in report order, each one's findings sorted on their own: the whole list
    // comes out in order without sorting every finding against every other.
    let mut in_order = rules.to_vec();
    in_order.sort_by(|a, b| {
        b.meta
            .severity
            .cmp(&a.meta.severity)
            .then_with(|| id_order(a.check.id, b.check.id))
    });
    let mut findings = Vec::new();
    for rule in in_order {
        let mut verdicts = Verdicts::new(snapshot, settings);
        (rule.check.run)(snapshot, &mut verdicts);
        let start = findings.len();
        findings.extend(
            verdicts
                .into_vec()
                .into_iter()
                .map(|v| Finding::new(rule, snapshot, v)),
        );
        Finding::sort_within_check(&mut findings[start..]);
    }
    findings
}

#[cfg(test)]
mod registry_tests;

#[cfg(test)]
mod docs_tests;

#[cfg(test)]
mod fixture_tests;
