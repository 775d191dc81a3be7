//! The data panel: the points, each run's model over them, figure 6.1d's trail, the batch
//! circled, and the 1-D function of figure 6.10 with its bracket.

use super::*;

/// The data panel's x and y ranges.
pub fn data_view(scene: &Scene) -> View {
    match scene.name {
        SceneName::Linear => View {
            phi0: [0.0, 2.0],
            phi1: [0.0, 2.2],
        },
        SceneName::Gabor => View {
            phi0: [-15.0, 15.0],
            phi1: [-1.5, 1.5],
        },
        SceneName::Logistic => View {
            phi0: [-4.5, 4.5],
            phi1: [-0.15, 1.15],
        },
        // Room under the curve's lowest point (0.33) for the bracket's letters.
        SceneName::Line1d => View {
            phi0: [0.0, 1.0],
            phi1: [0.2, 1.05],
        },
        SceneName::Shallow => View {
            phi0: [0.0, 2.0],
            phi1: [-0.5, 1.8],
        },
        _ => View {
            phi0: [0.0, 1.0],
            phi1: [0.0, 1.0],
        },
    }
}

/// The data panel's axes; shared by drawing and by hit-testing clicks.
pub fn data_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    scene: &Scene,
    style: Style,
    axes: bool,
) -> Result<Chart<'a, DB>, String> {
    let v = data_view(scene);
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(8.0))
        .margin_right(style.px(18.0))
        .x_label_area_size(style.px(30.0))
        .y_label_area_size(style.px(42.0))
        .build_cartesian_2d(v.phi0[0]..v.phi0[1], v.phi1[0]..v.phi1[1])
        .map_err(err)?;
    if axes {
        let (xd, yd) = match scene.name {
            SceneName::Line1d => (style.text.get("axis_phi0"), style.text.get("lineLoss")),
            SceneName::Logistic => (style.text.get("inputX"), style.text.get("probY")),
            _ => (style.text.get("inputX"), style.text.get("outputY")),
        };
        let y = |v: &f64| tick(*v);
        let a = Axes {
            desc: [xd, yd],
            labels: [6, 5],
            grid: true,
            font: 10.0,
            y: &y,
        };
        draw_axes(&mut chart, style, a)?;
    }
    Ok(chart)
}

/// The model's prediction curve `f(x, phi)` over the data panel (sigmoid of the logit for the
/// logistic scene), or `L(phi0)` itself for the 1-D line-search function.
pub fn model_curve(scene: &Scene, phi: Vector, n: usize) -> Vec<(f64, f64)> {
    let v = data_view(scene);
    (0..=n)
        .map(|k| {
            let x = v.phi0[0] + (v.phi0[1] - v.phi0[0]) * k as f64 / n as f64;
            let y = match &scene.objective {
                Objective::Data(d) => {
                    let f = d.model.predict(x, phi);
                    if scene.name == SceneName::Logistic {
                        crate::objective::data::sigmoid(f)
                    } else {
                        f
                    }
                }
                Objective::Surface(s) => s.value(Vector::new(x, 0.0)),
                Objective::Sliced(_) => unreachable!("a scene's own objective is never a slice"),
            };
            (x, y)
        })
        .collect()
}

