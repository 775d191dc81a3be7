//! The figure drawn through plotters' SVG backend: the same drawing code as the widget's canvases.

use downhill::preset::parse;
use downhill::render::{colormap, rasterise, render_svg, Look, BOOK_COLORMAP};

fn svg(query: &str) -> String {
    let p = parse(query).preset;
    let (mut race, _) = p.build();
    race.run_to_end();
    render_svg(
        &race,
        p.total_steps(),
        (1100, 560),
        &Look::of(&p.ui, &race),
        &Default::default(),
    )
    .unwrap()
}

#[test]
fn the_figure_has_heatmap_contours_trajectories_and_labels() {
    let s = svg("preset=gabor-momentum");
    assert!(s.starts_with("<svg"));
    assert!(s.contains("Offset φ0") && s.contains("Frequency φ1"));
    assert!(s.contains("Iteration") && s.contains("Input x"));
    // Contours are joined polylines, not loose two-point segments.
    let long_contours = s
        .lines()
        .filter(|l| l.contains("<polyline") && l.contains("opacity=\"0.35\""))
        .filter(|l| l.matches(',').count() > 10)
        .count();
    assert!(long_contours >= 10, "{long_contours} long contour lines");
    // The three runs' colours are there.
    for c in ["#2563EB", "#16A34A", "#9E17AF"] {
        assert!(s.to_uppercase().contains(c), "{c}");
    }
}

#[test]
fn the_book_colormap_runs_dark_to_light() {
    assert_eq!(colormap(0.0), [0x2a, 0x09, 0x02]);
    assert_eq!(colormap(1.0), [0xff, 0xff, 0xe0]);
    assert_eq!(BOOK_COLORMAP.len(), 256);
    let grid = downhill::landscape::Grid {
        view: downhill::objective::SceneName::Linear.default_view(),
        width: 2,
        height: 1,
        values: vec![0.0, 1.0],
    };
    assert_eq!(
        rasterise(&grid, false),
        vec![0x2a, 0x09, 0x02, 255, 0xff, 0xff, 0xe0, 255]
    );
}

#[test]
fn tick_labels_are_short() {
    use downhill::render::tick;
    assert_eq!(tick(10.0), "10");
    assert_eq!(tick(2.5), "2.5");
    assert_eq!(tick(-0.0001), "-1.0e-4");
    assert_eq!(tick(15000.0), "15000");
    assert_eq!(tick(250000.0), "2.5e5");
    assert_eq!(tick(-0.0), "0");
    assert_eq!(tick(0.1 + 0.2), "0.3");
    // A narrow view's ticks stay apart (`view=1,1.001,...` read 1, 1, 1 before).
    let ticks: Vec<String> = (0..6).map(|k| tick(1.0 + 0.0002 * k as f64)).collect();
    assert_eq!(
        ticks,
        ["1", "1.0002", "1.0004", "1.0006", "1.0008", "1.001"]
    );
    assert_eq!(tick(16.03), "16.03");
}

#[test]
fn panels_draw_one_labelled_landscape_per_group() {
    let s = svg("preset=fig6.9");
    for l in [
        "a) gd, α = 0.08",
        "b) gd, α = 1",
        "c) normalized, α = 0.08",
        "d) adam, α = 0.05, β = 0.9",
    ] {
        assert!(s.contains(&format!("\n{l}\n")), "{l}");
    }
    assert!(!svg("preset=bowl-adam").contains("\na)\n"));
    assert_eq!(downhill::render::panel_grid(4, 600.0, 600.0), (2, 2));
    assert_eq!(downhill::render::panel_grid(2, 1200.0, 600.0), (2, 1));
    assert_eq!(downhill::render::panel_grid(2, 400.0, 800.0), (1, 2));
}

