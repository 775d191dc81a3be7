//! Number formatting shared by URLs and JSON: the shortest text that parses back to the same
//! `f64`, bit for bit, identical on native targets and wasm32.

/// Formats a finite `f64` as the shortest round-tripping decimal, switching to exponent form for
/// very small or very large magnitudes. Valid JSON and valid in a URL query.
pub fn num(x: f64) -> String {
    debug_assert!(x.is_finite(), "num() formats finite numbers only");
    let a = x.abs();
    if a == 0.0 || (1e-5..1e16).contains(&a) {
        format!("{x}")
    } else {
        format!("{x:e}")
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
    }
}
