//! The landscape panel: its axes, the critical points as figure 6.4 marks them, the runs'
//! paths with their step constructions (figure 6.6a's fan, figure 6.8's arrows, line search's
//! bracket), and the panels of small multiples.

use super::*;

/// The landscape's axes over `view`: the same margins on every layer so they line up.
/// With `flip`, φ1 runs downwards, as the book draws figure 6.1 (`flip=1`).
pub fn landscape_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    scene: &Scene,
    style: Style,
    axes: bool,
    flip: bool,
) -> Result<Chart<'a, DB>, String> {
    let v = scene.view;
    let y = if flip {
        v.phi1[1]..v.phi1[0]
    } else {
        v.phi1[0]..v.phi1[1]
    };
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(8.0))
        .margin_right(style.px(18.0))
        .x_label_area_size(style.px(38.0))
        .y_label_area_size(style.px(50.0))
        .build_cartesian_2d(v.phi0[0]..v.phi0[1], y)
        .map_err(err)?;
    if axes {
        let [xl, yl] = style.text.axes(scene.name);
        let y = |v: &f64| tick(*v);
        let a = Axes {
            desc: [xl, yl],
            labels: [6, 6],
            grid: false,
            font: 11.0,
            y: &y,
        };
        draw_axes(&mut chart, style, a)?;
    }
    Ok(chart)
}

/// Contour lines and the critical points, marked as figure 6.4 marks them: the global minimum
/// a grey circle, local minima cyan circles, a saddle a dark "+" (the marked ones, see
/// `CriticalPoint::marked`).
pub fn draw_surface_marks<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    surface: &Sampled,
    style: Style,
) -> Result<(), String> {
    draw_contours(chart, &surface.contours, style)?;
    draw_critical_points(chart, &surface.critical, style)
}

/// Contour polylines, level by level, as thin translucent white lines.
fn draw_contours<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    levels: &[Vec<Vec<(f64, f64)>>],
    style: Style,
) -> Result<(), String> {
    let line = RGBAColor(255, 255, 255, 0.35).stroke_width(style.px(1.0));
    for level in levels {
        chart
            .draw_series(level.iter().map(|l| PathElement::new(l.clone(), line)))
            .map_err(err)?;
    }
    Ok(())
}

pub fn draw_critical_points<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    points: &[CriticalPoint],
    style: Style,
) -> Result<(), String> {
    let r = style.px(6.0) as i32;
    for p in points.iter().filter(|p| p.marked) {
        let at = (p.phi.x(), p.phi.y());
        let outline = BLACK.stroke_width(style.px(1.0));
        match p.kind {
            Curvature::Minimum => {
                let fill = if p.global {
                    RGBColor(160, 160, 160)
                } else {
                    RGBColor(0, 220, 230)
                };
                draw_one(chart, Circle::new(at, r, fill.filled()))?;
                draw_one(chart, Circle::new(at, r, outline))?;
            }
            // A small dark "+" as the book draws its saddle (figure 6.4), on a white halo: not
            // a run's colour, and light beside the minima's discs.
            Curvature::Saddle => {
                let (xr, yr) = (chart.x_range(), chart.y_range());
                let (w, h) = chart.plotting_area().dim_in_pixel();
                let arm = (r - 2) as f64;
                let dx = arm * (xr.end - xr.start).abs() / w.max(1) as f64;
                let dy = arm * (yr.end - yr.start).abs() / h.max(1) as f64;
                for ink in [
                    WHITE.stroke_width(style.px(3.5)),
                    RGBColor(40, 40, 40).stroke_width(style.px(1.5)),
                ] {
                    for (a, b) in [((-dx, 0.0), (dx, 0.0)), ((0.0, -dy), (0.0, dy))] {
                        let seg = vec![(at.0 + a.0, at.1 + a.1), (at.0 + b.0, at.1 + b.1)];
                        draw_one(chart, PathElement::new(seg, ink))?;
                    }
                }
            }
            // Figure 6.4 marks no maxima; neither do we (the inspector names them on hover).
            Curvature::Maximum | Curvature::Degenerate => {}
        }
    }
    Ok(())
}

