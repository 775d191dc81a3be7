//! Every named preset's `downhill trace`, pinned to the byte: a structural change (the session,
//! the key table, N-parameter objectives) must leave every trajectory exactly as it was. The pin
//! is a 64-bit FNV-1a hash and the length of the trace text, per preset, in
//! `tests/pins/traces.txt`. A deliberate change of a preset re-pins with
//! `PIN_TRACES=1 cargo test --test trace_pins` (say why in the commit).

use downhill::preset::NAMED;

fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

fn pins() -> String {
    NAMED
        .iter()
        .map(|(name, _)| {
            let t = downhill::trace_query(&format!("preset={name}")).expect("a named preset");
            format!("{name}\t{:016x}\t{}\n", fnv1a(&t), t.len())
        })
        .collect()
}

#[test]
fn every_named_presets_trace_is_unchanged() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pins/traces.txt");
    let now = pins();
    if std::env::var_os("PIN_TRACES").is_some() {
        std::fs::write(path, &now).unwrap();
    }
    let pinned = std::fs::read_to_string(path).unwrap_or_default();
    let changed: Vec<&str> = now
        .lines()
        .filter(|l| !pinned.lines().any(|p| p == *l))
        .collect();
    assert!(
        changed.is_empty() && pinned.lines().count() == now.lines().count(),
        "traces changed (re-pin with PIN_TRACES=1 only if that was the point):\n{}",
        changed.join("\n")
    );
}
