//! The landscape pipeline's decisions, natively (the page only draws what it says): the order
//! of a fresh surface's stages, what is kept when only the colours change, the last landscape
//! kept on show while the next is made, a dragged point's coarse sampling, and figure 6.6's
//! batch surface waiting for room in a frame. A clock that moves on with every reading stands
//! for the page's `performance.now()`, so "a slice of a frame" is a number of readings.

use downhill::landscape::{contours, critical_points, sample, CRITICAL_SEEDS};
use downhill::objective::Batch;
use downhill::pipeline::{Begin, Clock, Pipeline};
use downhill::session::{Edit, Session};
use std::cell::Cell;

/// Moves on `step` milliseconds each time it is read.
struct Ticks {
    t: Cell<f64>,
    step: f64,
}

impl Ticks {
    fn new(step: f64) -> Ticks {
        Ticks {
            t: Cell::new(0.0),
            step,
        }
    }
}

impl Clock for Ticks {
    fn now(&self) -> f64 {
        self.t.set(self.t.get() + self.step);
        self.t.get()
    }
}

/// One frame as the page runs it (without a batch panel): what it began with, and whether more
/// was left.
fn frame(p: &mut Pipeline, s: &Session, left: f64, clock: &Ticks) -> (Begin, bool) {
    let begin = p.begin(s, clock);
    let more = if begin.moving {
        p.finish(s, left, clock)
    } else {
        true
    };
    (begin, more)
}

/// Frames until nothing is left, at most `limit`: the sequence of what each began with.
fn settle(p: &mut Pipeline, s: &Session, clock: &Ticks, limit: usize) -> Vec<Begin> {
    let mut seen = Vec::new();
    loop {
        let (begin, more) = frame(p, s, 8.0, clock);
        seen.push(begin);
        assert!(seen.len() < limit, "still busy after {limit} frames");
        if !more {
            return seen;
        }
    }
}

const MOVING: Begin = Begin {
    background: false,
    moving: true,
};

#[test]
fn a_fresh_landscape_comes_in_stages_and_is_the_one_made_at_once() {
    let s = Session::new("scene=gabor");
    let mut p = Pipeline::default();
    let clock = Ticks::new(1.0);
    let frames = settle(&mut p, &s, &clock, 10_000);
    // Grids in slices (moving parts each frame), then contours and colours: no background yet.
    let first_bg = frames.iter().position(|b| b.background).unwrap();
    assert!(first_bg > 10, "the grids took only {first_bg} frames");
    assert!(frames[..first_bg].iter().all(|b| *b == MOVING));
    // The fresh surface's background is a frame of its own...
    assert_eq!(
        frames[first_bg],
        Begin {
            background: true,
            moving: false
        }
    );
    // ... then the critical-point search goes on in slices, and its marks bring the background
    // once more (a frame of its own too), and a last frame of moving parts says all is done.
    let rest = &frames[first_bg + 1..];
    let marks = rest.iter().position(|b| b.background).unwrap();
    assert!(marks > 2, "the critical points took {marks} frames");
    assert!(!rest[marks].moving);
    assert_eq!(rest[marks + 1..], [MOVING], "{frames:?}");
    assert!(p.painted(&s));

    let surf = p.surface().unwrap();
    let scene = &s.race().scene;
    let (o, v) = (scene.surface(), scene.view);
    let n = surf.sampled.grid.width;
    assert_eq!(
        n,
        downhill::pipeline::HEAT_CELLS,
        "30 points: the full grid"
    );
    assert_eq!(surf.sampled.grid, sample(&o, &v, n, n, Batch::All));
    assert_eq!(surf.sampled.contours, contours(&o, &v, Batch::All));
    assert_eq!(
        surf.sampled.critical,
        critical_points(&o, &v, CRITICAL_SEEDS)
    );
    assert_eq!(
        surf.rgba,
        downhill::render::rasterise(&surf.sampled.grid, false)
    );
    // Heavier data get a coarser grid for about the same cost.
    let heavy: String = (0..200)
        .map(|i| format!("{},{}", i as f64 * 0.1 - 10.0, (i as f64 * 0.37).sin()))
        .collect::<Vec<_>>()
        .join(";");
    let s = Session::new(&format!("scene=gabor&data={heavy}"));
    let mut p = Pipeline::default();
    settle(&mut p, &s, &clock, 100_000);
    assert_eq!(p.surface().unwrap().sampled.grid.width, 99);
}

#[test]
fn new_colours_recolour_at_once_and_keep_the_samples() {
    let mut s = Session::new("scene=gabor");
    let mut p = Pipeline::default();
    let clock = Ticks::new(1.0);
    settle(&mut p, &s, &clock, 10_000);
    let before = p.surface().unwrap().sampled.clone();
    s.apply(Edit::Ui {
        key: "logc".into(),
        value: "1".into(),
    })
    .unwrap();
    assert!(!p.painted(&s));
    let read = clock.t.get();
    let (begin, _) = frame(&mut p, &s, 8.0, &clock);
    assert!(begin.background, "re-coloured in the first frame");
    let after = &p.surface().unwrap();
    assert_eq!(after.sampled.grid, before.grid);
    assert_eq!(after.sampled.critical, before.critical);
    assert_eq!(after.rgba, downhill::render::rasterise(&before.grid, true));
    assert!(clock.t.get() - read < 10.0, "nothing was sampled");
    assert!(p.painted(&s));
}