/// Where parameters `p` are drawn on the landscape: themselves for two parameters, their
/// projection on the plane of a sliced scene.
pub fn xy(scene: &Scene, p: Vector) -> (f64, f64) {
    match scene.plane {
        None => (p.x(), p.y()),
        Some(_) => {
            let uv = scene.project(p).uv;
            (uv.x(), uv.y())
        }
    }
}

/// How opaque a point `off` away from the plane is drawn: 1 on the plane, fading to 0.2 at a
/// distance of half the view's reach in parameter units (the directions' mean length times the
/// view's half-width).
pub fn plane_opacity(scene: &Scene, off: f64) -> f64 {
    let Some(p) = scene.plane else {
        return 1.0;
    };
    let half = 0.5 * (scene.view.phi0[1] - scene.view.phi0[0]);
    let reach = 0.5 * (p.d1.norm() + p.d2.norm()) * half;
    (1.0 - 1.6 * off / reach.max(1e-12)).clamp(0.2, 1.0)
}

/// Every run's path with its current point; for the selected run, the step's extras (Nesterov's
/// look-ahead, line search's bracket along the ray). On a slice, each iterate's dot fades with
/// its distance from the plane.
pub fn draw_trajectories<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    race: &Race,
    runs: &[usize],
    selected: usize,
    style: Style,
    look: &Look,
) -> Result<(), String> {
    let numbers = race.start_numbers();
    // Start numbers placed so far (pixel, number): a number whose start is near another's goes
    // to the left of its ring, so "2" and "3" (figure 6.5) or "1" and "2" (saddle-stop) do not
    // run together.
    let mut placed: Vec<((i32, i32), usize)> = Vec::new();
    // End points drawn so far, in pixels: a run that ends on another's end (figure 6.5's runs 1
    // and 3 in the global minimum) is drawn as a ring around it, so both stay in sight.
    let mut ends: Vec<(i32, i32)> = Vec::new();
    for (i, run) in race.runs.iter().enumerate() {
        if !runs.contains(&i) {
            continue;
        }
        let color = RUN_COLORS[i % RUN_COLORS.len()];
        let scene = &race.scene;
        // Each iterate projected once (a slice's plane: its place and its distance).
        let projected: Vec<((f64, f64), f64)> = run
            .history()
            .iter()
            .map(|p| match scene.plane {
                None => ((p.phi.x(), p.phi.y()), 0.0),
                Some(_) => {
                    let pr = scene.project(p.phi);
                    ((pr.uv.x(), pr.uv.y()), pr.off)
                }
            })
            .collect();
        let pts: Vec<(f64, f64)> = projected.iter().map(|&(p, _)| p).collect();
        let w = if i == selected { 2.5 } else { 1.8 };
        draw_one(
            chart,
            PathElement::new(
                pts.clone(),
                halo(color).mix(0.8).stroke_width(style.px(w + 2.0)),
            ),
        )?;
        draw_one(
            chart,
            PathElement::new(pts.clone(), color.stroke_width(style.px(w))),
        )?;
        // Small dots at each iterate (the book numbers them), the start hollow, the current large.
        if scene.plane.is_some() {
            // The distance from the plane, dot by dot: about 60 dots a run, spread over the path.
            let every = pts.len().div_ceil(60).max(1);
            chart
                .draw_series(projected.iter().step_by(every).map(|&(p, off)| {
                    let a = plane_opacity(scene, off);
                    Circle::new(p, style.px(3.0) as i32, color.mix(a).filled())
                }))
                .map_err(err)?;
        } else if pts.len() <= 120 {
            chart
                .draw_series(
                    pts.iter()
                        .map(|&p| Circle::new(p, style.px(2.0) as i32, color.filled())),
                )
                .map_err(err)?;
        }
        let start = pts[0];
        // The start's small ring once the run has moved (before, the current point's large ring
        // marks it and leaves a critical point under it in sight: figure 6.4's grey minimum).
        if pts.len() > 1 {
            draw_one(
                chart,
                Circle::new(
                    start,
                    style.px(5.0) as i32,
                    color.stroke_width(style.px(2.0)),
                ),
            )?;
        }
        // The start's number (figure 6.5's 1, 2, 3), up and right of its ring, white on a dark
        // shadow so it reads on light and dark colours.
        if let Some(n) = numbers[i] {
            let px = chart.backend_coord(&start);
            let near = style.px(22.0) as i32;
            let crowded = placed
                .iter()
                .any(|&((x, y), m)| m != n && (x - px.0).abs() < near && (y - px.1).abs() < near);
            placed.push((px, n));
            draw_number(chart, start, &n.to_string(), style, crowded)?;
        }
        let cur = pts.last().copied().unwrap_or(start);
        if pts.len() == 1 {
            // Before the first step the current point is a ring, so a marked critical point
            // underneath (figure 6.4 starts on the global minimum) stays visible.
            for (r, c) in [
                (10.0, halo(color).stroke_width(style.px(4.0))),
                (10.0, color.stroke_width(style.px(2.0))),
            ] {
                draw_one(chart, Circle::new(cur, style.px(r) as i32, c))?;
            }
        } else {
            let px = chart.backend_coord(&cur);
            let near = style.px(8.0) as i32;
            let covers = ends
                .iter()
                .filter(|&&(x, y)| (x - px.0).abs() <= near && (y - px.1).abs() <= near)
                .count();
            ends.push(px);
            if covers == 0 {
                draw_one(
                    chart,
                    Circle::new(cur, style.px(6.0) as i32, color.filled()),
                )?;
            }
            let r = style.px(6.0 + 4.0 * covers as f64) as i32;
            draw_one(
                chart,
                Circle::new(cur, r, halo(color).stroke_width(style.px(4.0))),
            )?;
            draw_one(
                chart,
                Circle::new(cur, r, color.stroke_width(style.px(2.0))),
            )?;
        }
        if i == selected {
            draw_step_extras(chart, scene, run, color, style)?;
            if look.fan {
                draw_fan(chart, race, run, style)?;
            }
            if look.trail {
                // Figure 6.1c: the first iterates as dots, light to dark as the data panel's
                // models, each numbered up and to the right of its dot (white on a dark shadow).
                let n = pts.len().min(TRAIL);
                for (k, &p) in pts.iter().take(TRAIL).enumerate() {
                    let t = 0.25 + 0.75 * (k + 1) as f64 / n as f64;
                    let mix = |c: u8| (255.0 + (c as f64 - 255.0) * t).round() as u8;
                    let fill = RGBColor(mix(color.0), mix(color.1), mix(color.2));
                    let r = style.px(5.0) as i32;
                    draw_one(chart, Circle::new(p, r, fill.filled()))?;
                    draw_one(chart, Circle::new(p, r, BLACK.stroke_width(style.px(1.0))))?;
                    draw_number(chart, p, &k.to_string(), style, false)?;
                }
            }
        }
        if look.arrows {
            draw_momentum_arrows(chart, scene, run, color, style)?;
        }
    }
    // 6.1.3: keep the best of the restarts, ringed in ink and named, once every run has ended
    // (and where its end is in view).
    let best = race
        .best()
        .filter(|b| look.best && runs.contains(b) && race.finished());
    if let Some(best) = best {
        let end = race.runs[best].current().phi;
        let at = match race.scene.plane {
            None => (end.x(), end.y()),
            Some(_) => {
                let pr = race.scene.project(end);
                (pr.uv.x(), pr.uv.y())
            }
        };
        let v = race.scene.view;
        let seen =
            (v.phi0[0]..=v.phi0[1]).contains(&at.0) && (v.phi1[0]..=v.phi1[1]).contains(&at.1);
        for (w, c) in [(5.0, WHITE), (2.5, BLACK)].into_iter().filter(|_| seen) {
            let ring = Circle::new(at, style.px(13.0) as i32, c.stroke_width(style.px(w)));
            draw_one(chart, ring)?;
        }
        if seen {
            draw_number(chart, at, "best", style, false)?;
        }
    }
    Ok(())
}

