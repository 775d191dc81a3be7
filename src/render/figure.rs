//! Whole figures as [`Look`] decides them: `downhill render`'s SVG, the gallery thumbnails and
//! figure 6.11's three functions.

use super::*;

/// A whole figure as [`Look`] decides it, for `downhill render` (any backend): the landscape
/// panels on the left, data above loss on the right; without a landscape, data beside loss.
pub fn draw_figure<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    race: &Race,
    steps: usize,
    look: &Look,
    text: &Texts,
) -> Result<(), String> {
    root.fill(&WHITE).map_err(err)?;
    let style = Style {
        scale: 1.0,
        text,
        palette: LIGHT,
    };
    if look.main == Main::Quiz {
        return draw_quiz(root, style);
    }
    let (w, _) = root.dim_in_pixel();
    let side = if look.landscape {
        let (left, right) = root.split_horizontally(w * 55 / 100);
        draw_landscapes(&left, race, look, style, 120, true)?;
        right
    } else {
        root.clone()
    };
    match (look.data, look.loss) {
        (true, true) if look.landscape => {
            let (top, bottom) = side.split_vertically(side.dim_in_pixel().1 / 2);
            draw_data(&top, race, 0, style, look)?;
            // Figure 6.4's models need the landscape's minima (the page has them searched).
            let critical = match look.models {
                true => crate::landscape::critical_points(
                    &race.scene.surface(),
                    &race.scene.view,
                    crate::landscape::CRITICAL_SEEDS,
                ),
                false => Vec::new(),
            };
            draw_loss_panel(&bottom, race, (0, steps), style, look, &critical)?;
        }
        (true, true) => {
            let (a, b) = side.split_horizontally(side.dim_in_pixel().0 / 2);
            draw_data(&a, race, 0, style, look)?;
            draw_loss(&b, race, 0, steps, style, look)?;
        }
        (true, false) => draw_data(&side, race, 0, style, look)?,
        (false, true) => draw_loss(&side, race, 0, steps, style, look)?,
        (false, false) => {}
    }
    root.present().map_err(err)?;
    Ok(())
}

/// An SVG backend writing into `out`, with labels measured as on every platform.
pub fn svg(out: &mut String, size: (u32, u32)) -> backend::Figure<'_> {
    svg_on(out, size)
}

/// [`svg`] as a [`backend::Figure`] whose other backend is `P` (the page's canvas).
pub fn svg_on<P>(out: &mut String, size: (u32, u32)) -> backend::Figure<'_, P> {
    backend::Either::Left(backend::Measured {
        inner: SVGBackend::with_string(out, size),
        measure: backend::Naive,
    })
}

/// Renders `race` as an SVG document, its words in `text`'s language (`downhill render` and
/// the widget's SVG and PNG export).
pub fn render_svg(
    race: &Race,
    steps: usize,
    size: (u32, u32),
    look: &Look,
    text: &Texts,
) -> Result<String, String> {
    render_svg_on::<backend::NoPage>(race, steps, size, look, text)
}

/// [`render_svg`] drawn through `Figure<P>` (the page passes its canvas type).
pub fn render_svg_on<P: DrawingBackend>(
    race: &Race,
    steps: usize,
    (width, height): (u32, u32),
    look: &Look,
    text: &Texts,
) -> Result<String, String> {
    let mut out = String::new();
    {
        let root = svg_on::<P>(&mut out, (width, height)).into_drawing_area();
        draw_figure(&root, race, steps, look, text)?;
    }
    Ok(out)
}

/// A gallery thumbnail: the figure's main panel as [`Look`] decides it: the landscape panels
/// without axes (with the batch surface where the figure has it), or the data panel where the
/// figure hides the landscape (figure 6.3, the 1-D search of figure 6.10).
pub fn thumbnail_svg(race: &Race, size: u32, look: &Look) -> Result<String, String> {
    let mut out = String::new();
    {
        let root = svg(&mut out, (size, size)).into_drawing_area();
        draw_thumbnail(&root, race, look, THUMBNAIL_SCALE, None)?;
    }
    Ok(out)
}

/// Lines and words of a thumbnail at 1 pixel per CSS pixel, relative to the widget's.
pub const THUMBNAIL_SCALE: f64 = 0.7;
/// Landscape samples across a thumbnail.
pub const THUMBNAIL_CELLS: usize = 48;