#[test]
fn the_figure_contains_what_the_preset_shows() {
    // Figure 6.3 hides the landscape: the SVG and the thumbnail show the data, not the heatmap.
    let s = svg("preset=fig6.3");
    assert!(s.contains("Input x") && !s.contains("Offset φ0"));
    let p = parse("preset=fig6.3").preset;
    let (race, _) = p.build();
    let look = Look::of(&p.ui, &race);
    let t = downhill::render::thumbnail_svg(&race, 120, &look).unwrap();
    assert!(
        !t.contains("<rect") || t.matches("<rect").count() < 20,
        "no heatmap cells"
    );
    // Figure 6.10 is the 1-D function; figure 6.6 adds the batch's surface beside the full one.
    assert!(!svg("preset=fig6.10").contains("Offset φ0"));
    let six = svg("preset=fig6.6");
    assert_eq!(six.matches("Offset φ0").count(), 2);
}

#[test]
fn flip_runs_phi1_downwards_as_figure_6_1_does() {
    // The y of a tick label's <text> element, by its text.
    let tick_y = |s: &str, label: &str| -> f64 {
        let at = s.find(&format!("\n{label}\n</text>")).unwrap();
        let open = s[..at].rfind("<text").unwrap();
        let y = &s[open..at];
        let y = &y[y.find(" y=\"").unwrap() + 4..];
        y[..y.find('"').unwrap()].parse().unwrap()
    };
    let book = svg("preset=fig6.1");
    assert!(tick_y(&book, "-1") < tick_y(&book, "1"), "-1 at the top");
    let plain = svg("preset=linear-linesearch");
    assert!(
        tick_y(&plain, "-1") > tick_y(&plain, "1"),
        "-1 at the bottom"
    );
}

#[test]
fn each_figure_thumbnail_shows_its_main_panel() {
    use downhill::render::Main;
    let main = |name: &str| {
        let p = parse(&format!("preset={name}")).preset;
        let (race, _) = p.build();
        Look::of(&p.ui, &race).main
    };
    assert_eq!(main("fig6.2"), Main::Data);
    assert_eq!(main("fig6.3"), Main::Data);
    assert_eq!(main("fig6.4"), Main::Landscape);
    assert_eq!(main("fig6.10"), Main::Data);
    assert_eq!(main("fig6.11"), Main::Quiz);
}

#[test]
fn the_svgs_english_axis_words_are_the_pages() {
    // The SVG figures (no browser) use render::TEXT_KEYS' English; the page uses www/strings.js.
    // They must say the same.
    let en = include_str!("../www/strings.js");
    for (key, words) in downhill::render::TEXT_KEYS {
        let quoted = [
            format!("{key}: \"{words}\""),
            format!("\"{key}\": \"{words}\""),
        ];
        assert!(
            quoted.iter().any(|q| en.contains(q.as_str())),
            "{key}: strings.js does not say \"{words}\""
        );
    }
}

#[test]
fn no_string_key_is_defined_twice_in_a_language() {
    // A second definition silently replaces the first (the gallery's heading once replaced the
    // widget's "Problems with this link").
    // The English captions are a chunk of their own, merged into the English words.
    let en = concat!(
        include_str!("../www/strings.js"),
        include_str!("../www/captions.js")
    );
    let zh = include_str!("../www/strings-zh.js");
    for table in [en, zh] {
        let mut keys: Vec<String> = Vec::new();
        for line in table.lines() {
            for part in line.split(", ") {
                let part = part.trim().trim_start_matches('"');
                if let Some((k, _)) = part.split_once(':') {
                    let k = k.trim_end_matches('"');
                    if !k.is_empty()
                        && k.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
                    {
                        keys.push(k.to_string());
                    }
                }
            }
        }
        let mut sorted = keys.clone();
        sorted.sort();
        let dups: Vec<_> = sorted
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| w[0].clone())
            .collect();
        assert!(dups.is_empty(), "defined twice: {dups:?}");
    }
}