/// The point the last step started from and what it computed (`None` before the first step).
fn last_step(run: &Run) -> Option<(Vector, &Internals)> {
    let h = run.history();
    (h.len() >= 2).then(|| (h[h.len() - 2].phi, run.internals()))
}

/// Figure 6.8 at the current step: the construction of [`crate::construct::momentum_construction`]
/// as two arrows with numbered points, and Nesterov's look-ahead cross.
fn draw_momentum_arrows<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    scene: &Scene,
    run: &Run,
    color: RGBColor,
    style: Style,
) -> Result<(), String> {
    let Some(c) = crate::construct::momentum_construction(run) else {
        return Ok(());
    };
    let [p1, mid, end] = c.points;
    let xy = |p: Vector| xy(scene, p);
    let stroke = color.stroke_width(style.px(2.5));
    for (a, b) in [(p1, mid), (mid, end)] {
        draw_one(chart, PathElement::new(vec![xy(a), xy(b)], stroke))?;
        draw_one(
            chart,
            Circle::new(xy(b), style.px(3.5) as i32, color.filled()),
        )?;
    }
    if let Some(look) = c.lookahead {
        draw_one(
            chart,
            Cross::new(
                xy(look),
                style.px(6.0) as i32,
                color.stroke_width(style.px(2.0)),
            ),
        )?;
    }
    for (p, l) in c.points.into_iter().zip(c.labels) {
        draw_number(chart, xy(p), l, style, false)?;
    }
    Ok(())
}

