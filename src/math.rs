//! Transcendental functions, the same bits on every target.
//!
//! `f64::sin`, `exp`, `ln` and friends call the platform's C library natively (glibc here) but
//! a Rust port of musl's on wasm32; the two differ in the last bit now and then, which would make
//! a shared link trace differently in the browser and in `downhill trace`. Every such call in the
//! numerics goes through the pure-Rust `libm` crate instead. (`sqrt` and the four basic
//! operations are correctly rounded by IEEE 754 and need no such care.)

#[inline]
pub fn sin(x: f64) -> f64 {
    libm::sin(x)
}
#[inline]
pub fn cos(x: f64) -> f64 {
    libm::cos(x)
}
#[inline]
pub fn sin_cos(x: f64) -> (f64, f64) {
    libm::sincos(x)
}
#[inline]
pub fn exp(x: f64) -> f64 {
    libm::exp(x)
}
#[inline]
pub fn ln(x: f64) -> f64 {
    libm::log(x)
}
#[inline]
pub fn ln_1p(x: f64) -> f64 {
    libm::log1p(x)
}
#[inline]
pub fn hypot(x: f64, y: f64) -> f64 {
    libm::hypot(x, y)
}
/// `x^n` for a whole `n` (bias corrections, decay factors), by squaring: products only, in an
/// order that Copy as NumPy's `_powi` repeats, so both give the same bits (a `pow` from two
/// libraries can differ in the last bit, and Adam's `beta^t` then drifts a trajectory by up to
/// 1.5e-8 over a few hundred steps).
#[inline]
pub fn powi(x: f64, n: i32) -> f64 {
    let (mut base, mut e, mut acc) = (x, n.unsigned_abs(), 1.0);
    while e > 0 {
        if e & 1 == 1 {
            acc *= base;
        }
        e >>= 1;
        if e > 0 {
            base *= base;
        }
    }
    if n < 0 {
        1.0 / acc
    } else {
        acc
    }
}

/// Sorts `v` stably by `less`, by insertion. Every list sorted in the numerics is short (a
/// batch's indices, at most 200 and usually already in order; a matrix's eigenvalues; a
/// landscape's critical points, about 60), and this one loop keeps the page's wasm about 3 KB
/// (gzipped) smaller than the standard library's sorts, which it needs nowhere else. Being
/// stable, it orders exactly as `sort_by` does.
pub fn sort_by<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}
