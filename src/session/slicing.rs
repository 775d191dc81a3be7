//! The plane a sliced scene's landscape panel shows (issue: the shallow network of Problem 6.5).
//!
//! The plane follows the presentation keys `slice=`, `center=` and `follow=`, and the selected
//! run: its start, its current iterate or the stationary point Newton's method reaches from
//! there; random, principal or Hessian directions, or two parameters' axes. The view is fitted
//! to the runs' projections (at least Li et al.'s [-1, 1]² around the centre) unless the link
//! sets `view=`.

use super::Session;
use crate::objective::slice::{Center, Directions};
pub use crate::planes::{choose_plane, fitted_view, measure, SliceInfo};

/// Steps between re-slices while the plane follows the run (`follow=1`).
pub const FOLLOW_EVERY: usize = 10;

impl Session {
    /// The current plane's description (`None` for two-parameter scenes).
    pub fn slice_info(&self) -> Option<&SliceInfo> {
        self.slice.as_ref()
    }

    /// Chooses the plane anew from the presentation keys and the selected run; returns whether it
    /// changed (the page then re-samples the landscape). Two-parameter scenes have none.
    pub fn reslice(&mut self) -> bool {
        if !self.race.scene.name.is_sliced() {
            self.race.scene.plane = None;
            self.slice = None;
            return false;
        }
        let ui = &self.preset.ui;
        let center = if ui.follow {
            Center::Current
        } else {
            ui.center.unwrap_or_default()
        };
        let (plane, mut info) = choose_plane(
            &self.race,
            ui.slice.unwrap_or_default(),
            center,
            self.selected,
        );
        let changed = self.race.scene.plane != Some(plane);
        self.race.scene.plane = Some(plane);
        measure(&self.race.scene, &self.race.runs, &mut info);
        if self.preset.view.is_none() {
            self.race.scene.view = fitted_view(&info);
        }
        self.slice = Some(info);
        changed
    }

    /// After steps: re-slices when the plane follows the run (every [`FOLLOW_EVERY`] steps), and
    /// once more when the race has finished if the plane is the path's (`pca`) or centred on the
    /// current iterate (or where Newton's method goes from it), so it is the whole path's and
    /// its end's. Returns whether it changed.
    pub(super) fn after_steps(&mut self) -> bool {
        let Some(info) = &self.slice else {
            return false;
        };
        let steps = self.race.runs[self.selected].steps_taken();
        let ui = &self.preset.ui;
        let due = (ui.follow && steps >= info.at_step + FOLLOW_EVERY)
            || ((ui.slice == Some(Directions::Pca)
                || matches!(ui.center, Some(Center::Current | Center::Critical)))
                && self.race.finished()
                && steps != info.at_step);
        if due {
            return self.reslice();
        }
        let mut info = info.clone();
        measure(&self.race.scene, &self.race.runs, &mut info);
        self.slice = Some(info);
        false
    }
}