/// Figure 6.10: the 1-D function with the selected run's bracket (the one its last step
/// examined) and every run's point; with `look.stages`, the brackets of its last three steps side
/// by side, a), b), c), each with the run's point before that step (the answer so far, the middle
/// of the [b, c] it examines; the start, a, at the first), as the book draws the search.
fn draw_line_search<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    race: &Race,
    selected: usize,
    style: Style,
    look: &Look,
) -> Result<(), String> {
    let run = race.runs.get(selected);
    // Stages of a run that brackets (a gradient descent run beside it has none to show).
    let stages = match run {
        Some(r) if look.stages => r.recent_internals(),
        _ => Vec::new(),
    };
    let stages = match stages.iter().all(|i| !i.brackets.is_empty()) {
        true => stages,
        false => Vec::new(),
    };
    if stages.len() < 2 {
        let mut chart = data_chart(area, &race.scene, style, true)?;
        if let Some(r) = run {
            draw_bracket(
                &mut chart,
                &race.scene,
                r,
                r.steps_taken(),
                r.internals(),
                style,
            )?;
        }
        let points = race.runs.iter().map(|r| r.current().phi.x());
        return draw_line_points(&mut chart, &race.scene, points.enumerate(), style);
    }
    let Some(r) = run else {
        return Ok(());
    };
    let first = r.steps_taken() + 1 - stages.len();
    let panels = area.split_evenly((1, stages.len()));
    // On a phone each stage is a third of 350 px: the curve in a frame, as the book draws its
    // panels, without the tick labels that would leave it no room.
    let lean = area.dim_in_pixel().0 < 600 * style.px(1.0);
    let v = data_view(&race.scene);
    for (k, (panel, internals)) in panels.iter().zip(stages).enumerate() {
        let (strip, panel) = panel.split_vertically(style.px(18.0));
        let t = first + k;
        let mut chart = match lean {
            false => data_chart(&panel, &race.scene, style, true)?,
            true => {
                // A little room either side, so a point at an end is whole and the end
                // letters of two panels do not read as one word.
                let pad = 0.04 * (v.phi0[1] - v.phi0[0]);
                let mut chart = ChartBuilder::on(&panel)
                    .margin(style.px(4.0))
                    .build_cartesian_2d(v.phi0[0] - pad..v.phi0[1] + pad, v.phi1[0]..v.phi1[1])
                    .map_err(err)?;
                let frame = [(v.phi0[0] - pad, v.phi1[0]), (v.phi0[1] + pad, v.phi1[1])];
                let ink = style.palette.axis.stroke_width(style.px(1.0));
                draw_one(&mut chart, Rectangle::new(frame, ink))?;
                chart
            }
        };
        draw_bracket(&mut chart, &race.scene, r, t, internals, style)?;
        let point = std::iter::once((selected, r.history()[t - 1].phi.x()));
        draw_line_points(&mut chart, &race.scene, point, style)?;
        let words = crate::format::replace(style.text.get("stepN"), "{t}", &t.to_string());
        let title = format!("{} {words}", panel_label(k));
        draw_panel_label(&strip, &title, style)?;
    }
    Ok(())
}

/// The curve of the 1-D function, and the bracket step `t` of `run` examined (`internals`): its
/// interval shaded, and a, b, c, d each a faint line from the curve down to its letter.
fn draw_bracket<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    scene: &Scene,
    run: &Run,
    t: usize,
    internals: &Internals,
    style: Style,
) -> Result<(), String> {
    chart
        .draw_series(LineSeries::new(
            model_curve(scene, Vector::ZERO, 300),
            style.palette.outline.stroke_width(style.px(2.0)),
        ))
        .map_err(err)?;
    let (Some(b), Some(before)) = (internals.brackets.last(), t.checked_sub(1)) else {
        return Ok(());
    };
    // Line search brackets are distances along -g from the previous point; the bracket
    // stepper's (figure 6.10) are positions on phi0 already.
    let prev = run.history()[before].phi.x();
    let at = |s: f64| match internals.gradient {
        Some(g) => prev - s * g.x(),
        None => s,
    };
    let (xa, xd) = (at(b.a), at(b.d));
    let v = data_view(scene);
    draw_one(
        chart,
        Rectangle::new(
            [(xa.min(xd), v.phi1[0]), (xa.max(xd), v.phi1[1])],
            RGBAColor(120, 120, 120, 0.25).filled(),
        ),
    )?;
    // As the book draws it: each of a, b, c, d a faint line from the curve down to its letter
    // under the curve. Letters closer than a letter's width to one already placed are left
    // out (a and d first), so a small bracket reads "a d" rather than "abcd".
    let font = (FontFamily::SansSerif, 13.0 * style.scale)
        .into_font()
        .color(&style.palette.ink)
        .pos(Pos::new(HPos::Center, VPos::Center));
    let base = v.phi1[0] + 0.05 * (v.phi1[1] - v.phi1[0]);
    let ink = style.palette.outline;
    let mut placed: Vec<i32> = Vec::new();
    for (name, s) in [("a", b.a), ("d", b.d), ("b", b.b), ("c", b.c)] {
        let x = at(s);
        let y = scene.objective.loss(Vector::new(x, 0.0));
        let drop = vec![(x, y), (x, base + 0.06 * (v.phi1[1] - v.phi1[0]))];
        let faint = ink.mix(0.5).stroke_width(style.px(1.0));
        draw_one(chart, PathElement::new(drop, faint))?;
        draw_one(
            chart,
            Circle::new((x, y), style.px(3.0) as i32, ink.filled()),
        )?;
        let px = chart.backend_coord(&(x, y)).0;
        if placed
            .iter()
            .all(|q| (q - px).abs() >= style.px(10.0) as i32)
        {
            placed.push(px);
            draw_one(chart, Text::new(name.to_string(), (x, base), font.clone()))?;
        }
    }
    Ok(())
}

