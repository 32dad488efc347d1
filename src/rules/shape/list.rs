//! Values Azure packs into one string (`AzureServices, Logging`, `SMB3.0;SMB3.1.1`):
//! split on the given separators, each entry trimmed, empty entries dropped
//! (CHECKS-2 Clarifications, "Separated values").

/// The entries of `text` split on any of `separators`.
pub fn separated<'a>(text: &'a str, separators: &'a [char]) -> impl Iterator<Item = &'a str> {
    text.split(separators)
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_trimmed_and_empty_ones_dropped() {
        let entries: Vec<&str> = separated(" SMB3.0; ;SMB3.1.1;", &[';']).collect();
        assert_eq!(entries, ["SMB3.0", "SMB3.1.1"]);
        let entries: Vec<&str> = separated("Logging, AzureServices", &[',', ';']).collect();
        assert_eq!(entries, ["Logging", "AzureServices"]);
        assert_eq!(separated("", &[',']).count(), 0);
    }
}
