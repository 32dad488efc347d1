//! "Covers everything" for firewall rules and allow-lists (CHECKS-2 Clarifications): one
//! entry, or the entries together, span every public IPv4 unicast address
//! (1.0.0.0–223.255.255.255), or an entry is `::/0`, `*`, `Any` or `Internet`.

use std::net::Ipv4Addr;

const FIRST_PUBLIC: u32 = u32::from_be_bytes([1, 0, 0, 0]);
const LAST_PUBLIC: u32 = u32::from_be_bytes([223, 255, 255, 255]);

/// An allow-list entry as providers write it.
#[derive(Debug, Clone, Copy)]
pub enum Entry<'a> {
    /// `startIpAddress`–`endIpAddress` (SQL, PostgreSQL, MySQL firewall rules).
    Range(&'a str, &'a str),
    /// A single address, a CIDR block, or a keyword (`*`, `Any`, `Internet`, `::/0`).
    Prefix(&'a str),
}

/// Whether `entries` together admit every public IPv4 address. Entries that do not
/// parse admit nothing.
pub fn covers_every_public_address<'a>(entries: impl IntoIterator<Item = Entry<'a>>) -> bool {
    let mut ranges = Vec::new();
    for entry in entries {
        match entry {
            Entry::Prefix(text) if is_everything(text) => return true,
            Entry::Prefix(text) => ranges.extend(prefix(text)),
            Entry::Range(start, end) => {
                if let (Ok(start), Ok(end)) = (
                    start.trim().parse::<Ipv4Addr>(),
                    end.trim().parse::<Ipv4Addr>(),
                ) && start <= end
                {
                    ranges.push((u32::from(start), u32::from(end)));
                }
            }
        }
    }
    ranges.sort_unstable();
    // Walk the merged ranges from the first public address, extending coverage.
    let mut next = u64::from(FIRST_PUBLIC);
    for (start, end) in ranges {
        if u64::from(start) > next {
            break;
        }
        next = next.max(u64::from(end) + 1);
        if next > u64::from(LAST_PUBLIC) {
            return true;
        }
    }
    false
}

fn is_everything(text: &str) -> bool {
    let text = text.trim();
    ["*", "Any", "Internet", "::/0"]
        .iter()
        .any(|k| text.eq_ignore_ascii_case(k))
}

/// `a.b.c.d` or `a.b.c.d/n` as an inclusive range.
fn prefix(text: &str) -> Option<(u32, u32)> {
    let (address, bits) = match text.trim().split_once('/') {
        Some((address, bits)) => (address, bits.parse::<u32>().ok().filter(|b| *b <= 32)?),
        None => (text.trim(), 32),
    };
    let start = u32::from(address.parse::<Ipv4Addr>().ok()?);
    let host_mask = u32::MAX.checked_shr(bits).unwrap_or(0);
    Some((start & !host_mask, start | host_mask))
}

#[cfg(test)]
mod tests {
    use super::Entry::{Prefix, Range};
    use super::*;

    #[test]
    fn one_entry_or_several_together_can_cover_everything() {
        assert!(covers_every_public_address([Range(
            "0.0.0.0",
            "255.255.255.254"
        )]));
        assert!(covers_every_public_address([Prefix("0.0.0.0/0")]));
        assert!(covers_every_public_address([Prefix("internet")]));
        assert!(covers_every_public_address([
            Range("1.0.0.0", "100.255.255.255"),
            Prefix("101.0.0.0/8"),
            Range("102.0.0.0", "223.255.255.255"),
        ]));
    }

    #[test]
    fn a_gap_or_the_azure_services_rule_is_not_everything() {
        assert!(!covers_every_public_address([Range("0.0.0.0", "0.0.0.0")]));
        assert!(!covers_every_public_address([
            Range("1.0.0.0", "100.255.255.255"),
            Range("102.0.0.0", "223.255.255.255"),
        ]));
        assert!(!covers_every_public_address([
            Prefix("10.0.0.0/8"),
            Prefix("not an address")
        ]));
        assert!(!covers_every_public_address([]));
    }
}