/// A point's number (figure 6.1's iterates, 6.5's starts, 6.8's construction): up and to the
/// right of it (or down and to the left), clear of its marker, white on a dark shadow so it
/// reads on light and dark colours.
fn draw_number<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    at: (f64, f64),
    text: &str,
    style: Style,
    left: bool,
) -> Result<(), String> {
    let font = (FontFamily::SansSerif, 14.0 * style.scale).into_font();
    // Up and to the right; `left`, down and to the left (where another number is near).
    let (dx, dy) = if left {
        (-(style.px(18.0) as i32), style.px(4.0) as i32)
    } else {
        (style.px(8.0) as i32, -(style.px(21.0) as i32))
    };
    for (shift, ink) in [(1, BLACK), (0, WHITE)] {
        draw_one(
            chart,
            EmptyElement::at(at)
                + Text::new(text.to_string(), (dx + shift, dy + shift), font.color(&ink)),
        )?;
    }
    Ok(())
}

/// Figure 6.4: the letter of each minimum whose model the loss panel shows (`models=1`).
pub fn draw_model_letters<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    critical: &[CriticalPoint],
    style: Style,
) -> Result<(), String> {
    for (k, p) in model_minima(critical).into_iter().enumerate() {
        let letter = model_letter(k).to_string();
        draw_number(chart, (p.phi.x(), p.phi.y()), &letter, style, false)?;
    }
    Ok(())
}

/// A round factor (×2, ×5, ×10, ... ×1000, or 1) that makes the longest of the arrows `ds` from
/// `from` (chart coordinates) about `want` pixels long at most, as the book magnifies figure
/// 6.6's steps, with every tip still inside the chart. Lengths are measured in fractional
/// pixels: whole pixels would round a short step to nothing and magnify it a thousandfold.
fn magnify<DB: DrawingBackend>(
    chart: &Chart<'_, DB>,
    from: (f64, f64),
    ds: &[(f64, f64)],
    want: f64,
) -> f64 {
    let (xr, yr) = (chart.x_range(), chart.y_range());
    let (w, h) = chart.plotting_area().dim_in_pixel();
    let (sx, sy) = (
        f64::from(w) / (xr.end - xr.start),
        f64::from(h) / (yr.end - yr.start),
    );
    let inside = |v: f64, a: f64, b: f64| a.min(b) <= v && v <= a.max(b);
    let fits = |k: f64| {
        ds.iter().all(|&(dx, dy)| {
            (k * dx * sx).hypot(k * dy * sy) <= want
                && inside(from.0 + k * dx, xr.start, xr.end)
                && inside(from.1 + k * dy, yr.start, yr.end)
        })
    };
    [1000.0, 500.0, 200.0, 100.0, 50.0, 20.0, 10.0, 5.0, 2.0]
        .into_iter()
        .find(|&k| fits(k))
        .unwrap_or(1.0)
}

