//! Microsoft Defender for Cloud checks (DEF-*). This module holds DEF-012/013, the
//! plans judged only where the resources they protect are deployed; the other DEF
//! checks register here too.

mod def_012_apis_plan_off;
mod def_013_ai_plan_off;

use super::shape::{Resource, plan};
use super::{Check, Verdicts};
use crate::snapshot::{Fetched, Snapshot};
use serde_json::json;

pub const CHECKS: &[Check] = &[def_012_apis_plan_off::CHECK, def_013_ai_plan_off::CHECK];

/// D1 on plan `name`, judged only where the subscription holds at least one resource
/// of `resources` that `protected` selects: none → no result; the list unreadable →
/// ERROR, since whether the plan is in scope cannot be told.
fn plan_where_deployed<R: Resource>(
    snapshot: &Snapshot,
    out: &mut Verdicts,
    (resources, what): (&Fetched<Vec<R>>, &str),
    protected: fn(&R) -> bool,
    (name, label): (&str, &str),
) {
    let Some(list) = out.readable_in_subscription(resources, R::LIST) else {
        return;
    };
    let deployed = list.iter().filter(|r| protected(r)).count();
    if deployed == 0 {
        return;
    }
    let Some(pricings) =
        out.readable_in_subscription(&snapshot.security.pricings, "the Defender plan pricings")
    else {
        return;
    };
    let tiers = plan::tiers(pricings, &[name]);
    let observed = plan::describe(
        &tiers,
        &format!("no {name} plan in the pricings list (plan not offered in this subscription)"),
    );
    let mut evidence = plan::evidence(&tiers);
    evidence[what] = json!(deployed);
    let subject = out.subscription();
    out.judge(
        plan::any_standard(&tiers),
        subject,
        format!("{label}: {observed}; the subscription holds {deployed} {what}(s)"),
        evidence,
    );
}