#[test]
fn a_new_view_is_made_in_stages_while_the_last_landscape_stays_on_show() {
    let mut s = Session::new("scene=gabor");
    let mut p = Pipeline::default();
    let clock = Ticks::new(1.0);
    settle(&mut p, &s, &clock, 10_000);
    let old = p.surface().unwrap().sampled.grid.clone();
    s.apply(Edit::Load {
        query: "scene=gabor&view=-5,5,0,20".into(),
    })
    .unwrap();
    let (begin, more) = frame(&mut p, &s, 8.0, &clock);
    assert_eq!(begin, MOVING);
    assert!(more);
    assert_eq!(
        p.surface().unwrap().sampled.grid,
        old,
        "the last one on show"
    );
    let frames = settle(&mut p, &s, &clock, 10_000);
    assert!(frames.len() > 10);
    assert_ne!(p.surface().unwrap().sampled.grid, old);
    assert!(p.painted(&s));
    // The critical points are those of the new view.
    let scene = &s.race().scene;
    assert_eq!(
        p.critical(),
        &critical_points(&scene.surface(), &scene.view, CRITICAL_SEEDS)[..]
    );
}

#[test]
fn a_dragged_point_is_sampled_at_once_coarser_on_a_slow_machine_and_in_full_on_release() {
    let mut s = Session::new("scene=gabor");
    let mut p = Pipeline::default();
    settle(&mut p, &s, &Ticks::new(1.0), 10_000);
    let full = p.surface().unwrap().sampled.grid.width;
    p.set_dragging(true);
    // A slow machine: every reading of the clock is 6 ms later (a re-sample reads it twice).
    let slow = Ticks::new(6.0);
    let mut widths = Vec::new();
    for k in 0..4 {
        s.apply(Edit::MovePoint {
            i: 0,
            x: -10.0 + k as f64,
            y: 0.5,
        })
        .unwrap();
        let (begin, _) = frame(&mut p, &s, 8.0, &slow);
        assert!(
            begin.background && begin.moving,
            "drawn at once, with the runs"
        );
        assert!(p.critical().is_empty(), "no search while dragging");
        widths.push(p.surface().unwrap().sampled.grid.width);
    }
    assert_eq!(widths, [full / 2, full / 4, full / 8, full / 8]);
    assert_eq!(p.drag_coarse(), 8);
    // A fast one comes back finer.
    let fast = Ticks::new(0.001);
    s.apply(Edit::MovePoint {
        i: 0,
        x: -5.0,
        y: 0.5,
    })
    .unwrap();
    frame(&mut p, &s, 8.0, &fast);
    assert_eq!(p.drag_coarse(), 4);
    // On release the full landscape is made again, in stages, with its critical points.
    p.set_dragging(false);
    assert!(p.surface().is_none());
    settle(&mut p, &s, &Ticks::new(1.0), 10_000);
    assert_eq!(p.surface().unwrap().sampled.grid.width, full);
    assert!(!p.critical().is_empty());
}

#[test]
fn figure_6_6s_batch_surface_waits_for_room_in_a_frame_but_never_more_than_two() {
    let mut s = Session::new("preset=fig6.6");
    let mut p = Pipeline::default();
    let clock = Ticks::new(1.0);
    settle(&mut p, &s, &clock, 10_000);
    let mut drawn = Vec::new();
    let batch = |p: &mut Pipeline, s: &Session, left: f64| {
        let mut got = None;
        p.batch(s, true, left, &clock, |surf| {
            got = Some(surf.key.clone());
            Ok::<(), ()>(())
        })
        .unwrap();
        got.is_some()
    };
    // Before the first step it is the first step's batch, drawn once; the first step takes
    // that batch, so nothing is new after it.
    assert!(batch(&mut p, &s, 100.0));
    assert!(!batch(&mut p, &s, 100.0), "nothing new");
    s.step(1);
    assert!(!batch(&mut p, &s, 100.0), "the batch the first step took");
    s.step(1);
    assert!(batch(&mut p, &s, 100.0), "a new batch with room for it");
    // No room: it waits two frames, then is made anyway.
    s.step(1);
    for _ in 0..2 {
        drawn.push(batch(&mut p, &s, 0.0));
        assert!(
            p.finish(&s, 8.0, &clock),
            "a frame is asked for the waiting batch"
        );
    }
    drawn.push(batch(&mut p, &s, 0.0));
    assert_eq!(drawn, [false, false, true]);
    // Without the panel, nothing is made.
    s.step(1);
    assert!(p.batch(&s, false, 100.0, &clock, |_| Err(())).is_ok());
}
