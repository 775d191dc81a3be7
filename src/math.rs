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
/// `x^n` for a whole `n` (bias corrections, decay factors).
#[inline]
pub fn powi(x: f64, n: i32) -> f64 {
    libm::pow(x, f64::from(n))
}
