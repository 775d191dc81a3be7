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
    draw_axes: bool,
) -> Result<Chart<'a, DB>, String> {
    let v = data_view(scene);
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(8.0))
        .margin_right(style.px(18.0))
        .x_label_area_size(style.px(30.0))
        .y_label_area_size(style.px(42.0))
        .build_cartesian_2d(v.phi0[0]..v.phi0[1], v.phi1[0]..v.phi1[1])
        .map_err(err)?;
    if draw_axes {
        let (xd, yd) = match scene.name {
            SceneName::Line1d => (style.text.get("axis_phi0"), style.text.get("lineLoss")),
            SceneName::Logistic => (style.text.get("inputX"), style.text.get("probY")),
            _ => (style.text.get("inputX"), style.text.get("outputY")),
        };
        chart
            .configure_mesh()
            .light_line_style(style.palette.grid_light)
            .bold_line_style(style.palette.grid_bold)
            .axis_style(style.palette.axis)
            .x_desc(xd)
            .y_desc(yd)
            .x_labels(6)
            .y_labels(5)
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .label_style(style.font(10.0))
            .axis_desc_style(style.font(11.0))
            .draw()
            .map_err(err)?;
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
    let mut chart = data_chart(area, scene, style, true)?;
    if scene.name == SceneName::Line1d {
        chart
            .draw_series(LineSeries::new(
                model_curve(scene, Vector::ZERO, 300),
                style.palette.outline.stroke_width(style.px(2.0)),
            ))
            .map_err(err)?;
        if let Some(run) = race.runs.get(selected) {
            if let Some(b) = run.internals().brackets.last() {
                // Line search brackets are distances along -g from the previous point; the
                // bracket stepper's (figure 6.10) are positions on phi0 already.
                let prev = run.history()[run.history().len() - 2].phi.x();
                let at = |s: f64| match run.internals().gradient {
                    Some(g) => prev - s * g.x(),
                    None => s,
                };
                let (xa, xd) = (at(b.a), at(b.d));
                let v = data_view(scene);
                draw_one(
                    &mut chart,
                    Rectangle::new(
                        [(xa.min(xd), v.phi1[0]), (xa.max(xd), v.phi1[1])],
                        RGBAColor(120, 120, 120, 0.25).filled(),
                    ),
                )?;
                // As the book draws it: each of a, b, c, d a faint line from the curve down to
                // its letter under the curve. Letters closer than a letter's width to one
                // already placed are left out (a and d first), so a small bracket reads "a d"
                // rather than "abcd".
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
                    draw_one(&mut chart, PathElement::new(drop, faint))?;
                    draw_one(
                        &mut chart,
                        Circle::new((x, y), style.px(3.0) as i32, ink.filled()),
                    )?;
                    let px = chart.backend_coord(&(x, y)).0;
                    if placed
                        .iter()
                        .all(|q| (q - px).abs() >= style.px(10.0) as i32)
                    {
                        placed.push(px);
                        draw_one(
                            &mut chart,
                            Text::new(name.to_string(), (x, base), font.clone()),
                        )?;
                    }
                }
            }
        }
        for (i, run) in race.runs.iter().enumerate() {
            let p = run.current().phi.x();
            let c = RUN_COLORS[i % RUN_COLORS.len()];
            draw_one(
                &mut chart,
                Circle::new(
                    (p, scene.objective.loss(Vector::new(p, 0.0))),
                    style.px(6.0) as i32,
                    c.filled(),
                ),
            )?;
        }
        return Ok(());
    }
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