/// Draws a gallery thumbnail (see [`thumbnail_svg`]) on `root`, with lines and words at
/// `scale` (the page's canvases draw at [`THUMBNAIL_SCALE`] times the device pixel ratio).
/// `surf` is the full-data landscape when already sampled (48 cells across, with its critical
/// points), or `None` to sample it here.
pub fn draw_thumbnail<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    race: &Race,
    look: &Look,
    scale: f64,
    surf: Option<&Sampled>,
) -> Result<(), String> {
    root.fill(&WHITE).map_err(err)?;
    let style = Style {
        scale,
        text: &ENGLISH,
        palette: LIGHT,
    };
    match look.main {
        Main::Landscape => match surf {
            Some(surf) => {
                draw_landscapes_with(root, race, look, style, THUMBNAIL_CELLS, false, surf)?
            }
            None => draw_landscapes(root, race, look, style, THUMBNAIL_CELLS, false)?,
        },
        Main::Quiz => draw_quiz(root, style)?,
        Main::Data => draw_data(root, race, 0, style, look)?,
        Main::Loss => {
            let steps = race.runs.first().map_or(1, |r| r.steps_taken());
            draw_loss(root, race, 0, steps, style, look)?
        }
    }
    root.present().map_err(err)?;
    Ok(())
}

/// Figure 6.11 (Problem 6.6): the three one-dimensional losses side by side, titled a) to c),
/// with points 1-7 numbered. The answers are not drawn: the page reveals them on request.
pub fn draw_quiz<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    style: Style,
) -> Result<(), String> {
    use crate::quiz::{FUNCTIONS, RANGE};
    root.fill(&WHITE).map_err(err)?;
    let panels = root.split_evenly((1, FUNCTIONS.len()));
    for (area, f) in panels.iter().zip(FUNCTIONS) {
        let n = 200;
        let xs: Vec<f64> = (0..=n)
            .map(|k| RANGE[0] + (RANGE[1] - RANGE[0]) * k as f64 / n as f64)
            .collect();
        let ys: Vec<f64> = xs.iter().map(|&x| f.value(x)).collect();
        let (lo, hi) = ys
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &y| {
                (a.min(y), b.max(y))
            });
        let pad = 0.1 * (hi - lo);
        let mut chart = ChartBuilder::on(area)
            .margin(style.px(8.0))
            .caption(format!("{})", f.letter()), style.font(14.0))
            .x_label_area_size(style.px(24.0))
            .y_label_area_size(style.px(30.0))
            .build_cartesian_2d(RANGE[0]..RANGE[1], (lo - pad)..(hi + pad))
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(0)
            .y_labels(0)
            .axis_style(BLACK.stroke_width(style.px(1.0)))
            .x_desc("φ")
            .y_desc(style.text.get("lossAxis"))
            .axis_desc_style(style.font(12.0))
            .draw()
            .map_err(err)?;
        chart
            .draw_series(LineSeries::new(
                xs.iter().copied().zip(ys.iter().copied()),
                RGBColor(8, 145, 178).stroke_width(style.px(2.5)),
            ))
            .map_err(err)?;
        for (number, x) in f.points() {
            let at = (x, f.value(x));
            draw_one(
                &mut chart,
                Circle::new(at, style.px(5.0) as i32, RGBColor(217, 119, 6).filled()),
            )?;
            draw_one(
                &mut chart,
                Circle::new(at, style.px(5.0) as i32, BLACK.stroke_width(style.px(1.0))),
            )?;
            draw_one(
                &mut chart,
                Text::new(
                    number.to_string(),
                    (x, f.value(x) - 0.45 * pad),
                    style.font(13.0),
                ),
            )?;
        }
    }
    root.present().map_err(err)?;
    Ok(())
}

/// Figure 6.11 as an SVG document.
pub fn quiz_svg(width: u32, height: u32, text: &Texts) -> Result<String, String> {
    quiz_svg_on::<backend::NoPage>(width, height, text)
}

/// [`quiz_svg`] drawn through `Figure<P>` (the page passes its canvas type).
pub fn quiz_svg_on<P: DrawingBackend>(
    width: u32,
    height: u32,
    text: &Texts,
) -> Result<String, String> {
    // plotters writes whole pixels: drawn at four times the size and shown at the asked one
    // (the viewBox keeps the fine coordinates), the curves are smooth instead of stepped.
    const FINE: u32 = 4;
    let mut out = String::new();
    {
        let root = svg_on::<P>(&mut out, (FINE * width, FINE * height)).into_drawing_area();
        let style = Style {
            scale: FINE as f64,
            text,
            palette: LIGHT,
        };
        draw_quiz(&root, style)?;
    }
    let drawn = format!("width=\"{}\" height=\"{}\"", FINE * width, FINE * height);
    Ok(match crate::format::split_once(&out, &drawn) {
        Some((head, tail)) => format!("{head}width=\"{width}\" height=\"{height}\"{tail}"),
        None => out,
    })
}
