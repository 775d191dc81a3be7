//! The exported `Widget` handle, in headless Chromium (`cargo test --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use downhill::web::{Drawn, Export, Hit, Probe, Thumbnail, View, Widget};
use wasm_bindgen::{JsCast, JsValue};
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
    assert!(finished(&w));
    let trace = w.export(Export::Trace, 0, 0, None);
    assert_eq!(trace, downhill::trace_query(q).unwrap());
}

#[wasm_bindgen_test]
fn bad_queries_report_and_keep_a_working_widget() {
    let mut w = Widget::new("scene=gabor&alpha=oops&opt=adam&steps=5");
    let problems = w.view(View::Problems);
    // The core's own message: key and value quoted, escaped and cut.
    let first =
        js_sys::Reflect::get(&js_sys::Array::from(&problems).get(0), &"text".into()).unwrap();
    assert!(first.as_string().unwrap().starts_with("alpha = \"oops\": "));
    assert!(w.step(5));
    assert!(w.query().contains("opt=adam"));
    // A refused change leaves the last good state alone and says why.
    let before = w.query();
    let e = edit(&mut w, "kind=set&run=&key=beta&value=2");
    assert!(e.as_string().unwrap().contains("beta"));
    assert!(edit(&mut w, "kind=set&run=0&key=alpha&value=NaN").is_string());
    assert!(edit(&mut w, "kind=no+such+edit").is_string());
    assert_eq!(w.query(), before);
    assert!(edit(&mut w, "kind=set&run=0&key=alpha&value=0.01").is_undefined());
    assert!(w.query().contains("alpha=0.01"));
}

/// Sends one edit through the boundary, as the page does: a plain object of its fields (here
/// all text; the page's numbers cross as numbers).
fn edit(w: &mut Widget, query: &str) -> JsValue {
    let fields = js_sys::Object::new();
    for (k, v) in downhill::preset::query_pairs(query) {
        js_sys::Reflect::set(&fields, &k.into(), &v.into()).unwrap();
    }
    w.edit(fields.into())
}

fn finished(w: &Widget) -> bool {
    js_sys::Reflect::get(&w.view(View::Readout), &"finished".into())
        .unwrap()
        .is_truthy()
}

/// An edit whose fields are numbers, flags and arrays crosses as it is: no text in between.
#[wasm_bindgen_test]
fn edits_cross_as_plain_objects_with_numbers() {
    let mut w = Widget::new("scene=linear&opt=gd&steps=5");
    let start = js_sys::Object::new();
    for (k, v) in [
        ("kind", JsValue::from("start")),
        ("phi0", JsValue::from(0.1 + 0.2)),
        ("phi1", JsValue::from(-1.5)),
    ] {
        js_sys::Reflect::set(&start, &k.into(), &v).unwrap();
    }
    assert!(w.edit(start.into()).is_undefined());
    // 0.1 + 0.2 = 0.30000000000000004: the number itself, to the last bit.
    assert!(
        w.query().contains("start=0.30000000000000004,-1.5"),
        "{}",
        w.query()
    );
    // Not an object, no kind, a field of the wrong type: a message, never a trap.
    assert!(w.edit(JsValue::from("kind=reset")).is_string());
    assert!(w.edit(js_sys::Object::new().into()).is_string());
    let bad = js_sys::Object::new();
    js_sys::Reflect::set(&bad, &"kind".into(), &"select".into()).unwrap();
    js_sys::Reflect::set(&bad, &"run".into(), &js_sys::Object::new()).unwrap();
    assert!(w.edit(bad.into()).is_string());
    assert!(w.query().contains("start=0.30000000000000004,-1.5"));
}

