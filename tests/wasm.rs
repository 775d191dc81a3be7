//! The exported `Widget` handle, in headless Chromium (`cargo test --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use downhill::web::{trace_query, Widget};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlCanvasElement;

wasm_bindgen_test_configure!(run_in_browser);

fn canvas(w: u32, h: u32) -> HtmlCanvasElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    c.set_attribute("style", &format!("width:{w}px;height:{h}px;display:block"))
        .unwrap();
    doc.body().unwrap().append_child(&c).unwrap();
    c
}

#[wasm_bindgen_test]
fn trace_matches_the_core_bit_for_bit() {
    let q = "preset=gabor-momentum";
    let mut w = Widget::new(q);
    while w.step(7) {}
    assert!(w.finished());
    assert_eq!(w.trace(), trace_query(q).unwrap());
    assert_eq!(w.trace(), downhill::trace_query(q).unwrap());
}

#[wasm_bindgen_test]
fn bad_queries_report_and_keep_a_working_widget() {
    let mut w = Widget::new("scene=gabor&alpha=oops&opt=adam&steps=5");
    let problems = w.problems();
    let first =
        js_sys::Reflect::get(&js_sys::Array::from(&problems).get(0), &"key".into()).unwrap();
    assert_eq!(first.as_string().unwrap(), "alpha");
    assert!(w.step(5));
    assert!(w.query().contains("opt=adam"));
    // A refused change leaves the last good state alone.
    let before = w.query();
    assert!(w.set(-1, "beta", "2").is_some());
    assert!(w.set(0, "alpha", "NaN").is_some());
    assert_eq!(w.query(), before);
    assert!(w.set(0, "alpha", "0.01").is_none());
    assert!(w.query().contains("alpha=0.01"));
}

#[wasm_bindgen_test]
fn draws_on_canvases_and_maps_pixels_to_parameters() {
    let mut w = Widget::new("scene=linear&opt=linesearch&steps=10");
    w.attach(
        canvas(300, 300),
        canvas(300, 300),
        canvas(300, 150),
        canvas(300, 150),
    )
    .unwrap();
    w.resize(1.0);
    w.draw().unwrap();
    w.step(10);
    w.draw().unwrap();
    // The centre of the landscape canvas lies inside the view [0,2] x [-1,1].
    let p = w.landscape_at(150.0, 150.0);
    assert_eq!(p.len(), 2);
    assert!(
        (0.0..2.0).contains(&p[0]) && (-1.0..1.0).contains(&p[1]),
        "{p:?}"
    );
    assert!(w.landscape_at(-50.0, -50.0).is_empty());
    assert!(w.resample_ms() >= 0.0);
}

#[wasm_bindgen_test]
fn dragging_data_and_start_restarts_the_runs() {
    let mut w = Widget::new("scene=linear&opt=gd&alpha=0.01&steps=20");
    w.step(20);
    assert!(w.finished());
    assert!(w.move_point(0, 0.5, 1.9));
    assert!(!w.finished());
    assert_eq!(w.data()[0..2], [0.5, 1.9]);
    assert!(w.query().contains("data=0.5,1.9;"));
    assert_eq!(w.add_point(1.0, 1.0), 12);
    assert!(w.remove_point(12));
    assert!(w.set_start(0.2, 0.3).is_none());
    assert!(w.query().contains("start=0.2,0.3"));
    assert!(w.set_start(f64::NAN, 0.0).is_some());
}

#[wasm_bindgen_test]
fn runs_can_be_added_and_removed_up_to_six() {
    let mut w = Widget::new("scene=bowl");
    for opt in ["adam", "momentum", "rmsprop", "adagrad", "newton"] {
        assert!(w.add_run(opt).is_none(), "{opt}");
    }
    assert!(w.add_run("gd").is_some());
    w.remove_run(1);
    assert_eq!(w.query().matches("run=").count(), 5);
}

#[wasm_bindgen_test]
fn numerics_are_bit_identical_to_native() {
    // Values computed by the native build (glibc machine); the wasm build must give the same bits.
    let mut r = downhill::rng::Rng::new(0);
    assert_eq!(r.next_u64(), 0x99ec5f36cb75f2b4);
    for (scene, a, b, bits) in [
        ("gabor", 0.6, -0.2, 0x40306b381f4c021du64),
        ("logistic", 0.3, 1.1, 0x401d408c2a563078),
        ("bowl", -0.7, -0.9, 0x3feb0b171a88a39d),
    ] {
        let s = downhill::Scene::new(downhill::SceneName::parse(scene).unwrap());
        let loss = s.objective.loss(downhill::Vec2::new(a, b));
        assert_eq!(loss.to_bits(), bits, "{scene}");
    }
}
