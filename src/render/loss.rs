//! The loss panel: full-data loss against iteration, epoch boundaries, the learning rate.

use super::*;

/// Full-data loss against iteration for every run (log scale optional), with the selected run's
/// epoch boundaries dashed.
pub fn draw_loss<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    race: &Race,
    selected: usize,
    steps: usize,
    style: Style,
    look: &Look,
) -> Result<(), String> {
    let log = look.log_loss;
    let tr = |v: f64| if log { libm::log10(v.max(1e-12)) } else { v };
    let values: Vec<f64> = race
        .runs
        .iter()
        .flat_map(|r| r.history().iter().map(|p| tr(p.loss)))
        .collect();
    let (mut lo, mut hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    if !(lo.is_finite() && hi.is_finite()) {
        (lo, hi) = (0.0, 1.0);
    }
    if hi - lo < 1e-9 {
        hi = lo + 1.0;
    }
    let pad = 0.05 * (hi - lo);
    // Each point's place on the x axis: its iteration, or (epochs=1) the samples its run has
    // processed by then over N, so a full batch and a minibatch compare at equal cost.
    let n = race.scene.objective.n_samples().max(1) as f64;
    let xs: Vec<Vec<f64>> = race
        .runs
        .iter()
        .map(|r| {
            let mut seen = 0.0;
            r.history()
                .iter()
                .map(|p| {
                    if !look.epochs {
                        return p.t as f64;
                    }
                    seen += p.batch.as_ref().map_or(0.0, |b| b.samples() as f64);
                    seen / n
                })
                .collect()
        })
        .collect();
    let xmax = if look.epochs {
        race.runs
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let limit = race.limits.get(i).copied().unwrap_or(steps).min(steps);
                limit as f64 * r.config.batch.map_or(n, |b| (b as f64).min(n)) / n
            })
            .fold(0.0, f64::max)
            .max(1e-9)
    } else {
        steps.max(1) as f64
    };
    let rmax = race
        .runs
        .iter()
        .flat_map(|r| r.history().iter().filter_map(|p| p.rate))
        .filter(|r| r.is_finite())
        .fold(0.0, f64::max);
    let rmax = if rmax > 0.0 { rmax * 1.1 } else { 1.0 };
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(8.0))
        .margin_right(style.px(18.0))
        .x_label_area_size(style.px(30.0))
        .y_label_area_size(style.px(50.0))
        .right_y_label_area_size(style.px(if look.rate { 46.0 } else { 0.0 }))
        .build_cartesian_2d(0.0..xmax, (lo - pad)..(hi + pad))
        .map_err(err)?
        .set_secondary_coord(0.0..xmax, 0.0..rmax);
    let fmt_y = |v: &f64| {
        if log {
            format!("1e{v:.1}")
        } else {
            tick(*v)
        }
    };
    let x_desc = style.text.get(if look.epochs {
        "epochAxis"
    } else {
        "iteration"
    });
    let y_desc = style.text.get(if log { "lossLogAxis" } else { "lossAxis" });
    let a = Axes {
        desc: [x_desc, y_desc],
        labels: [6, 5],
        grid: true,
        font: 10.0,
        y: &fmt_y,
    };
    draw_axes(&mut chart, style, a)?;
    if let Some(run) = race.runs.get(selected) {
        // Epoch boundaries: every K steps, or every whole epoch on an axis of epochs.
        let k = if look.epochs {
            1
        } else {
            run.batches_per_epoch()
        };
        if k > 1 || (look.epochs && xmax <= 60.0) {
            let dash = RGBColor(160, 160, 160).stroke_width(1);
            let lines = (1..).map(|e| (e * k) as f64).take_while(|&x| x < xmax);
            chart
                .draw_series(
                    lines.map(|x| PathElement::new(vec![(x, lo - pad), (x, hi + pad)], dash)),
                )
                .map_err(err)?;
        }
    }
    for (i, (run, x)) in race.runs.iter().zip(&xs).enumerate() {
        let c = RUN_COLORS[i % RUN_COLORS.len()];
        chart
            .draw_series(LineSeries::new(
                run.history().iter().zip(x).map(|(p, &x)| (x, tr(p.loss))),
                c.stroke_width(style.px(2.0)),
            ))
            .map_err(err)?;
        // The current loss as a dot, so the chart is not empty at step 0.
        let p = run.current();
        let at = x.last().copied().unwrap_or(0.0);
        draw_one(
            &mut chart,
            Circle::new((at, tr(p.loss)), style.px(3.5) as i32, c.filled()),
        )?;
    }
    if look.rate {
        // Section 6.2.2: each step's learning rate alpha_t, dashed, on the right axis.
        chart
            .configure_secondary_axes()
            .y_desc(style.text.get("rateAxis"))
            .y_labels(5)
            .y_label_formatter(&|v| tick(*v))
            .label_style(style.font(10.0))
            .axis_desc_style(style.font(11.0))
            .draw()
            .map_err(err)?;
        for (i, (run, x)) in race.runs.iter().zip(&xs).enumerate() {
            let c = RUN_COLORS[i % RUN_COLORS.len()];
            let pts: Vec<(f64, f64)> = run
                .history()
                .iter()
                .zip(x)
                .filter_map(|(p, &x)| p.rate.map(|r| (x, r)))
                .collect();
            let dashes = pts.chunks(2).filter(|w| w.len() == 2).map(|w| {
                PathElement::new(vec![w[0], w[1]], c.mix(0.7).stroke_width(style.px(1.5)))
            });
            chart.draw_secondary_series(dashes).map_err(err)?;
        }
    }
    Ok(())
}
