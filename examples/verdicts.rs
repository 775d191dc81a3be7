//! Prints every named preset's caption claim as a Markdown table: what it says, the numbers it
//! measures on the preset's own settings, and on how many of 20 seeds it holds (stochastic
//! presets): `cargo run --release --example verdicts`.
use downhill::construct::is_stochastic;
use downhill::figures::{play, CLAIMS};

fn main() {
    println!("| preset | claim | measured (own seed) | seeds |");
    println!("| --- | --- | --- | --- |");
    for c in CLAIMS {
        let race = play(c.preset, "").expect("named");
        let own = (c.check)(&race);
        let seeds = if is_stochastic(&race) {
            let held = (0..20)
                .filter(|s| (c.check)(&play(c.preset, &format!("&seed={s}")).expect("named")).holds)
                .count();
            format!("{held}/20")
        } else {
            "deterministic".into()
        };
        let mark = if own.holds { "" } else { " (FAILS)" };
        println!(
            "| {} | {}{mark} | {} | {seeds} |",
            c.preset, c.says, own.detail
        );
    }
}
