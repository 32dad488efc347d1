//! What a check hands back: one verdict per judged resource, built through `Verdicts`
//! so that every check reports unreadable data the same way.

use super::{Settings, Status};
use crate::snapshot::{Fetched, Snapshot};
use serde_json::Value;

/// The resource a verdict is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// The ID as Azure returned it (kept for display; matching uses `canonical_id`).
    pub id: String,
    pub name: String,
    pub resource_type: String,
    pub location: Option<String>,
}

impl Subject {
    pub fn new(id: &str, name: &str, resource_type: &str, location: Option<&str>) -> Subject {
        Subject {
            id: id.to_string(),
            name: name.to_string(),
            resource_type: resource_type.to_string(),
            location: location.map(str::to_string),
        }
    }

    /// The subject of any snapshot resource, named the one shared way.
    pub fn of(resource: &(impl crate::snapshot::resource::Resource + ?Sized)) -> Subject {
        let head = resource.head();
        Subject::new(head.id, head.name, head.resource_type, head.location)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub status: Status,
    pub subject: Subject,
    pub message: String,
    pub evidence: Value,
}

/// Collects one check's verdicts over a snapshot.
pub struct Verdicts<'s> {
    snapshot: &'s Snapshot,
    settings: &'s Settings,
    items: Vec<Verdict>,
}

impl<'s> Verdicts<'s> {
    pub fn new(snapshot: &'s Snapshot, settings: &'s Settings) -> Verdicts<'s> {
        Verdicts {
            snapshot,
            settings,
            items: Vec::new(),
        }
    }

    /// The settings in force (`azscan.toml`): thresholds and lists checks judge by.
    pub fn settings(&self) -> &'s Settings {
        self.settings
    }

    pub fn into_vec(self) -> Vec<Verdict> {
        self.items
    }

    pub fn push(
        &mut self,
        status: Status,
        subject: Subject,
        message: impl Into<String>,
        evidence: Value,
    ) {
        // A field of the wrong JSON type was not read as absent: no verdict may rest on it.
        if status != Status::Error
            && let Some(reason) = self.snapshot.unreadable_reason(&subject.id)
        {
            let message = format!("{}: {reason}", subject.name);
            return self.push(Status::Error, subject, message, Value::Null);
        }
        self.items.push(Verdict {
            status,
            subject,
            message: message.into(),
            evidence,
        });
    }

    pub fn pass(&mut self, subject: Subject, message: impl Into<String>, evidence: Value) {
        self.push(Status::Pass, subject, message, evidence);
    }

    pub fn fail(&mut self, subject: Subject, message: impl Into<String>, evidence: Value) {
        self.push(Status::Fail, subject, message, evidence);
    }

    pub fn manual(&mut self, subject: Subject, message: impl Into<String>, evidence: Value) {
        self.push(Status::Manual, subject, message, evidence);
    }

    /// Not assessed: `message` says what could not be read and why.
    pub fn error(&mut self, subject: Subject, message: impl Into<String>) {
        self.push(Status::Error, subject, message, Value::Null);
    }

    /// PASS when `passed`, FAIL otherwise, with the same message and evidence.
    pub fn judge(
        &mut self,
        passed: bool,
        subject: Subject,
        message: impl Into<String>,
        evidence: Value,
    ) {
        let status = if passed { Status::Pass } else { Status::Fail };
        self.push(status, subject, message, evidence);
    }

    /// The subscription as a subject, for subscription-scope results.
    pub fn subscription(&self) -> Subject {
        let sub = &self.snapshot.subscription;
        Subject::new(
            &self.snapshot.subscription_resource_id(),
            sub.display_name.as_deref().unwrap_or(&sub.id),
            "Microsoft.Resources/subscriptions",
            None,
        )
    }

    /// The tenant as a subject, for tenant-scope results (`/tenants/{id}`).
    pub fn tenant(&self) -> Subject {
        let tenant = self
            .snapshot
            .subscription
            .tenant_id
            .as_deref()
            .unwrap_or("unknown");
        Subject::new(
            &format!("/tenants/{tenant}"),
            tenant,
            "Microsoft.Entra/tenants",
            None,
        )
    }

    /// A subscription-scope list that must be read whole: when it could not be read,
    /// the check gets one ERROR against the subscription and None, per CHECKS.md's
    /// "Lists that cannot be read".
    pub fn readable_in_subscription<'a, T>(
        &mut self,
        list: &'a Fetched<Vec<T>>,
        what: &str,
    ) -> Option<&'a [T]> {
        match list {
            Fetched::Ok(items) => Some(items),
            unavailable => {
                let reason = unavailable.unavailable_reason(what).unwrap_or_default();
                let scope = self.subscription();
                self.error(scope, reason);
                None
            }
        }
    }

    /// The judged resources of a check: those of `readable_in_subscription`, or none
    /// (after its ERROR) when the list could not be read.
    pub fn judged_in_subscription<'a, T>(
        &mut self,
        list: &'a Fetched<Vec<T>>,
        what: &str,
    ) -> &'a [T] {
        self.readable_in_subscription(list, what).unwrap_or(&[])
    }

    /// A sub-resource read per resource (`config/web`, a TDE protector, a key list):
    /// when it could not be read, `subject` gets one ERROR naming `what` for this check
    /// only, and None is returned so nothing else is judged about it.
    pub fn part<'a, T>(
        &mut self,
        part: &'a Fetched<T>,
        subject: &Subject,
        what: &str,
    ) -> Option<&'a T> {
        match part {
            Fetched::Ok(value) => Some(value),
            unavailable => {
                let reason = unavailable.unavailable_reason(what).unwrap_or_default();
                self.error(subject.clone(), reason);
                None
            }
        }
    }

    /// A supporting list (pricings, JIT policies, NICs) that the judged resources need.
    /// When it could not be read, each of `judged` gets an ERROR naming why, and None
    /// is returned so the check judges nothing.
    pub fn supporting<'a, T, R>(
        &mut self,
        list: &'a Fetched<Vec<T>>,
        what: &str,
        judged: &[R],
        subject: impl Fn(&R) -> Subject,
    ) -> Option<&'a [T]> {
        match list {
            Fetched::Ok(items) => Some(items),
            unavailable => {
                let reason = unavailable.unavailable_reason(what).unwrap_or_default();
                for resource in judged {
                    self.error(subject(resource), reason.clone());
                }
                None
            }
        }
    }
}