/// A white arrow from `from` to `to`: a line `width` pixels wide and a head of two strokes
/// `head` pixels back from the tip (none on an arrow under 4 pixels).
fn draw_arrow<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    from: (f64, f64),
    to: (f64, f64),
    width: u32,
    head: u32,
) -> Result<(), String> {
    let ink = WHITE.stroke_width(width);
    draw_one(chart, PathElement::new(vec![from, to], ink))?;
    let (p, q) = (chart.backend_coord(&from), chart.backend_coord(&to));
    let (dx, dy) = (f64::from(q.0 - p.0), f64::from(q.1 - p.1));
    let len = dx.hypot(dy);
    if len > 4.0 {
        let (ux, uy, head) = (dx / len, dy / len, f64::from(head));
        for side in [-1.0, 1.0] {
            let back = (
                -ux * head - side * uy * head * 0.5,
                -uy * head + side * ux * head * 0.5,
            );
            let tip = EmptyElement::at(to)
                + PathElement::new(vec![(0, 0), (back.0 as i32, back.1 as i32)], ink);
            draw_one(chart, tip)?;
        }
    }
    Ok(())
}

/// Figure 6.6 b)–d) in the loss panel's place (`batches=1`): three of the current epoch's
/// batches (its first, middle and last) from the current point, each on its own surface (the
/// loss of its points alone, in its own colours), with the step it would take as a white arrow,
/// all magnified alike ("×k"): another batch, another surface, another step. `false` (nothing
/// drawn) unless the selected run takes minibatches on a two-parameter scene with data.
pub fn draw_batches<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    race: &Race,
    selected: usize,
    style: Style,
) -> Result<bool, String> {
    let scene = &race.scene;
    let Some(run) = race.runs.get(selected) else {
        return Ok(false);
    };
    let batches = run.epoch_batches();
    let Some(picks) = crate::construct::batch_picks(batches.len()) else {
        return Ok(false);
    };
    if scene.plane.is_some() || scene.objective.data().is_none() {
        return Ok(false);
    }
    let picks = picks.map(|i| &batches[i]);
    let from = run.current().phi;
    let alpha = run.current().rate.unwrap_or(run.config.hyper[ALPHA]);
    let step = |b: &[usize]| {
        -alpha
            * scene
                .objective
                .gradient(from, Batch::Indices(b), run.config.reduce)
    };
    let steps = picks.map(|b| step(b));
    let mut zoom = None;
    for (k, (b, cell)) in picks.iter().zip(area.split_evenly((1, 3))).enumerate() {
        let (strip, cell) = cell.split_vertically(style.px(18.0));
        let mut chart = small_chart(&cell, &scene.view, style)?;
        let grid =
            crate::landscape::sample(&scene.objective, &scene.view, 40, 40, Batch::Indices(b));
        let scale = ColorScale::new(&grid, false);
        draw_cells(&mut chart, &grid, |v| colormap(scale.unit(v)))?;
        // Its contours, as the landscape draws its own (the book's panels have them).
        let levels: Vec<_> = crate::landscape::contour_levels(&grid, 8)
            .into_iter()
            .map(|level| crate::landscape::contour_polylines(&grid, level))
            .collect();
        draw_contours(&mut chart, &levels, style)?;
        // One magnification for the three, from the longest arrow (about 40 px).
        let ds = steps.map(|d| (d.x(), d.y()));
        let zoom = *zoom.get_or_insert_with(|| {
            magnify(&chart, (from.x(), from.y()), &ds, f64::from(style.px(40.0)))
        });
        let to = from + zoom * steps[k];
        let xy = |p: Vector| (p.x(), p.y());
        draw_arrow(&mut chart, xy(from), xy(to), style.px(2.0), style.px(6.0))?;
        // The book's inset: the model before the step (dashed) and after it (solid).
        draw_batch_inset(&mut chart, scene, from, to, b, style)?;
        let r = style.px(4.0) as i32;
        draw_one(
            &mut chart,
            Circle::new((from.x(), from.y()), r, RGBColor(103, 232, 249).filled()),
        )?;
        draw_one(
            &mut chart,
            Circle::new((from.x(), from.y()), r, BLACK.stroke_width(1)),
        )?;
        let items: Vec<String> = b.iter().map(|i| i.to_string()).collect();
        let mut title = format!("{} {{{}}}", panel_label(k + 1), items.join(", "));
        if zoom > 1.0 {
            title += &format!(" ×{zoom}");
        }
        draw_panel_label(&strip, &title, style)?;
    }
    Ok(true)
}

