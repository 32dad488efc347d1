//! The one TLS/version comparison: versions compare as numbers (`1.10` > `1.3`), and a
//! value that is not a version never passes (CHECKS.md AZST-004, CHECKS-2 "Versions").

/// How a provider writes its version values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// `1.2` (App Service `minTlsVersion`); `TLS1_2` is not a version here.
    Number,
    /// `TLS1_2`, `Tls12`, `TLSv1.2` (storage `minimumTlsVersion`); a bare `1.2` is not.
    TlsPrefixed,
}

/// `(major, minor)` of `value` written as `spelling`; a trailing `.0` is ignored
/// (`1.2.0` is 1.2). None when it is not such a version (`Latest`, `SSL3`, `TLS1`).
pub fn parse(value: &str, spelling: Spelling) -> Option<(u32, u32)> {
    let value = value.trim();
    let digits = match spelling {
        Spelling::Number => value,
        Spelling::TlsPrefixed => {
            let prefix = value.get(..3).filter(|p| p.eq_ignore_ascii_case("TLS"))?;
            value[prefix.len()..].trim_start_matches(['_', 'v', 'V'])
        }
    };
    let mut parts = digits.split(['.', '_']);
    let major = parts.next()?;
    let minor = match parts.next() {
        Some(minor) => minor,
        // `Tls12`: two digits run together (CHECKS-2 "Versions written with a prefix").
        None if spelling == Spelling::TlsPrefixed && major.len() == 2 => {
            let (major, minor) = major.split_at(1);
            return Some((number(major)?, number(minor)?));
        }
        None => return None,
    };
    if !parts.all(|rest| rest == "0") {
        return None;
    }
    Some((number(major)?, number(minor)?))
}

fn number(text: &str) -> Option<u32> {
    // `+1` and ` 2` parse as u32 but are not how a version is written.
    text.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| text.parse().ok())?
}

/// Whether `value` is a version at or above `minimum`; null and non-versions fail.
pub fn at_least(value: Option<&str>, spelling: Spelling, minimum: (u32, u32)) -> bool {
    value
        .and_then(|v| parse(v, spelling))
        .is_some_and(|version| version >= minimum)
}

#[cfg(test)]
mod tests {
    use super::Spelling::{Number, TlsPrefixed};
    use super::*;

    #[test]
    fn numbers_compare_as_numbers() {
        assert_eq!(parse("1.2", Number), Some((1, 2)));
        assert_eq!(parse("1.2.0", Number), Some((1, 2)));
        assert!(parse("1.10", Number).unwrap() > parse("1.3", Number).unwrap());
        assert_eq!(parse("TLS1_2", Number), None);
        assert_eq!(parse("1", Number), None);
        assert_eq!(parse("1.2.1", Number), None);
        assert_eq!(parse("+1.2", Number), None);
    }

    #[test]
    fn tls_prefixed_values_parse_as_numbers() {
        assert_eq!(parse("TLS1_2", TlsPrefixed), Some((1, 2)));
        assert_eq!(parse("tls1_3", TlsPrefixed), Some((1, 3)));
        assert_eq!(parse("TLS1_10", TlsPrefixed), Some((1, 10)));
        assert_eq!(parse("Tls12", TlsPrefixed), Some((1, 2)));
        assert_eq!(parse("TLSv1.2", TlsPrefixed), Some((1, 2)));
        assert_eq!(parse("SSL3", TlsPrefixed), None);
        assert_eq!(parse("TLS1", TlsPrefixed), None);
        assert_eq!(parse("Latest", TlsPrefixed), None);
        assert_eq!(parse("1.2", TlsPrefixed), None);
    }

    #[test]
    fn at_least_fails_null_and_non_versions() {
        assert!(at_least(Some("1.3"), Number, (1, 2)));
        assert!(!at_least(Some("1.1"), Number, (1, 2)));
        assert!(!at_least(None, Number, (1, 2)));
        assert!(!at_least(Some("Latest"), TlsPrefixed, (1, 2)));
    }
}
