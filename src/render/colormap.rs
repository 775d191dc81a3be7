//! Colours: the book's colormap, the run colours, and the heatmap and curvature rasters.

use super::*;

/// The book's colormap (dark brown for low loss to cream for high), 256 entries.
pub const BOOK_COLORMAP: [u32; 256] = [
    0x2a0902, 0x2b0a03, 0x2c0b04, 0x2d0c05, 0x2e0c06, 0x2f0d07, 0x300d08, 0x310e09, 0x320f0a,
    0x330f0b, 0x34100b, 0x35110c, 0x36110d, 0x37120e, 0x38120f, 0x39130f, 0x3a1410, 0x3b1411,
    0x3c1511, 0x3d1612, 0x3e1613, 0x3f1713, 0x401714, 0x411814, 0x421915, 0x431915, 0x451a16,
    0x461b16, 0x471b17, 0x481c17, 0x491d18, 0x4a1d18, 0x4b1e19, 0x4c1f19, 0x4d1f1a, 0x4e201b,
    0x50211b, 0x51211c, 0x52221c, 0x53231d, 0x54231d, 0x55241e, 0x56251e, 0x57261f, 0x58261f,
    0x592720, 0x5b2821, 0x5c2821, 0x5d2922, 0x5e2a22, 0x5f2b23, 0x602b23, 0x612c24, 0x622d25,
    0x632e25, 0x652e26, 0x662f26, 0x673027, 0x683027, 0x693128, 0x6a3229, 0x6b3329, 0x6c342a,
    0x6d342a, 0x6f352b, 0x70362c, 0x71372c, 0x72372d, 0x73382e, 0x74392e, 0x753a2f, 0x763a2f,
    0x773b30, 0x783c31, 0x7a3d31, 0x7b3e32, 0x7c3e33, 0x7d3f33, 0x7e4034, 0x7f4134, 0x804235,
    0x814236, 0x824336, 0x834437, 0x854538, 0x864638, 0x874739, 0x88473a, 0x89483a, 0x8a493b,
    0x8b4a3c, 0x8c4b3c, 0x8d4c3d, 0x8e4c3e, 0x8f4d3f, 0x904e3f, 0x924f40, 0x935041, 0x945141,
    0x955242, 0x965343, 0x975343, 0x985444, 0x995545, 0x9a5646, 0x9b5746, 0x9c5847, 0x9d5948,
    0x9e5a49, 0x9f5a49, 0xa05b4a, 0xa15c4b, 0xa35d4b, 0xa45e4c, 0xa55f4d, 0xa6604e, 0xa7614e,
    0xa8624f, 0xa96350, 0xaa6451, 0xab6552, 0xac6552, 0xad6653, 0xae6754, 0xaf6855, 0xb06955,
    0xb16a56, 0xb26b57, 0xb36c58, 0xb46d59, 0xb56e59, 0xb66f5a, 0xb7705b, 0xb8715c, 0xb9725d,
    0xba735d, 0xbb745e, 0xbc755f, 0xbd7660, 0xbe7761, 0xbf7862, 0xc07962, 0xc17a63, 0xc27b64,
    0xc27c65, 0xc37d66, 0xc47e67, 0xc57f68, 0xc68068, 0xc78169, 0xc8826a, 0xc9836b, 0xca846c,
    0xcb856d, 0xcc866e, 0xcd876f, 0xce886f, 0xce8970, 0xcf8a71, 0xd08b72, 0xd18c73, 0xd28d74,
    0xd38e75, 0xd48f76, 0xd59077, 0xd59178, 0xd69279, 0xd7937a, 0xd8957b, 0xd9967b, 0xda977c,
    0xda987d, 0xdb997e, 0xdc9a7f, 0xdd9b80, 0xde9c81, 0xde9d82, 0xdf9e83, 0xe09f84, 0xe1a185,
    0xe2a286, 0xe2a387, 0xe3a488, 0xe4a589, 0xe5a68a, 0xe5a78b, 0xe6a88c, 0xe7aa8d, 0xe7ab8e,
    0xe8ac8f, 0xe9ad90, 0xeaae91, 0xeaaf92, 0xebb093, 0xecb295, 0xecb396, 0xedb497, 0xeeb598,
    0xeeb699, 0xefb79a, 0xefb99b, 0xf0ba9c, 0xf1bb9d, 0xf1bc9e, 0xf2bd9f, 0xf2bfa1, 0xf3c0a2,
    0xf3c1a3, 0xf4c2a4, 0xf5c3a5, 0xf5c5a6, 0xf6c6a7, 0xf6c7a8, 0xf7c8aa, 0xf7c9ab, 0xf8cbac,
    0xf8ccad, 0xf8cdae, 0xf9ceb0, 0xf9d0b1, 0xfad1b2, 0xfad2b3, 0xfbd3b4, 0xfbd5b6, 0xfbd6b7,
    0xfcd7b8, 0xfcd8b9, 0xfcdaba, 0xfddbbc, 0xfddcbd, 0xfddebe, 0xfddfbf, 0xfee0c1, 0xfee1c2,
    0xfee3c3, 0xfee4c5, 0xffe5c6, 0xffe7c7, 0xffe8c9, 0xffe9ca, 0xffebcb, 0xffeccd, 0xffedce,
    0xffefcf, 0xfff0d1, 0xfff2d2, 0xfff3d3, 0xfff4d5, 0xfff6d6, 0xfff7d8, 0xfff8d9, 0xfffada,
    0xfffbdc, 0xfffcdd, 0xfffedf, 0xffffe0,
];