/// Figure 6.6b–d on the batch's own surface: the last step as a white arrow (downhill on this
/// surface), and in the corner the model before the step (dashed) and after it (solid) over the
/// batch's points, as the book draws each batch's panel.
pub fn draw_batch_step<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    race: &Race,
    selected: usize,
    style: Style,
) -> Result<(), String> {
    let scene = &race.scene;
    let Some(run) = race.runs.get(selected) else {
        return Ok(());
    };
    let h = run.history();
    let batch = run.current().batch.as_ref().map(|b| b.indices());
    let (Some(batch), [.., before, after]) = (batch, h) else {
        return Ok(());
    };
    // Magnified about its start like the fan when short (written beside it: "×5").
    let (from, to) = (xy(scene, before.phi), xy(scene, after.phi));
    let d = (to.0 - from.0, to.1 - from.1);
    let zoom = magnify(chart, from, &[d], f64::from(style.px(45.0)));
    let to = xy(scene, before.phi + zoom * (after.phi - before.phi));
    draw_arrow(chart, from, to, style.px(2.0), style.px(7.0))?;
    if zoom > 1.0 {
        draw_number(chart, to, &format!("×{zoom}"), style, false)?;
    }
    let after_phi = before.phi + zoom * (after.phi - before.phi);
    draw_batch_inset(chart, scene, before.phi, after_phi, &batch, style)
}

/// Figure 6.6 b)–d)'s inset, in the top-left corner of a batch's panel (a third of its width):
/// the model at `before` (dashed) and at `after` (solid; the magnified step's end, so the two
/// curves part as the book's) over the batch's points.
fn draw_batch_inset<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    scene: &Scene,
    before: Vector,
    after: Vector,
    batch: &[usize],
    style: Style,
) -> Result<(), String> {
    let Some(data) = scene.objective.data() else {
        return Ok(());
    };
    let plot = chart.plotting_area().strip_coord_spec();
    let (w, hgt) = plot.dim_in_pixel();
    let inset = plot.shrink(
        (style.px(6.0), style.px(6.0)),
        (w * 36 / 100, hgt * 26 / 100),
    );
    inset.fill(&WHITE).map_err(err)?;
    let v = data_view(scene);
    let mut small = ChartBuilder::on(&inset)
        .build_cartesian_2d(v.phi0[0]..v.phi0[1], v.phi1[0]..v.phi1[1])
        .map_err(err)?;
    let frame = [(v.phi0[0], v.phi1[0]), (v.phi0[1], v.phi1[1])];
    draw_one(
        &mut small,
        Rectangle::new(frame, BLACK.stroke_width(style.px(1.0))),
    )?;
    let dark = RGBColor(30, 64, 90).stroke_width(style.px(2.0));
    let light = RGBColor(110, 200, 210).stroke_width(style.px(2.0));
    let curve = model_curve(scene, before, 120);
    for dash in curve.chunks(4).step_by(2) {
        draw_one(&mut small, PathElement::new(dash.to_vec(), light))?;
    }
    small
        .draw_series(LineSeries::new(model_curve(scene, after, 120), dark))
        .map_err(err)?;
    let r = style.px(3.5) as i32;
    for &i in batch.iter().filter(|&&i| i < data.len()) {
        let at = (data.x[i], data.y[i]);
        draw_one(
            &mut small,
            Circle::new(at, r, RGBColor(217, 119, 6).filled()),
        )?;
        draw_one(&mut small, Circle::new(at, r, BLACK.stroke_width(1)))?;
    }
    Ok(())
}

