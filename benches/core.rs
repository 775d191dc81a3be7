//! Criterion benchmarks: optimizer steps per second and a 256x256 Gabor landscape.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use downhill::landscape;
use downhill::objective::{Batch, SceneName};
use downhill::preset::parse;
use std::hint::black_box;

fn steps(c: &mut Criterion) {
    let mut group = c.benchmark_group("steps");
    let cases = [
        (
            "gabor_gd_full",
            "scene=gabor&opt=gd&alpha=0.2&start=-1.5,8.5",
        ),
        (
            "gabor_sgd_b5",
            "scene=gabor&opt=sgd&alpha=0.6&batch=5&start=-1.5,6.5",
        ),
        (
            "gabor_adam_full",
            "scene=gabor&opt=adam&alpha=0.05&start=-1.5,8.5",
        ),
        (
            "gabor_linesearch",
            "scene=gabor&opt=linesearch&maxdist=2&start=-1.5,8.5",
        ),
        ("gabor_newton", "scene=gabor&opt=newton&start=0.1,16"),
        ("bowl_adam", "scene=bowl&opt=adam&alpha=0.05"),
        // The ten-parameter network of Problem 6.5.
        ("shallow_adam", "scene=shallow&opt=adam&alpha=0.02"),
        ("shallow_sgd_b5", "scene=shallow&opt=sgd&alpha=0.01&batch=5"),
        (
            "shallow_newton",
            "scene=shallow&opt=newton&alpha=0.5&start=0.2,1.5,-3,2.3,-0.3,1,-1,1,-1.5,1",
        ),
    ];
    group.throughput(Throughput::Elements(100));
    for (name, q) in cases {
        let preset = parse(&format!("{q}&steps=100")).preset;
        group.bench_function(name, |b| {
            b.iter(|| {
                let (mut race, _) = preset.build();
                race.run_to_end();
                black_box(race.runs[0].current().loss)
            })
        });
    }
    group.finish();
}

fn landscape(c: &mut Criterion) {
    let scene = downhill::Scene::new(SceneName::Gabor);
    let mut group = c.benchmark_group("landscape");
    group.throughput(Throughput::Elements(256 * 256));
    group.bench_function("gabor_256x256", |b| {
        b.iter(|| {
            black_box(landscape::sample(
                &scene.objective,
                &scene.view,
                256,
                256,
                Batch::All,
            ))
        })
    });
    // A 256x256 slice through the ten-parameter network (random filter-normalised plane).
    let session = downhill::session::Session::new("scene=shallow");
    let slice = session.race().scene.surface().into_owned();
    let view = session.race().scene.view;
    group.bench_function("shallow_slice_256x256", |b| {
        b.iter(|| black_box(landscape::sample(&slice, &view, 256, 256, Batch::All)))
    });
    group.bench_function("gabor_critical_points", |b| {
        b.iter(|| {
            black_box(landscape::critical_points(
                &scene.objective,
                &scene.view,
                24,
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, steps, landscape);
criterion_main!(benches);