#[wasm_bindgen_test]
fn draws_on_canvases_and_maps_pixels_to_parameters() {
    let mut w = Widget::new("scene=linear&opt=linesearch&steps=10");
    w.attach(
        canvas(300, 300),
        canvas(300, 300),
        canvas(300, 150),
        canvas(300, 150),
        None,
        None,
    )
    .unwrap();
    let dpr = js_sys::Object::new();
    js_sys::Reflect::set(&dpr, &"dpr".into(), &1.0.into()).unwrap();
    w.configure(dpr.into());
    // A fresh landscape takes several frames (its grids in slices, then contours, colours and
    // the picture); draw() says while there is more to do. A frame with no time left still
    // moves it on.
    let mut frames = 1;
    let first = w.draw(0.0).unwrap();
    // The runs are drawn from the first frame, and a press maps to its point before the
    // landscape is in.
    assert!(first == Drawn::Pending);
    assert_eq!(w.hit(Hit::Landscape, 150.0, 150.0, 0.0).len(), 2);
    let mut last = first;
    while last != Drawn::Done {
        last = w.draw(0.0).unwrap();
        frames += 1;
        assert!(frames < 1000, "draw() never finished");
    }
    assert!(frames >= 3, "{frames} frames");
    w.step(10);
    w.draw(12.0).unwrap();
    // The centre of the landscape canvas lies inside the view [0,2] x [-1,1].
    let p = w.hit(Hit::Landscape, 150.0, 150.0, 0.0);
    assert_eq!(p.len(), 2);
    assert!(
        (0.0..2.0).contains(&p[0]) && (-1.0..1.0).contains(&p[1]),
        "{p:?}"
    );
    assert!(w.hit(Hit::Landscape, -50.0, -50.0, 0.0).is_empty());
    let resample = js_sys::Float64Array::from(w.test(Probe::Resample, 0));
    assert!(resample.get_index(0) >= 0.0);
}

#[wasm_bindgen_test]
fn dragging_data_and_start_restarts_the_runs() {
    let mut w = Widget::new("scene=linear&opt=gd&alpha=0.01&steps=20");
    w.step(20);
    assert!(finished(&w));
    assert!(edit(&mut w, "kind=move_point&i=0&x=0.5&y=1.9").is_undefined());
    assert!(!finished(&w));
    let data = js_sys::Array::from(&w.test(Probe::Data, 0));
    assert_eq!(
        (data.get(0).as_f64(), data.get(1).as_f64()),
        (Some(0.5), Some(1.9))
    );
    assert!(w.query().contains("data=0.5,1.9;"));
    assert_eq!(edit(&mut w, "kind=add_point&x=1&y=1").as_f64(), Some(12.0));
    assert!(edit(&mut w, "kind=remove_point&i=12").is_undefined());
    assert!(edit(&mut w, "kind=start&phi0=0.2&phi1=0.3").is_undefined());
    assert!(w.query().contains("start=0.2,0.3"));
    assert!(edit(&mut w, "kind=start&phi0=1e300&phi1=0").is_string());
}

#[wasm_bindgen_test]
fn runs_can_be_added_and_removed_up_to_six() {
    let mut w = Widget::new("scene=bowl");
    for opt in ["adam", "momentum", "rmsprop", "adagrad", "newton"] {
        let e = edit(&mut w, &format!("kind=add_run&spec={opt}"));
        assert!(e.is_undefined(), "{opt}");
    }
    assert!(edit(&mut w, "kind=add_run&spec=gd").is_string());
    assert!(edit(&mut w, "kind=remove_run&run=1").is_undefined());
    assert_eq!(w.query().matches("run=").count(), 5);
}

/// A gallery thumbnail made in slices with no time to spare still comes to an end, and draws
/// a picture on its canvas at the device pixel ratio.
#[wasm_bindgen_test]
fn a_thumbnail_is_made_in_slices_and_drawn_on_a_canvas() {
    for q in ["preset=fig6.4", "preset=fig6.3", "preset=shallow-sgd"] {
        let mut t = Thumbnail::new(q);
        let mut slices = 1;
        while !t.work(0.0) {
            slices += 1;
            assert!(slices < 100_000, "{q}: never done");
        }
        assert!(slices > 1, "{q}: in slices");
        let c = canvas(120, 120);
        t.draw(c.clone(), 120, 2.0).unwrap();
        assert_eq!((c.width(), c.height()), (240, 240), "{q}");
        let g: web_sys::CanvasRenderingContext2d =
            c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
        let px = g.get_image_data(0.0, 0.0, 240.0, 240.0).unwrap().data();
        let inked = px
            .chunks(4)
            .filter(|p| p[0] < 200 || p[1] < 200 || p[2] < 200)
            .count();
        assert!(inked > 1000, "{q}: {inked} inked pixels");
    }
}
