//! Prints the critical points of a scene inside its view: `cargo run --example critical gabor`.
use downhill::landscape::critical_points;
use downhill::{Scene, SceneName};

fn main() {
    let name = std::env::args().nth(1).unwrap_or_else(|| "gabor".into());
    let Some(scene) = SceneName::parse(&name).map(Scene::new) else {
        eprintln!("unknown scene {name}");
        std::process::exit(2);
    };
    for p in critical_points(
        &scene.objective,
        &scene.view,
        downhill::landscape::CRITICAL_SEEDS,
    ) {
        println!(
            "{:<10} global={:<5} phi=({:.5}, {:.5}) loss={:.5} eig=({:.4e}, {:.4e})",
            p.kind.name(),
            p.global,
            p.phi.x(),
            p.phi.y(),
            p.loss,
            p.eigenvalues[0],
            p.eigenvalues[1]
        );
    }
}
