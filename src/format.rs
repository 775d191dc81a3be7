//! Number formatting shared by URLs and JSON: the shortest text that parses back to the same
//! `f64`, bit for bit, identical on native targets and wasm32. And the few substring searches
//! the core makes ([`split_once`], [`replace`]).

/// Formats a finite `f64` as the shortest round-tripping decimal, switching to exponent form for
/// very small or very large magnitudes. Valid JSON and valid in a URL query. A non-finite value
/// (which no trajectory records: a run stops first) is written `null`, so JSON stays valid.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return "null".into();
    }
    let a = x.abs();
    if a == 0.0 || (1e-5..1e16).contains(&a) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// `x` to `digits` significant digits for captions (whole numbers as such): `0.646`, `7.92`, `200`.
pub fn sig(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    if x == x.round() && x.abs() < 1e6 {
        return format!("{}", x as i64);
    }
    if x != 0.0 && x.abs() < 1e-4 {
        let text = format!("{x:.prec$e}", prec = digits.saturating_sub(1));
        let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
        let mantissa = if mantissa.as_bytes().contains(&b'.') {
            mantissa.trim_end_matches('0').trim_end_matches('.')
        } else {
            mantissa
        };
        return format!("{mantissa}e{exp}");
    }
    let mag = libm::log10(x.abs()).floor() as i32;
    let decimals = (digits as i32 - 1 - mag).max(0) as usize;
    let text = format!("{x:.decimals$}");
    if text.as_bytes().contains(&b'.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// `hay` split around the first `needle`, as `str::split_once` with a `&str` pattern. A plain
/// scan: std's substring search (the two-way searcher, whose panic path formats characters
/// through Unicode tables) costs the page's wasm about 3 KB gzipped, for needles of a few bytes
/// in short texts. A match of valid UTF-8 in valid UTF-8 starts and ends on character
/// boundaries, so the `get`s never fail.
pub fn split_once<'a>(hay: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let n = needle.len();
    let at = hay
        .as_bytes()
        .windows(n.max(1))
        .position(|w| w == needle.as_bytes())
        .or((n == 0).then_some(0))?;
    Some((hay.get(..at)?, hay.get(at + n..)?))
}

/// `hay` with every `from` replaced by `to`, as `str::replace` (see [`split_once`]).
pub fn replace(hay: &str, from: &str, to: &str) -> String {
    if from.is_empty() {
        return hay.to_string();
    }
    let mut out = String::with_capacity(hay.len());
    let mut rest = hay;
    while let Some((before, after)) = split_once(rest, from) {
        out.push_str(before);
        out.push_str(to);
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn substring_search_matches_std() {
        let cases = [
            ("a phi0 and phi1", "phi"),
            ("φ0 and φ1 and φ", "φ"),
            ("@X@@Y@", "@"),
            ("no match here", "xyz"),
            ("", "a"),
            ("abc", "abc"),
            ("aaaa", "aa"),
            ("ab", "abc"),
        ];
        for (hay, needle) in cases {
            assert_eq!(
                super::split_once(hay, needle),
                hay.split_once(needle),
                "{hay}/{needle}"
            );
            assert_eq!(super::replace(hay, needle, "<>"), hay.replace(needle, "<>"));
        }
        assert_eq!(super::split_once("abc", ""), "abc".split_once(""));
    }

    #[test]
    fn round_trips() {
        for x in [
            0.0,
            -0.0,
            0.1,
            1.0 / 3.0,
            1e-8,
            6.02e23,
            -1.5,
            16.0267,
            f64::MIN_POSITIVE,
        ] {
            assert_eq!(num(x).parse::<f64>().unwrap().to_bits(), x.to_bits(), "{x}");
        }
        assert_eq!(num(1e-8), "1e-8");
        assert_eq!(num(0.25), "0.25");
        assert_eq!(num(3.0), "3");
        assert_eq!(super::sig(0.64571, 3), "0.646");
        assert_eq!(super::sig(0.19994, 3), "0.2");
        assert_eq!(super::sig(0.000401, 3), "0.000401");
        assert_eq!(super::sig(92.3885, 3), "92.4");
        assert_eq!(super::sig(200.0, 3), "200");
        assert_eq!(super::sig(f64::INFINITY, 3), "–");
        assert_eq!(super::sig(1.6e-10, 3), "1.6e-10");
        assert_eq!(super::sig(-2.346e-7, 3), "-2.35e-7");
    }
}