/// Figure 6.6a: thin white arrows to where each batch of the epoch would move, and a thick
/// dashed one to their mean (the full-gradient step, scaled by 1/K).
fn draw_fan<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    race: &Race,
    run: &Run,
    style: Style,
) -> Result<(), String> {
    let Some(fan) = crate::construct::sgd_fan(run, &race.scene.objective) else {
        return Ok(());
    };
    let xy = |p: Vector| xy(&race.scene, p);
    // A batch's update is a few pixels long at the landscape's scale; like the book's inset
    // (figure 6.6a), the fan is magnified about the current point until its longest arrow is
    // about 70 px, by a round factor written beside it ("×20").
    let from = xy(fan.from);
    let ds: Vec<(f64, f64)> = fan
        .ends
        .iter()
        .map(|&e| (xy(e).0 - from.0, xy(e).1 - from.1))
        .collect();
    let zoom = magnify(chart, from, &ds, f64::from(style.px(70.0)));
    let out = |e: Vector| xy(fan.from + zoom * (e - fan.from));
    let thin = RGBAColor(255, 255, 255, 0.85).stroke_width(style.px(1.5));
    for &e in &fan.ends {
        draw_one(chart, PathElement::new(vec![xy(fan.from), out(e)], thin))?;
        draw_one(
            chart,
            Circle::new(out(e), style.px(2.5) as i32, WHITE.filled()),
        )?;
    }
    let thick = RGBColor(250, 204, 21).stroke_width(style.px(3.0));
    draw_one(
        chart,
        PathElement::new(vec![xy(fan.from), out(fan.mean)], thick),
    )?;
    draw_one(
        chart,
        Circle::new(
            out(fan.mean),
            style.px(4.0) as i32,
            RGBColor(250, 204, 21).filled(),
        ),
    )?;
    if zoom > 1.0 {
        draw_number(chart, out(fan.mean), &format!("×{zoom}"), style, false)?;
    }
    Ok(())
}

fn draw_step_extras<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    scene: &Scene,
    run: &Run,
    color: RGBColor,
    style: Style,
) -> Result<(), String> {
    let Some((prev, i)) = last_step(run) else {
        return Ok(());
    };
    if let Some(look) = i.lookahead {
        let dashed = color.mix(0.9).stroke_width(style.px(1.5));
        draw_one(
            chart,
            PathElement::new(vec![xy(scene, prev), xy(scene, look)], dashed),
        )?;
        draw_one(
            chart,
            Cross::new(
                xy(scene, look),
                style.px(5.0) as i32,
                color.stroke_width(style.px(2.0)),
            ),
        )?;
    }
    if let (Some(b), Some(g)) = (i.brackets.last(), i.gradient) {
        // The searched ray phi - s g for s in [a, d] of the final bracket.
        let at = |s: f64| xy(scene, prev - s * g);
        draw_one(
            chart,
            PathElement::new(
                vec![at(b.a), at(b.d)],
                RGBAColor(255, 255, 255, 0.9).stroke_width(style.px(4.0)),
            ),
        )?;
    }
    Ok(())
}

/// The landscape block of a figure: one panel per group of runs (labelled a), b), ... when
/// there are several), each the heatmap (or curvature map) with contours, critical points and
/// its runs; with `batch_surface`, the current batch's own surface to the right.
pub fn draw_landscapes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    race: &Race,
    look: &Look,
    style: Style,
    cells: usize,
    axes: bool,
) -> Result<(), String> {
    let scene = &race.scene;
    let surf = surface(&scene.surface(), &scene.view, cells, Batch::All, true);
    draw_landscapes_with(area, race, look, style, cells, axes, &surf)
}

/// [`draw_landscapes`] with the full-data surface already sampled (the gallery makes it over
/// several tasks).
pub fn draw_landscapes_with<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    race: &Race,
    look: &Look,
    style: Style,
    cells: usize,
    axes: bool,
    surf: &Sampled,
) -> Result<(), String> {
    let scene = &race.scene;
    let (full, batch) = if look.batch_surface {
        let (w, _) = area.dim_in_pixel();
        let (a, b) = area.split_horizontally(w / 2);
        (a, Some(b))
    } else {
        (area.clone(), None)
    };
    let objective = scene.surface();
    let curv =
        (look.curvature && !look.raster).then(|| curvature_grid(&objective, &scene.view, cells));
    let panels = split_panels(&full, look.panels.len(), style);
    for (k, ((strip, panel), runs)) in panels.iter().zip(&look.panels).enumerate() {
        let mut chart = landscape_chart(panel, scene, style, axes, look.flip)?;
        match &curv {
            _ if look.raster => {
                let fill = if look.flip {
                    RASTER_FILL_FLIPPED
                } else {
                    RASTER_FILL
                };
                let v = scene.view;
                draw_one(
                    &mut chart,
                    Rectangle::new(
                        [(v.phi0[0], v.phi1[0]), (v.phi0[1], v.phi1[1])],
                        fill.filled(),
                    ),
                )?;
            }
            Some(grid) => draw_cells(&mut chart, grid, curvature_color)?,
            None => {
                let scale = ColorScale::new(&surf.grid, look.log_colors);
                draw_cells(&mut chart, &surf.grid, |v| colormap(scale.unit(v)))?;
            }
        }
        draw_surface_marks(&mut chart, surf, style)?;
        if look.models {
            draw_model_letters(&mut chart, &surf.critical, style)?;
        }
        draw_trajectories(&mut chart, race, runs, 0, style, look)?;
        if look.panels.len() > 1 {
            draw_panel_label(strip, &panel_title(race, runs, k), style)?;
        }
    }
    if let Some(area) = batch {
        let ix: Vec<usize> = race
            .runs
            .first()
            .and_then(|r| r.current().batch.as_ref())
            .map(|b| b.indices())
            .unwrap_or_default();
        let b = if ix.is_empty() {
            Batch::All
        } else {
            Batch::Indices(&ix)
        };
        let surf = surface(&objective, &scene.view, cells, b, false);
        let mut chart = landscape_chart(&area, scene, style, axes, look.flip)?;
        let scale = ColorScale::new(&surf.grid, look.log_colors);
        draw_cells(&mut chart, &surf.grid, |v| colormap(scale.unit(v)))?;
        draw_surface_marks(&mut chart, &surf, style)?;
        let plain = Look {
            fan: false,
            ..look.clone()
        };
        draw_trajectories(&mut chart, race, &look.all_runs(race), 0, style, &plain)?;
        draw_batch_step(&mut chart, race, 0, style)?;
    }
    Ok(())
}

