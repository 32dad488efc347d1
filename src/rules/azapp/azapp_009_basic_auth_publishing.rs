//! AZAPP-009: sites whose FTP or SCM basic-auth publishing credentials are allowed
//! (`basicPublishingCredentialsPolicies/ftp` and `/scm`; a 404 or null is the default,
//! allowed). One `allow` true fails even when the other policy is unreadable.

use crate::rules::shape::{self, Resource};
use crate::rules::{Verdicts, check};
use crate::snapshot::web::PublishingPolicy;
use crate::snapshot::{Fetched, Snapshot};
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("azapp", "AZAPP-009",
    sources: [Sites, SiteFtpPublishing, SiteScmPublishing], run: run);

/// What one policy says: Some(true) allowed (null and 404 included), Some(false)
/// refused, None unreadable.
fn allowed(policy: &Fetched<PublishingPolicy>) -> Option<bool> {
    match policy {
        Fetched::Ok(p) => Some(p.allow != Some(false)),
        _ => None,
    }
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for site in shape::each(out, &snapshot.web.sites) {
        let policies = [("ftp", &site.ftp_publishing), ("scm", &site.scm_publishing)];
        let allowing: Vec<&str> = policies
            .iter()
            .filter(|(_, p)| allowed(p) == Some(true))
            .map(|(name, _)| *name)
            .collect();
        let unread: Vec<String> = policies
            .iter()
            .filter(|(_, p)| allowed(p).is_none())
            .filter_map(|(name, p)| {
                p.unavailable_reason(&format!(
                    "the {name} publishing credentials policy of {}",
                    site.described()
                ))
            })
            .collect();
        let evidence = json!({
            "ftp.allow": site.ftp_publishing.ok().map(|p| p.allow),
            "scm.allow": site.scm_publishing.ok().map(|p| p.allow),
            "kind": site.kind,
        });
        if !allowing.is_empty() {
            let mut message = format!(
                "{}: basic-auth publishing credentials are allowed for {}",
                site.label(),
                allowing.join(" and ")
            );
            if !unread.is_empty() {
                message.push_str(&format!(" (not read: {})", unread.join("; ")));
            }
            out.fail(site.subject(), message, evidence);
        } else if !unread.is_empty() {
            out.error(site.subject(), unread.join("; "));
        } else {
            out.pass(
                site.subject(),
                format!(
                    "{}: basic-auth publishing credentials are disabled for ftp and scm",
                    site.label()
                ),
                evidence,
            );
        }
    }
}
