//! Prints every named preset's caption claim and the numbers it quotes:
//! `cargo run --release --example verdicts`.
fn main() {
    for c in downhill::figures::CLAIMS {
        let v = downhill::figures::verdict(c.preset).expect("named");
        println!("{:<18} {:<5} {}", c.preset, v.holds, v.detail);
    }
}
