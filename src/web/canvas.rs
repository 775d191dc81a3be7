//! The page's canvases for plotters: plotters-canvas's backend with labels measured by the
//! canvas's own `measureText` (see `render::backend` for why not plotters' DOM probe).
use crate::render::backend::{Either, Figure, Font, MeasureText, Measured};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A canvas to draw on with plotters.
pub type Canvas = Measured<CanvasBackend, CanvasText>;

/// Measures text with a canvas's 2-D context: width from `measureText`, height from the font's
/// ascent and descent, in the font that plotters-canvas's `draw_text` sets.
pub struct CanvasText(CanvasRenderingContext2d);

impl MeasureText for CanvasText {
    fn measure(&self, text: &str, font: &Font) -> Option<(u32, u32)> {
        self.0
            .set_font(&format!("{} {}px {}", font.style, font.size, font.family));
        let m = self.0.measure_text(text).ok()?;
        let height = m.font_bounding_box_ascent() + m.font_bounding_box_descent();
        Some((m.width().ceil() as u32, height.ceil() as u32))
    }
}

/// The backend for `canvas`, or `None` when it has no 2-D context.
pub fn backend(canvas: HtmlCanvasElement) -> Option<Figure<'static, Canvas>> {
    let context = canvas
        .get_context("2d")
        .ok()??
        .dyn_into::<CanvasRenderingContext2d>()
        .ok()?;
    Some(Either::Right(Measured {
        inner: CanvasBackend::with_canvas_object(canvas)?,
        measure: CanvasText(context),
    }))
}

/// plotters' `f64::powf` (its axis key points and tick labels) links the C symbol `pow`, which
/// compiler-builtins provides with a second copy of libm's `pow`. This definition is the `libm`
/// crate's, which the numerics use already, so the module carries one `pow` (2 KB less).
#[no_mangle]
pub extern "C" fn pow(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

/// The same for `log10` and `log` (plotters' axes), which have a copy in compiler-builtins too.
#[no_mangle]
pub extern "C" fn log10(x: f64) -> f64 {
    libm::log10(x)
}

/// See [`log10`].
#[no_mangle]
pub extern "C" fn log(x: f64) -> f64 {
    libm::log(x)
}
