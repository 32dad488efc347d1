//! The decisions many checks share (DESIGN.md, "Patterns for new checks"), each written
//! once: a check file names its resources, its ARM property and its expectation, and the
//! shape words the message (`<name>: <ARM property> is <value>`) and the evidence (keyed
//! by the same property path).

pub mod assessment;
pub mod diagnostics;
pub mod exposure;
pub mod firewall;
pub mod firewall_rules;
pub mod list;
pub mod messaging;
pub mod parameter;
pub mod plan;
pub mod property;
pub mod scope;
pub mod server_firewall;
pub mod tls;
pub mod version;

use super::{Subject, Verdicts};
use crate::snapshot::Fetched;
use serde_json::Value;

/// A resource a check judges, and how verdicts and messages name it. Its subject comes
/// from the snapshot's one resource head (`snapshot::resource`), so the ARM type of each
/// snapshot type is written once.
pub trait Resource: crate::snapshot::resource::Resource {
    /// The subscription list it comes from, as the ERROR for an unreadable list names it.
    const LIST: &'static str;
    fn subject(&self) -> Subject {
        Subject::of(self)
    }
    /// How a message starts: `vault-1`, or `web app site-1` where the kind matters.
    fn label(&self) -> String;
    /// How the ERROR for one of its unreadable parts names it: `vault vault-1`.
    fn described(&self) -> String;
    /// Evidence every verdict on it carries besides the judged property (a site's `kind`).
    fn context(&self) -> Option<(&'static str, Value)> {
        None
    }
}

/// Implements [`Resource`] for a snapshot type with `id`, `name` and `location` that
/// messages name by its name alone (`vault-1`) and ERRORs by kind (`vault vault-1`).
macro_rules! named_resource {
    ($ty:ty, list: $list:literal, called: $called:literal) => {
        impl $crate::rules::shape::Resource for $ty {
            const LIST: &'static str = $list;

            fn label(&self) -> String {
                self.name.clone()
            }

            fn described(&self) -> String {
                format!(concat!($called, " {}"), self.name)
            }
        }
    };
}
pub(crate) use named_resource;

/// The resources of `list` to judge; an unreadable list is one ERROR on the subscription.
pub fn each<'a, R: Resource>(out: &mut Verdicts, list: &'a Fetched<Vec<R>>) -> &'a [R] {
    out.judged_in_subscription(list, R::LIST)
}

/// Runs `judge` on each listed resource whose `part` (a sub-resource read per resource:
/// `config/web`, the TDE protector, a key list) was read. A part that could not be read
/// costs exactly that resource: one ERROR naming `the <what> of <resource>`.
pub fn each_part<'a, R: Resource, T: 'a>(
    out: &mut Verdicts,
    list: &'a Fetched<Vec<R>>,
    what: &str,
    part: impl Fn(&'a R) -> &'a Fetched<T>,
    judge: impl FnMut(&mut Verdicts, &'a R, &'a T),
) {
    each_part_where(out, list, |_| true, what, part, judge);
}

/// [`each_part`] over the listed resources in the check's scope (`keep`), such as the
/// sites of one kind; the others get no result and their part is never looked at.
pub fn each_part_where<'a, R: Resource, T: 'a>(
    out: &mut Verdicts,
    list: &'a Fetched<Vec<R>>,
    keep: impl Fn(&R) -> bool,
    what: &str,
    part: impl Fn(&'a R) -> &'a Fetched<T>,
    mut judge: impl FnMut(&mut Verdicts, &'a R, &'a T),
) {
    for resource in each(out, list).iter().filter(|r| keep(r)) {
        let what = format!("the {what} of {}", resource.described());
        if let Some(value) = out.part(part(resource), &resource.subject(), &what) {
            judge(out, resource, value);
        }
    }
}