/// An sRGB channel (0 to 255) in linear light.
fn linear(v: f64) -> f64 {
    let v = v / 255.0;
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

/// sRGB -> CIE Lab (D65), for colour distances.
fn lab(c: [f64; 3]) -> [f64; 3] {
    let [r, g, b] = c.map(linear);
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    let f = |t: f64| {
        if t > 0.008856 {
            t.cbrt()
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    [
        116.0 * f(y) - 16.0,
        500.0 * (f(x) - f(y)),
        200.0 * (f(y) - f(z)),
    ]
}

/// A colour as seen with a full dichromacy (Machado, Oliveira & Fernandes 2009, severity 1,
/// applied in linear RGB).
fn simulate(c: [f64; 3], m: &[[f64; 3]; 3]) -> [f64; 3] {
    let gamma = |v: f64| {
        let v = v.clamp(0.0, 1.0);
        255.0
            * if v <= 0.0031308 {
                12.92 * v
            } else {
                1.055 * v.powf(1.0 / 2.4) - 0.055
            }
    };
    let l = c.map(linear);
    let row = |k: usize| m[k][0] * l[0] + m[k][1] * l[1] + m[k][2] * l[2];
    [gamma(row(0)), gamma(row(1)), gamma(row(2))]
}

#[test]
fn run_colours_stay_apart_for_common_colour_vision_deficiencies_and_contrast_with_their_halo() {
    use downhill::render::{contrast, halo, MIN_RUN_DISTANCE, RUN_COLORS};
    const IDENTITY: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    const PROTAN: [[f64; 3]; 3] = [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ];
    const DEUTAN: [[f64; 3]; 3] = [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ];
    const TRITAN: [[f64; 3]; 3] = [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ];
    let rgb = |c: &plotters::style::RGBColor| [f64::from(c.0), f64::from(c.1), f64::from(c.2)];
    for (vision, m) in [
        ("normal", IDENTITY),
        ("protanopia", PROTAN),
        ("deuteranopia", DEUTAN),
        ("tritanopia", TRITAN),
    ] {
        let seen: Vec<[f64; 3]> = RUN_COLORS
            .iter()
            .map(|c| lab(simulate(rgb(c), &m)))
            .collect();
        for i in 0..seen.len() {
            for j in i + 1..seen.len() {
                let d = (0..3)
                    .map(|k| (seen[i][k] - seen[j][k]).powi(2))
                    .sum::<f64>()
                    .sqrt();
                assert!(
                    d >= MIN_RUN_DISTANCE,
                    "{vision}: runs {} and {} are {d:.1} apart",
                    i + 1,
                    j + 1
                );
            }
        }
    }
    // The palette of the first version failed this: protanopes saw runs 1 and 3 as one colour.
    let old = [[37.0, 99.0, 235.0], [192.0, 38.0, 211.0]].map(|c| lab(simulate(c, &PROTAN)));
    let d = (0..3)
        .map(|k| (old[0][k] - old[1][k]).powi(2))
        .sum::<f64>()
        .sqrt();
    assert!(d < MIN_RUN_DISTANCE, "{d}");
    for c in RUN_COLORS {
        assert!(contrast(c, halo(c)) >= 3.0, "{c:?} on its halo");
    }
}

/// Every named preset's thumbnail draws, as the gallery draws it (through a session, played to
/// its end): the ten-parameter scene included, whose landscape is a slice.
#[test]
fn every_named_preset_draws_its_thumbnail() {
    for (name, _) in downhill::preset::NAMED {
        let mut s = downhill::session::Session::new(&format!("preset={name}"));
        s.step(downhill::run::MAX_STEPS);
        let look = Look::of(&s.preset().ui, s.race());
        let t = downhill::render::thumbnail_svg(s.race(), 120, &look).unwrap();
        assert!(t.starts_with("<svg") && t.len() > 1000, "{name}");
    }
    // A sliced scene drawn straight from a built race (no session) falls back to the axes plane.
    let p = parse("preset=shallow-adam").preset;
    let (race, _) = p.build();
    assert!(downhill::render::thumbnail_svg(&race, 120, &Look::of(&p.ui, &race)).is_ok());
}

/// The gallery makes a thumbnail over several tasks (`pipeline::Thumbnail`, the code the page
/// runs): played a few steps at a time, its landscape sampled, its critical points searched a
/// seed at a time, then drawn. The picture must be the one drawn at once (the same SVG, byte for
/// byte), and the work must really come in slices.
#[test]
fn a_thumbnail_made_in_slices_is_the_one_drawn_at_once() {
    use downhill::pipeline::{Clock, Thumbnail};
    use downhill::render::{draw_thumbnail, svg, THUMBNAIL_SCALE};
    use plotters::prelude::IntoDrawingArea;
    /// A clock that moves on a millisecond each time it is read.
    struct Ticks(std::cell::Cell<f64>);
    impl Clock for Ticks {
        fn now(&self) -> f64 {
            self.0.set(self.0.get() + 1.0);
            self.0.get()
        }
    }
    for name in [
        "fig6.4",
        "fig6.6",
        "adaptive",
        "shallow-race",
        "fig6.3",
        "logistic",
    ] {
        let q = format!("preset={name}");
        let mut once = downhill::session::Session::new(&q);
        once.step(downhill::run::MAX_STEPS);
        let look = Look::of(&once.preset().ui, once.race());
        let want = downhill::render::thumbnail_svg(once.race(), 120, &look).unwrap();

        let mut t = Thumbnail::new(&q);
        let clock = Ticks(Default::default());
        let mut calls = 1;
        while !t.work(4.0, &clock) {
            calls += 1;
        }
        let s = t.session();
        let look = Look::of(&s.preset().ui, s.race());
        if look.main == downhill::render::Main::Landscape {
            assert!(calls > 3, "{name}: made in {calls} calls of 4 ticks");
        }
        let mut got = String::new();
        {
            let root = svg(&mut got, (120, 120)).into_drawing_area();
            draw_thumbnail(&root, s.race(), &look, THUMBNAIL_SCALE, t.surface()).unwrap();
        }
        assert_eq!(got, want, "{name}");
    }
}

/// Figure 6.11's functions are drawn at four times their size and shown at the asked one, so
/// the curves are not stepped by whole pixels (issue 19: "visibly jagged").
#[test]
fn the_quiz_svg_keeps_fine_coordinates_at_the_asked_size() {
    let svg = downhill::render::quiz_svg(900, 260, &downhill::render::Texts::default()).unwrap();
    let head = &svg[..svg.find('>').unwrap()];
    assert!(head.contains(r#"width="900" height="260""#), "{head}");
    // Axes are drawn at the fine size too: no hairline.
    assert!(!svg
        .lines()
        .any(|l| !l.contains(r#"stroke="none""#) && l.contains(r#"stroke-width="1""#)));
    assert!(head.contains(r#"viewBox="0 0 3600 1040""#), "{head}");
    // The curve's polyline: many distinct fine x positions per shown pixel column.
    let line = svg
        .split("<polyline")
        .find(|l| l.contains("#0891B2"))
        .unwrap();
    let xs: std::collections::BTreeSet<i64> = line
        .split("points=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .split_whitespace()
        .filter_map(|p| p.split(',').next()?.parse::<f64>().ok())
        .map(|x| x as i64)
        .collect();
    assert!(xs.len() > 150, "{} distinct x", xs.len());
}

/// Figure 6.4 b)–f): with `models=1` the loss panel shows the model at each marked minimum,
/// titled with its letter and loss, the global minimum first, and the landscape letters the
/// same minima; without it, the loss panel as ever.
#[test]
fn figure_6_4_draws_the_model_at_each_lettered_minimum() {
    let s = svg("preset=fig6.4");
    let titles = [
        "b) Loss = 0.65",
        "c) Loss = 3.36",
        "d) Loss = 3.67",
        "e) Loss = 5.04",
    ];
    for t in titles {
        assert!(s.contains(t), "{t}");
    }
    assert!(
        !s.contains("Iteration"),
        "the models take the loss panel's place"
    );
    for letter in ["b", "c", "d", "e", "f", "g"] {
        let text = format!(">\n{letter}\n</text>");
        assert_eq!(
            s.matches(&text).count(),
            2,
            "the landscape's {letter}, on its shadow"
        );
    }
    assert!(!s.contains("h) Loss"), "at most six");
    let plain = svg("preset=fig6.4&models=0");
    assert!(plain.contains("Iteration") && !plain.contains("b) Loss"));
}

/// Figure 6.10 a)–c): with `stages=1` the 1-D function is drawn three times, the bracket of
/// each of the last three steps shaded in its own panel; a step earlier, two panels; without it,
/// one panel with the last step's bracket.
#[test]
fn figure_6_10_draws_the_last_three_brackets_side_by_side() {
    let s = svg("preset=fig6.10");
    for t in ["a) step 1", "b) step 2", "c) step 3"] {
        assert!(s.contains(t), "{t}");
    }
    assert_eq!(
        s.matches("L(φ0)").count(),
        3,
        "three panels with their axes"
    );
    let two = svg("preset=fig6.10&steps=2");
    assert!(two.contains("b) step 2") && !two.contains("c) step"));
    let later = svg("preset=fig6.10&steps=7");
    assert!(later.contains("a) step 5") && later.contains("c) step 7"));
    let one = svg("preset=fig6.10&stages=0");
    assert!(!one.contains("a) step") && one.matches("L(φ0)").count() == 1);
}

/// Figure 6.6 b)–d) on the batch's own surface: the last step as a white arrow (magnified and
/// its factor written when short, as the fan is) and an inset of the model before the step
/// (dashed, light) and after it (solid, dark); not before the first step. Panels b)-d)
/// (`batches=1`) draw the same inset for each of their batches.
#[test]
fn figure_6_6_shows_the_batch_step_and_its_models() {
    let s = svg("preset=fig6.6").to_uppercase();
    let (light, dark) = ("STROKE=\"#6EC8D2\"", "STROKE=\"#1E405A\"");
    assert!(s.matches(light).count() >= 10, "the model before, dashed");
    // One model after the step per batch panel: the current batch's, and b)-d)'s three.
    assert_eq!(
        s.matches(dark).count(),
        4,
        "the model after, one line a panel"
    );
    let one = svg("preset=fig6.6&batches=0").to_uppercase();
    assert_eq!(one.matches(dark).count(), 1, "without b)-d), one");
    assert!(
        s.matches('×').count() >= 2,
        "the fan's factor and the step's"
    );
    let start = svg("preset=fig6.6&steps=0&batches=0").to_uppercase();
    assert!(!start.contains(light) && !start.contains(dark));
}

/// Figure 6.1b: with `view3d=1` the loss panel is the loss as a surface, quads in the
/// landscape's colours with the path's points 0 to 4 numbered on it; a drag turns it and the
/// picture follows; a drag that is not a number changes nothing.
#[test]
fn figure_6_1_draws_the_loss_as_a_surface_that_turns() {
    use downhill::render::Turn;
    let s = svg("preset=fig6.1");
    assert!(s.contains("Loss L[φ] as a surface"));
    assert!(s.matches("<polygon").count() >= 24 * 24, "every quad");
    assert!(
        !s.contains("Iteration"),
        "the surface takes the loss panel's place"
    );
    let turned = Turn::default().dragged(90.0, 30.0);
    assert!(turned.yaw > Turn::default().yaw && turned.pitch > Turn::default().pitch);
    assert_eq!(Turn::default().dragged(f64::NAN, 0.0), Turn::default());
    assert!(Turn::default().dragged(0.0, 1e9).pitch <= std::f64::consts::FRAC_PI_2);
    let plain = svg("preset=fig6.1&view3d=0");
    assert!(plain.contains("Iteration") && !plain.contains("as a surface"));
}
