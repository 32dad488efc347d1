//! What the platform collectors share: a subscription list read only when a planned
//! source needs it, and a per-resource read made only for the listed resources that
//! need it (a rule set only where public access is on), each concurrently.

use super::calls::Call;
use super::json::Reader;
use super::{Collector, Source};
use crate::snapshot::Fetched;

/// `call`'s subscription list when the plan wants any of `sources`; else not collected.
pub(super) async fn list<T>(
    c: &Collector,
    sources: &[Source],
    call: &Call,
    parse: impl Fn(&Reader) -> T,
) -> Fetched<Vec<T>> {
    if !c.plan.wants_any(sources) {
        return Fetched::NotCollected;
    }
    c.list(call, parse).await
}

/// When the plan wants `source`, runs `read` for each listed parent that `needs`
/// selects and stores every outcome with `store`; the others get `NotCollected`.
pub(super) async fn children<P, T>(
    c: &Collector,
    list: &mut Fetched<Vec<P>>,
    source: Source,
    needs: impl Fn(&P) -> bool,
    read: impl AsyncFn(&P) -> Fetched<T>,
    store: impl Fn(&mut P, Fetched<T>),
) {
    let Fetched::Ok(parents) = list else {
        return;
    };
    if !c.plan.wants(source) {
        return;
    }
    let read_if_needed = async |parent: &P| {
        if needs(parent) {
            read(parent).await
        } else {
            Fetched::NotCollected
        }
    };
    c.children(parents, read_if_needed, store).await;
}
