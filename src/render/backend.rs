//! A plotters backend wrapper that measures text its own way.
//!
//! plotters sizes labels with `DrawingBackend::estimate_text_size`, whose default asks a font
//! backend chosen per platform: in a browser it adds a `<span style="…">` to the page and reads
//! its size (a forced layout of the whole page per label, and an inline style that a strict
//! Content-Security-Policy blocks); natively, without font features, a naive estimate. That
//! made the same SVG differ between the CLI and the browser. [`Measured`] forwards all drawing
//! to a backend and takes text sizes from a [`MeasureText`]: [`Naive`] for SVG everywhere, the
//! canvas's own `measureText` for the page's canvases (`web::canvas`).
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// Measures a line of text: `(width, height)` in pixels, or `None` when it cannot.
pub trait MeasureText {
    fn measure(&self, text: &str, font: &Font) -> Option<(u32, u32)>;
}

/// The font a label is drawn in.
pub struct Font<'a> {
    pub family: &'a str,
    /// `normal`, `italic`, `bold`, …
    pub style: &'a str,
    pub size: f64,
}

/// plotters' own estimate without font files (its `naive` font backend), on every platform:
/// the same SVG from the CLI and from the browser.
pub struct Naive;

impl MeasureText for Naive {
    fn measure(&self, text: &str, font: &Font) -> Option<(u32, u32)> {
        let em = font.size / 1.24 / 1.24;
        let width = (em * 0.7 * text.len() as f64).round();
        let height = em.round() + (em * 0.24).round();
        Some((width as u32, height as u32))
    }
}

/// `inner`, with text measured by `measure`.
pub struct Measured<B, M> {
    pub inner: B,
    pub measure: M,
}

impl<B: DrawingBackend, M: MeasureText> DrawingBackend for Measured<B, M> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.present()
    }
    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_path(path, style)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_text(text, style, pos)
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.blit_bitmap(pos, size, src)
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<B::ErrorType>> {
        let (family, face) = (style.family(), style.style());
        let font = Font {
            family: family.as_str(),
            style: face.as_str(),
            size: style.size(),
        };
        self.measure
            .measure(text, &font)
            .ok_or_else(|| DrawingErrorKind::FontError(Box::new(std::fmt::Error)))
    }
}

/// SVG with labels measured as on every platform (`downhill render`, exports, thumbnails).
pub type Svg<'a> = Measured<plotters::backend::SVGBackend<'a>, Naive>;

/// The second backend where there is no canvas (the CLI, the tests): SVG again, never built.
pub type NoPage = Svg<'static>;

/// The one backend type every figure is drawn on: SVG, or `P`, the page's canvas (web/canvas.rs
/// names it; render knows no browser). Drawing code is generic over the backend, so with one
/// type it is compiled once, not once per backend: the page's wasm draws its canvases and its
/// SVG exports through `Figure<Canvas>` only (the `_on` functions).
pub type Figure<'a, P = NoPage> = Either<Svg<'a>, P>;

/// One of two backends.
pub enum Either<L, R> {
    Left(L),
    Right(R),
}

/// A backend's error, as text (the two backends' error types differ).
#[derive(Debug)]
pub struct BackendError(String);

impl std::fmt::Display for BackendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BackendError {}

fn text_error<E: std::error::Error + Send + Sync>(
    e: DrawingErrorKind<E>,
) -> DrawingErrorKind<BackendError> {
    match e {
        DrawingErrorKind::DrawingError(e) => {
            DrawingErrorKind::DrawingError(BackendError(e.to_string()))
        }
        DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
    }
}

/// Forwards a call to whichever backend this is, its error as text.
macro_rules! either {
    ($self:ident, $b:ident => $call:expr) => {
        match $self {
            Either::Left($b) => $call.map_err(text_error),
            Either::Right($b) => $call.map_err(text_error),
        }
    };
}

impl<L: DrawingBackend, R: DrawingBackend> DrawingBackend for Either<L, R> {
    type ErrorType = BackendError;

    fn get_size(&self) -> (u32, u32) {
        match self {
            Either::Left(b) => b.get_size(),
            Either::Right(b) => b.get_size(),
        }
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<BackendError>> {
        either!(self, b => b.ensure_prepared())
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<BackendError>> {
        either!(self, b => b.present())
    }
    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        either!(self, b => b.draw_pixel(point, color))
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        either!(self, b => b.draw_line(from, to, style))
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        either!(self, b => b.draw_rect(upper_left, bottom_right, style, fill))
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        either!(self, b => b.draw_path(path, style))
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        either!(self, b => b.fill_polygon(vert, style))
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        either!(self, b => b.draw_circle(center, radius, style, fill))
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        either!(self, b => b.draw_text(text, style, pos))
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        either!(self, b => b.blit_bitmap(pos, size, src))
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<BackendError>> {
        either!(self, b => b.estimate_text_size(text, style))
    }
}
