//! The widget's picture as layers, on any backend: the landscape's background (redrawn when
//! the surface changes), the moving overlay (every frame), and the data and loss panels. The
//! page's canvases (`web`) hold one layer each; what is backend-specific there is only the
//! raster's blit, passed in as a function.

use super::hit::Frame;
use super::*;

/// The landscape's background: paper, each panel's axes, the raster placed by `blit` into the
/// plot rectangle it is given (the raster's row 0 is the largest `phi1`; `look.flip` says the
/// axis runs downwards), contours, critical points and the panels' titles. Returns each panel's
/// frame for hit-testing.
pub fn draw_background<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    race: &Race,
    surf: &Sampled,
    style: Style,
    look: &Look,
    mut blit: impl FnMut(Frame) -> Result<(), String>,
) -> Result<Vec<Frame>, String> {
    root.fill(&style.palette.paper).map_err(err)?;
    let groups = &look.panels;
    let mut frames = Vec::with_capacity(groups.len());
    for (k, (strip, area)) in split_panels(root, groups.len(), style).iter().enumerate() {
        let mut chart = landscape_chart(area, &race.scene, style, true, look.flip)?;
        let frame = Frame::of(&chart);
        blit(frame)?;
        draw_surface_marks(&mut chart, surf, style)?;
        if look.models {
            draw_model_letters(&mut chart, &surf.critical, style)?;
        }
        if let (true, Some(runs)) = (groups.len() > 1, groups.get(k)) {
            draw_panel_label(strip, &panel_title(race, runs, k), style)?;
        }
        frames.push(frame);
    }
    Ok(frames)
}

/// The moving layer over a landscape's background (cleared by the caller): each panel's runs
/// and, on the full landscape (`full`), figure 6.6a's fan and a lesson's `marks`. The batch
/// surface beside it (`full` false) shows every run in one panel. Returns the panels' frames.
pub fn draw_overlay<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    race: &Race,
    selected: usize,
    style: Style,
    look: &Look,
    marks: &Marks,
    full: bool,
) -> Result<Vec<Frame>, String> {
    let plain;
    let (groups, look) = if full {
        (&look.panels, look)
    } else {
        plain = Look {
            fan: false,
            panels: vec![look.all_runs(race)],
            ..look.clone()
        };
        (&plain.panels, &plain)
    };
    let mut frames = Vec::with_capacity(groups.len());
    for ((_, area), runs) in split_panels(root, groups.len(), style).iter().zip(groups) {
        let mut chart = landscape_chart(area, &race.scene, style, false, look.flip)?;
        frames.push(Frame::of(&chart));
        draw_trajectories(&mut chart, race, runs, selected, style, look)?;
        if full {
            draw_marks(&mut chart, marks, style)?;
        } else {
            draw_batch_step(&mut chart, race, selected, style)?;
        }
    }
    Ok(frames)
}

/// The data panel on its own paper; returns its chart's frame for hit-testing.
pub fn draw_data_panel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    race: &Race,
    selected: usize,
    style: Style,
    look: &Look,
) -> Result<Frame, String> {
    root.fill(&style.palette.paper).map_err(err)?;
    draw_data(root, race, selected, style, look)?;
    Ok(Frame::of(&data_chart(root, &race.scene, style, false)?))
}

/// The loss panel on its own paper; with `look.models`, figure 6.4's models at the landscape's
/// marked minima (`critical`) instead.
pub fn draw_loss_panel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    race: &Race,
    (selected, steps): (usize, usize),
    style: Style,
    look: &Look,
    critical: &[CriticalPoint],
) -> Result<(), String> {
    root.fill(&style.palette.paper).map_err(err)?;
    if look.models {
        return draw_models(root, race, critical, style);
    }
    if look.batches && draw_batches(root, race, selected, style)? {
        return Ok(());
    }
    if let Some(turn) = look.view3d {
        return draw_surface3d(root, race, style, look, turn);
    }
    draw_loss(root, race, selected, steps, style, look)
}
