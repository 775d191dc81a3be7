//! How many of 20 seeds a caption claim holds for on any query (for tuning a preset):
//! `cargo run --release --example claim -- fig6.7 "scene=gabor&alpha=0.5&..."`.
use downhill::figures::claim;
fn main() {
    let name = std::env::args().nth(1).unwrap();
    let q = std::env::args().nth(2).unwrap();
    let c = claim(&name).unwrap();
    let mut held = 0;
    for seed in 0..20 {
        let p = downhill::preset::parse(&format!("{q}&seed={seed}"));
        let (mut race, _) = p.preset.build();
        race.run_to_end();
        let v = (c.check)(&race);
        held += v.holds as usize;
        println!("seed {seed:2} {} {}", v.holds, v.detail);
    }
    println!("held {held}/20");
}
