//! Microsoft Defender for Cloud checks (DEF-*). This module holds DEF-012/013, the
//! plans judged only where the resources they protect are deployed; the other DEF
//! checks register here too.

mod def_012_apis_plan_off;
mod def_013_ai_plan_off;

use super::shape::{Resource, plan};
use super::{Check, Subject, Verdicts};
use crate::snapshot::security::Pricing;
use crate::snapshot::{Fetched, Snapshot};

pub const CHECKS: &[Check] = &[def_012_apis_plan_off::CHECK, def_013_ai_plan_off::CHECK];

/// D1 on plan `name`, judged only where the subscription holds at least one resource
/// of `resources` that `protected` selects: none → no result; the list unreadable →
/// ERROR, since whether the plan is in scope cannot be told.
fn plan_where_deployed<R: Resource>(
    snapshot: &Snapshot,
    out: &mut Verdicts,
    resources: &Fetched<Vec<R>>,
    protected: fn(&R) -> bool,
    (name, label): (&str, &str),
) {
    let Some(list) = out.readable_in_subscription(resources, R::LIST) else {
        return;
    };
    if !list.iter().any(protected) {
        return;
    }
    let Some(pricings) =
        out.readable_in_subscription(&snapshot.security.pricings, "the Defender plan pricings")
    else {
        return;
    };
    let subject = out.subscription();
    judge_plan(out, subject, pricings, name, label);
}

/// D1 on plan `name` for `subject`: Standard passes; Free, a null tier or no entry
/// ("plan not offered in this subscription") fails. Its signature is the shared
/// `shape::plan::judge` of the DEF family, which replaces it when both land (and adds
/// D1's `subPlan`, coverage, enablement and extension details to the message).
fn judge_plan(out: &mut Verdicts, subject: Subject, pricings: &[Pricing], name: &str, label: &str) {
    let tiers = plan::tiers(pricings, &[name]);
    let observed = plan::describe(
        &tiers,
        &format!("no {name} plan in the pricings list (plan not offered in this subscription)"),
    );
    out.judge(
        plan::any_standard(&tiers),
        subject,
        format!("{label}: {observed}"),
        plan::evidence(&tiers),
    );
}
