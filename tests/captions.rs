//! A caption is a claim: every named preset's claim (`downhill::figures::CLAIMS`) holds on the
//! preset's own seed and, where the outcome depends on the seed, on at least 16 of 20 seeds.

use downhill::construct::is_stochastic;
use downhill::figures::{claim, play, CLAIMS};
use downhill::preset::NAMED;

const SEEDS: u64 = 20;
const MOST: usize = 16;

#[test]
fn every_named_preset_has_a_claim() {
    for (name, _) in NAMED {
        assert!(
            claim(name).is_some(),
            "{name} has no claim in figures::CLAIMS"
        );
    }
    for c in CLAIMS {
        assert!(
            downhill::preset::named(c.preset).is_some(),
            "{} is not a preset",
            c.preset
        );
    }
}

#[test]
fn every_claim_holds_on_its_own_seed_and_for_most_seeds() {
    let mut report = Vec::new();
    let mut failed = Vec::new();
    for c in CLAIMS {
        let race = play(c.preset, "").expect("named");
        let own = (c.check)(&race);
        if !own.holds {
            failed.push(format!(
                "{}: own seed: {} ({})",
                c.preset, c.says, own.detail
            ));
        }
        if is_stochastic(&race) {
            let mut held = 0;
            let mut misses = Vec::new();
            for seed in 0..SEEDS {
                let r = play(c.preset, &format!("&seed={seed}")).expect("named");
                let v = (c.check)(&r);
                if v.holds {
                    held += 1;
                } else {
                    misses.push(format!("seed {seed}: {}", v.detail));
                }
            }
            report.push(format!("{:<18} {held:>2}/{SEEDS}", c.preset));
            if held < MOST {
                failed.push(format!(
                    "{}: holds for {held} of {SEEDS} seeds: {}\n  {}",
                    c.preset,
                    c.says,
                    misses.join("\n  ")
                ));
            }
        } else {
            report.push(format!("{:<18} deterministic", c.preset));
        }
    }
    println!("{}", report.join("\n"));
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn a_claim_can_fail() {
    // The same check on other settings says no: fig6.7's claim on plain SGD against itself.
    let c = claim("fig6.7").unwrap();
    let r = downhill::figures::play("fig6.7", "&run=sgd&run=sgd").unwrap();
    assert!(!(c.check)(&r).holds);
}

#[test]
fn every_named_preset_plays_to_its_end_without_trouble() {
    for (name, _) in NAMED {
        let p = downhill::parse(&format!("preset={name}"));
        assert!(p.problems.is_empty(), "{name}: {:?}", p.problems);
        let (mut race, problems) = p.preset.build();
        assert!(problems.is_empty(), "{name}: {problems:?}");
        race.run_to_end();
        for run in &race.runs {
            assert!(run.history().iter().all(|p| p.loss.is_finite()), "{name}");
        }
    }
}

#[test]
fn caption_placeholders_are_facts_of_their_claim() {
    // Every {name} in an English caption template is a fact the claim computes.
    let strings = include_str!("../www/captions.js");
    for c in CLAIMS {
        let key = format!("\"caption_{}\": \"", c.preset);
        let Some(at) = strings.find(&key) else {
            panic!("{}: no English caption", c.preset)
        };
        let text = &strings[at + key.len()..];
        let text = &text[..text.find("\",\n").unwrap()];
        let facts = downhill::figures::caption_facts(c.preset);
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').unwrap() + open;
            let name = &rest[open + 1..close];
            assert!(
                facts.iter().any(|(k, _)| *k == name),
                "{}: caption quotes {{{name}}}, which its claim does not compute",
                c.preset
            );
            rest = &rest[close + 1..];
        }
    }
}

#[test]
fn the_pages_caption_numbers_are_current() {
    // The page quotes www/facts.js; it must be what the claims compute now.
    assert!(
        include_str!("../www/facts.js") == downhill::figures::facts_module(),
        "www/facts.js is stale: run `cargo run -- facts > www/facts.js`"
    );
}
