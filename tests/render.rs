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
    for c in ["#2563EB", "#16A34A", "#C026D3"] {
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
}

#[test]
fn panels_draw_one_labelled_landscape_per_group() {
    let s = svg("preset=fig6.9");
    for l in [
        "a) gd, α = 0.08",
        "b) gd, α = 1",
        "c) normalized, α = 0.08",
        "d) adam, α = 0.05",
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
    let en = include_str!("../www/strings.js");
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
