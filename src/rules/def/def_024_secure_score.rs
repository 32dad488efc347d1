//! DEF-024: the Defender for Cloud secure score (`ascScore`), reported as a metric:
//! MANUAL with the score, or PASS/FAIL against `defender.min_secure_score_percent`
//! when it is configured.

use crate::collect::calls::SECURE_SCORES;
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("def", "DEF-024", sources: [SecureScores], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(scores) = super::setting_list(
        snapshot,
        out,
        &snapshot.security.secure_scores,
        "the Defender secure scores",
        &SECURE_SCORES,
    ) else {
        return;
    };
    let subject = out.subscription();
    let Some(score) = scores
        .iter()
        .find(|s| s.name.trim().eq_ignore_ascii_case("ascScore"))
    else {
        out.manual(
            subject,
            "Secure score: Defender for Cloud has no score for this subscription yet",
            json!({ "score": null }),
        );
        return;
    };
    // `percentage` is a ratio (0.6033 for 60.33 %); derive it when only the points
    // come. Rounded to hundredths so that 0.57 compares as 57, not 56.99999.
    let percent = score
        .percentage
        .or_else(|| match (score.current, score.max) {
            (Some(current), Some(max)) if max > 0.0 => Some(current / max),
            _ => None,
        })
        .map(|ratio| (ratio * 10_000.0).round() / 100.0);
    let evidence = json!({
        "score": {"current": score.current, "max": score.max, "percentage": score.percentage}
    });
    let points = match (score.current, score.max) {
        (Some(current), Some(max)) => format!("{current} of {max} points"),
        _ => "points not reported".to_string(),
    };
    let Some(percent) = percent else {
        out.manual(
            subject,
            format!("Secure score: {points}; no percentage could be read"),
            evidence,
        );
        return;
    };
    let observed = format!("Secure score: {percent:.2}% ({points})");
    match out.settings().defender.min_secure_score_percent {
        Some(minimum) => out.judge(
            percent >= minimum,
            subject,
            format!("{observed}; the configured minimum is {minimum}%"),
            evidence,
        ),
        None => out.manual(
            subject,
            format!("{observed}; set defender.min_secure_score_percent to judge it"),
            evidence,
        ),
    }
}