/// Colour of run `i` (at most six race): blue, green, magenta, cyan, red, yellow. Every pair
/// stays apart (CIE76 distance at least [`MIN_RUN_DISTANCE`]) for normal vision and under
/// simulated protanopia, deuteranopia and tritanopia (`tests/render.rs`); each path is drawn
/// over a [`halo`] it contrasts with by 3:1 or more, so it shows on every part of the colormap.
pub const RUN_COLORS: [RGBColor; 6] = [
    RGBColor(37, 99, 235),
    RGBColor(22, 163, 74),
    // Darker than the first palette's (192, 38, 211): protanopes saw it as the blue.
    RGBColor(158, 23, 175),
    // Lighter than the first palette's teal (8, 145, 178), which tritanopes saw as the green.
    RGBColor(43, 188, 245),
    RGBColor(220, 38, 38),
    // Bright yellow, not black: every path must stand out on the book's dark colormap.
    RGBColor(234, 179, 8),
];

/// The least CIE76 distance between two run colours, for every kind of colour vision tested.
pub const MIN_RUN_DISTANCE: f64 = 15.0;

/// WCAG relative luminance of an sRGB colour.
pub fn luminance(c: RGBColor) -> f64 {
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            libm::pow((v + 0.055) / 1.055, 2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The outline drawn under a path of colour `c`: white where `c` contrasts with white by 3:1,
/// else near-black (the yellow and cyan runs).
pub fn halo(c: RGBColor) -> RGBColor {
    if contrast(c, WHITE) >= 3.0 {
        WHITE
    } else {
        RGBColor(17, 24, 39)
    }
}

/// The CSS colour of run `i`.
pub fn run_color_css(i: usize) -> String {
    let c = RUN_COLORS[i % RUN_COLORS.len()];
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// The colormap at `t` in [0, 1].
pub fn colormap(t: f64) -> [u8; 3] {
    let i = if t.is_finite() {
        (t.clamp(0.0, 1.0) * 255.0).round() as usize
    } else {
        255
    };
    let c = BOOK_COLORMAP[i];
    [(c >> 16) as u8, (c >> 8) as u8, c as u8]
}

/// Maps a loss to [0, 1] over the grid's range, linearly or on a log scale of `L - min`.
#[derive(Clone, Copy, Debug)]
pub struct ColorScale {
    lo: f64,
    hi: f64,
    log: bool,
}

impl ColorScale {
    pub fn new(grid: &Grid, log: bool) -> Self {
        let (lo, hi) = grid.range();
        ColorScale { lo, hi, log }
    }
    /// Over `[lo, hi]` (figure 6.1b's surface, sampled on its own grid).
    pub fn of_range(lo: f64, hi: f64, log: bool) -> Self {
        ColorScale { lo, hi, log }
    }
    pub fn unit(&self, v: f64) -> f64 {
        let span = self.hi - self.lo;
        if span.is_nan() || span <= 0.0 {
            return 0.5;
        }
        if self.log {
            let off = span * 1e-3;
            (libm::log(v - self.lo + off) - libm::log(off))
                / (libm::log(span + off) - libm::log(off))
        } else {
            (v - self.lo) / span
        }
    }
}

/// The grid as RGBA pixels (row 0 at the top), through the book's colormap.
pub fn rasterise(grid: &Grid, log: bool) -> Vec<u8> {
    let scale = ColorScale::new(grid, log);
    let mut out = Vec::with_capacity(grid.values.len() * 4);
    for &v in &grid.values {
        let [r, g, b] = colormap(scale.unit(v));
        out.extend_from_slice(&[r, g, b, 255]);
    }
    out
}

/// Colours of the curvature map: convex (both eigenvalues positive) blue, saddle-shaped (mixed)
/// sand, concave (both negative) red.
pub fn curvature_color(v: f64) -> [u8; 3] {
    if v > 0.5 {
        [147, 197, 253]
    } else if v < -0.5 {
        [252, 165, 165]
    } else {
        [253, 230, 138]
    }
}

/// The curvature map as RGBA pixels.
pub fn rasterise_curvature(grid: &Grid) -> Vec<u8> {
    let mut out = Vec::with_capacity(grid.values.len() * 4);
    for &v in &grid.values {
        let [r, g, b] = curvature_color(v);
        out.extend_from_slice(&[r, g, b, 255]);
    }
    out
}
