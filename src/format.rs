//! Number formatting shared by URLs and JSON: the shortest text that parses back to the same
//! `f64`, bit for bit, identical on native targets and wasm32.

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
        let mantissa = if mantissa.contains('.') {
            mantissa.trim_end_matches('0').trim_end_matches('.')
        } else {
            mantissa
        };
        return format!("{mantissa}e{exp}");
    }
    let mag = libm::log10(x.abs()).floor() as i32;
    let decimals = (digits as i32 - 1 - mag).max(0) as usize;
    let text = format!("{x:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::num;

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
