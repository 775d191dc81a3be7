//! The modules' dependencies point one way (docs/architecture.md). Each module of `src/` is
//! listed below in its layer, lowest first; a `crate::` path in a module's code (comments aside)
//! may name only modules listed before it. A new module, or a `use` that points up or sideways,
//! fails here until the table says where it belongs.

use std::collections::BTreeMap;
use std::path::Path;

/// Lowest first: numerics, then runs, the query, figure constructions and answers, pictures,
/// the session and the browser. `lib` is the crate root's own functions (`trace_query`).
const LAYERS: &[&str] = &[
    "registry",
    "math",
    "format",
    "rng",
    "linalg",
    "schedule",
    "sampler",
    "quiz",
    "lessons",
    "objective",
    "optim",
    "landscape",
    "run",
    "trace",
    "numpy",
    "preset",
    "construct",
    "planes",
    "lesson",
    "figures",
    "render",
    "session",
    "pipeline",
    "lib",
    "web",
];

/// Each module's `crate::` names, read from its files with comments left out.
fn edges() -> BTreeMap<String, Vec<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut visit = |module: String, file: &Path| {
        let text = std::fs::read_to_string(file).unwrap();
        let deps = out.entry(module.clone()).or_default();
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or("");
            for part in code.split("crate::").skip(1) {
                let name: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                // The crate root's constants (`crate::VERSION`) depend on nothing.
                if name.is_empty() {
                    continue;
                }
                let name = if LAYERS.contains(&name.as_str()) {
                    name
                } else {
                    "lib".into()
                };
                if name != module && !deps.contains(&name) {
                    deps.push(name);
                }
            }
        }
    };
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            if name == "bin" {
                continue;
            }
            for f in std::fs::read_dir(&path).unwrap() {
                visit(name.clone(), &f.unwrap().path());
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            visit(name, &path);
        }
    }
    out
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    let mut wrong = Vec::new();
    for (module, deps) in edges() {
        let Some(r) = rank(&module) else {
            wrong.push(format!("{module} is in no layer: add it to LAYERS"));
            continue;
        };
        for d in deps {
            if rank(&d).is_none_or(|rd| rd >= r) {
                wrong.push(format!("{module} -> {d}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "edges against the layers:\n{}",
        wrong.join("\n")
    );
}

/// The test can fail: an edge up the layers is caught.
#[test]
fn an_upward_edge_is_caught() {
    let deps = edges();
    assert!(deps["session"].iter().any(|d| d == "render"));
    assert!(!deps["render"].iter().any(|d| d == "session" || d == "web"));
    assert!(!deps["preset"].iter().any(|d| d == "lesson"));
}

/// The wasm boundary is one small place (docs/architecture.md): at most 20 exports in the
/// release build (the tests' hooks sit behind cargo features), and only strings, numbers,
/// typed arrays, plain objects (`JsValue`), canvases and the named string enums cross it.
#[test]
fn the_wasm_boundary_has_at_most_20_exports_of_plain_types() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web/mod.rs");
    let text = std::fs::read_to_string(src).unwrap();
    let allowed = [
        "&str",
        "String",
        "Option<String>",
        "f64",
        "u32",
        "bool",
        "()",
        "JsValue",
        "Vec<f64>",
        "HtmlCanvasElement",
        "Option<HtmlCanvasElement>",
        "View",
        "Hit",
        "Export",
        "Drawn",
        "Widget",
        "Thumbnail",
        "Result<(),JsValue>",
        "Result<Drawn,JsValue>",
    ];
    let (mut exports, mut wrong) = (Vec::new(), Vec::new());
    let (mut pending, mut hooks) = (false, false);
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("#[cfg(feature") {
            pending = true;
        } else if line.starts_with("impl ") || line.starts_with("pub ") {
            hooks = pending;
            pending = false;
        }
        let t = line.trim_start();
        if hooks || !t.starts_with("pub fn ") {
            continue;
        }
        // The signature, up to its body, without spaces.
        let mut sig = String::new();
        for l in &lines[i..] {
            sig.push_str(l.split('{').next().unwrap());
            if l.contains('{') {
                break;
            }
        }
        let sig: String = sig.chars().filter(|c| !c.is_whitespace()).collect();
        let name = sig["pubfn".len()..].split('(').next().unwrap().to_string();
        let (args, ret) = sig.split_once(')').unwrap();
        let args = args.split_once('(').unwrap().1;
        let mut types: Vec<String> = args
            .split(',')
            .filter(|a| !a.is_empty() && !a.contains("self"))
            .map(|a| a.split_once(':').unwrap().1.to_string())
            .collect();
        types.push(ret.strip_prefix("->").unwrap_or("()").to_string());
        for ty in types {
            if !allowed.contains(&ty.as_str()) {
                wrong.push(format!("{name}: {ty}"));
            }
        }
        exports.push(name);
    }
    assert!(wrong.is_empty(), "types across the boundary: {wrong:?}");
    assert!(exports.len() >= 15, "the scan found {exports:?}");
    assert!(
        exports.len() <= 20,
        "{} exports: {exports:?}",
        exports.len()
    );
    assert!(!exports.iter().any(|e| e == "test" || e == "debug_panic"));
}