/// A lesson's prediction on the landscape: the predicted point or the sketched path (white
/// with a dark halo, unlike any run's colour), and once the answer is shown, a line from the
/// prediction to where the run really is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Marks {
    pub point: Option<(f64, f64)>,
    pub path: Vec<(f64, f64)>,
    /// The answer's point, joined to the prediction.
    pub target: Option<(f64, f64)>,
}

pub fn draw_marks<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    marks: &Marks,
    style: Style,
) -> Result<(), String> {
    let ink = RGBColor(20, 20, 20);
    if marks.path.len() > 1 {
        draw_one(
            chart,
            PathElement::new(marks.path.clone(), ink.stroke_width(style.px(5.0))),
        )?;
        draw_one(
            chart,
            PathElement::new(marks.path.clone(), WHITE.stroke_width(style.px(2.5))),
        )?;
    }
    if let (Some(p), Some(t)) = (marks.point, marks.target) {
        draw_one(
            chart,
            PathElement::new(vec![p, t], ink.stroke_width(style.px(4.5))),
        )?;
        draw_one(
            chart,
            PathElement::new(vec![p, t], WHITE.stroke_width(style.px(2.0))),
        )?;
    }
    for p in marks.point.iter().chain(marks.path.first()) {
        let r = style.px(6.0) as i32;
        draw_one(chart, Circle::new(*p, r + 2, ink.filled()))?;
        draw_one(chart, Circle::new(*p, r, WHITE.filled()))?;
        draw_one(chart, Circle::new(*p, r / 3 + 1, ink.filled()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A short step on a small panel (figure 6.6's batch panel on a phone): measured in whole
    /// pixels it rounded to nothing and was magnified a thousandfold, its tip far outside the
    /// panel. Now the factor leaves it about `want` pixels long, inside the view.
    #[test]
    fn a_short_step_on_a_small_panel_is_magnified_to_its_length_and_stays_in_view() {
        let mut out = String::new();
        let root =
            plotters::backend::SVGBackend::with_string(&mut out, (150, 150)).into_drawing_area();
        let chart = ChartBuilder::on(&root)
            .build_cartesian_2d(-10.0..10.0, 2.5..22.5)
            .unwrap();
        let (from, d) = ((-5.8, 9.5), (0.021, -0.056));
        let zoom = magnify(&chart, from, &[d], 45.0);
        let px = (zoom * d.0 * 7.5).hypot(zoom * d.1 * 7.5);
        assert!(zoom >= 20.0 && px <= 45.0, "×{zoom}: {px} px");
        // Near the view's edge the factor shrinks so the tip stays inside.
        let edge = magnify(&chart, (9.9, 9.5), &[(0.05, 0.0)], 45.0);
        assert!(9.9 + edge * 0.05 <= 10.0, "×{edge}");
    }
}