/// Runs' points `(run, phi0)` on the 1-D function, in their colours.
fn draw_line_points<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    scene: &Scene,
    points: impl Iterator<Item = (usize, f64)>,
    style: Style,
) -> Result<(), String> {
    for (i, p) in points {
        let c = RUN_COLORS[i % RUN_COLORS.len()];
        let at = (p, scene.objective.loss(Vector::new(p, 0.0)));
        draw_one(chart, Circle::new(at, style.px(6.0) as i32, c.filled()))?;
    }
    Ok(())
}

/// Training data, each run's current model, and the current minibatch highlighted (figure 6.6).
/// On `line1d` it draws the function with each run's point and the selected run's bracket.
pub fn draw_data<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    race: &Race,
    selected: usize,
    style: Style,
    look: &Look,
) -> Result<(), String> {
    let scene = &race.scene;
    if scene.name == SceneName::Line1d {
        return draw_line_search(area, race, selected, style, look);
    }
    let mut chart = data_chart(area, scene, style, true)?;
    let Some(data) = scene.objective.data() else {
        return Ok(());
    };
    if let (true, Some(run)) = (look.trail, race.runs.get(selected)) {
        // Figure 6.1d: the models of points 0, 1, 2, ... light to dark.
        let c = RUN_COLORS[selected % RUN_COLORS.len()];
        let shown: Vec<_> = run.history().iter().take(TRAIL).collect();
        for (k, p) in shown.iter().enumerate() {
            let a = 0.2 + 0.8 * (k as f64 + 1.0) / shown.len() as f64;
            chart
                .draw_series(LineSeries::new(
                    model_curve(scene, p.phi, 120),
                    RGBAColor(c.0, c.1, c.2, a).stroke_width(style.px(1.5)),
                ))
                .map_err(err)?;
        }
    }
    if let (SceneName::Shallow, Some(run)) = (scene.name, race.runs.get(selected)) {
        draw_hidden_units(&mut chart, scene, run.current().phi, selected, style)?;
    }
    for (i, run) in race.runs.iter().enumerate() {
        let c = RUN_COLORS[i % RUN_COLORS.len()];
        let w = if i == selected { 2.5 } else { 1.5 };
        chart
            .draw_series(LineSeries::new(
                model_curve(scene, run.current().phi, 240),
                c.stroke_width(style.px(w)),
            ))
            .map_err(err)?;
    }
    let highlighted: Vec<usize> = race
        .runs
        .get(selected)
        .and_then(|r| r.current().batch.as_ref())
        .filter(|b| matches!(b, crate::run::Taken::Batch(_)))
        .map(|b| b.indices())
        .unwrap_or_default();
    let r = style.px(4.0) as i32;
    chart
        .draw_series(
            data.x
                .iter()
                .zip(&data.y)
                .map(|(&x, &y)| Circle::new((x, y), r, RGBColor(245, 158, 11).filled())),
        )
        .map_err(err)?;
    chart
        .draw_series(
            data.x
                .iter()
                .zip(&data.y)
                .map(|(&x, &y)| Circle::new((x, y), r, style.palette.outline.stroke_width(1))),
        )
        .map_err(err)?;
    chart
        .draw_series(highlighted.iter().filter(|&&i| i < data.len()).map(|&i| {
            Circle::new(
                (data.x[i], data.y[i]),
                r + style.px(3.0) as i32,
                RGBColor(220, 38, 38).stroke_width(style.px(2.5)),
            )
        }))
        .map_err(err)?;
    Ok(())
}

