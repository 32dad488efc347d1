//! Bounded evidence: a list in a finding's evidence comes with its length and names
//! only its first few items, so no finding grows with the size of the subscription.

use serde::Serialize;
use serde_json::Value;

/// How many items of a list the evidence names.
pub const FEW: usize = 10;

/// The first `FEW` of `items` as a JSON array (all of them when there are no more).
pub fn first_few<T: Serialize>(items: &[T]) -> Value {
    serde_json::json!(&items[..items.len().min(FEW)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_at_most_the_first_few_items() {
        let many: Vec<usize> = (0..FEW + 5).collect();
        assert_eq!(
            first_few(&many),
            serde_json::json!((0..FEW).collect::<Vec<_>>())
        );
        assert_eq!(first_few(&["a", "b"]), serde_json::json!(["a", "b"]));
    }
}