/// Figure 3.3's picture of the shallow network at `phi`: each hidden unit's contribution
/// `φk a[θk0 + θk1 x]` as a faint dashed line, and the joints `x = -θk0 / θk1` where a unit
/// switches on, marked on the fitted function.
fn draw_hidden_units<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    scene: &Scene,
    phi: Vector,
    selected: usize,
    style: Style,
) -> Result<(), String> {
    use crate::objective::data::{theta_index, HIDDEN};
    let v = data_view(scene);
    let c = RUN_COLORS[selected % RUN_COLORS.len()];
    for k in 1..=HIDDEN {
        let t = theta_index(k);
        let unit = |x: f64| phi[k] * crate::objective::data::relu(phi[t] + phi[t + 1] * x);
        // A ReLU unit is linear between the view's edges and its joint: three points draw it.
        let joint = -phi[t] / phi[t + 1];
        let mut xs = vec![v.phi0[0], v.phi0[1]];
        if joint.is_finite() && joint > v.phi0[0] && joint < v.phi0[1] {
            xs.insert(1, joint);
        }
        let faint = RGBAColor(c.0, c.1, c.2, 0.45).stroke_width(style.px(1.2));
        chart
            .draw_series(DashedLineSeries::new(
                xs.iter().map(|&x| (x, unit(x))),
                style.px(4.0),
                style.px(3.0),
                faint,
            ))
            .map_err(err)?;
        if xs.len() == 3 {
            let y = crate::objective::Model::Shallow.predict(joint, phi);
            draw_one(
                chart,
                Circle::new(
                    (joint, y),
                    style.px(4.5) as i32,
                    style.palette.outline.stroke_width(style.px(1.5)),
                ),
            )?;
        }
    }
    Ok(())
}

/// Figure 6.4 b)–f): the model at each of [`model_minima`] over the data, titled with its letter
/// and its loss; the global minimum's curve grey and the others cyan, as their markers. Nothing
/// while the critical points are still being searched.
/// A small multiple's chart over `v`: slim margins, three ticks an axis and no axis words
/// (figure 6.4's models, figure 6.6's batches). Axes drawn, contents not.
pub fn small_chart<'a, DB: DrawingBackend>(
    cell: &'a DrawingArea<DB, Shift>,
    v: &View,
    style: Style,
) -> Result<Chart<'a, DB>, String> {
    let mut chart = ChartBuilder::on(cell)
        .margin(style.px(3.0))
        .margin_right(style.px(8.0))
        .x_label_area_size(style.px(16.0))
        .y_label_area_size(style.px(22.0))
        .build_cartesian_2d(v.phi0[0]..v.phi0[1], v.phi1[0]..v.phi1[1])
        .map_err(err)?;
    let y = |v: &f64| tick(*v);
    let a = Axes {
        desc: ["", ""],
        labels: [3, 3],
        grid: false,
        font: 9.0,
        y: &y,
    };
    draw_axes(&mut chart, style, a)?;
    Ok(chart)
}

pub fn draw_models<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    race: &Race,
    critical: &[CriticalPoint],
    style: Style,
) -> Result<(), String> {
    let scene = &race.scene;
    let (minima, Some(data)) = (model_minima(critical), scene.objective.data()) else {
        return Ok(());
    };
    let v = data_view(scene);
    // Two rows from four models on (six: 3 x 2, no empty cell), each a title strip over a chart.
    let rows = if minima.len() > 3 { 2 } else { 1 };
    let cells = area.split_evenly((rows, minima.len().div_ceil(rows).max(1)));
    for (k, (p, cell)) in minima.iter().zip(&cells).enumerate() {
        let (strip, cell) = cell.split_vertically(style.px(18.0));
        let mut chart = small_chart(&cell, &v, style)?;
        let r = style.px(2.5) as i32;
        let points = || data.x.iter().zip(&data.y).map(|(&x, &y)| (x, y));
        chart
            .draw_series(points().map(|at| Circle::new(at, r, RGBColor(245, 158, 11).filled())))
            .map_err(err)?;
        let ink = if p.global {
            RGBColor(110, 110, 110)
        } else {
            RGBColor(0, 175, 185)
        };
        chart
            .draw_series(LineSeries::new(
                model_curve(scene, p.phi, 200),
                ink.stroke_width(style.px(2.0)),
            ))
            .map_err(err)?;
        let title = format!(
            "{}) {} = {:.2}",
            model_letter(k),
            style.text.get("lossAxis"),
            p.loss
        );
        draw_panel_label(&strip, &title, style)?;
    }
    Ok(())
}
