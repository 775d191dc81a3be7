//! `downhill`: the command line over Downhill's core.
//!
//! `downhill trace 'QUERY'` prints every run's trajectory as JSON Lines (see `downhill::trace`).

use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage:
  downhill trace 'QUERY'    trajectories of a preset as JSON Lines
  downhill render 'QUERY' -o FILE.svg    landscape, data and loss as an SVG figure
  downhill presets          the named presets
  downhill facts            the numbers the captions quote, as www/facts.js

QUERY is a widget URL query, e.g. 'scene=gabor&opt=sgd&alpha=0.8&batch=5&start=3.5,6.5&steps=41'.";

/// Draws the query's runs, played to the end, to an SVG file.
fn render(query: &str, path: &str) -> ExitCode {
    let parsed = downhill::parse(query);
    let errors: Vec<String> = parsed.errors().map(|p| p.to_string()).collect();
    if !errors.is_empty() {
        for e in errors {
            eprintln!("downhill: {e}");
        }
        return ExitCode::from(2);
    }
    let (mut race, _) = parsed.preset.build();
    race.run_to_end();
    let look = downhill::render::Look::of(&parsed.preset.ui, &race);
    match downhill::render::render_svg(&race, parsed.preset.total_steps(), 1100, 560, &look) {
        Ok(svg) => match std::fs::write(path, svg) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("downhill: cannot write {path}: {e}");
                ExitCode::from(1)
            }
        },
        Err(e) => {
            eprintln!("downhill: {e}");
            ExitCode::from(1)
        }
    }
}

/// Prints `downhill trace`: the query's runs as JSON Lines on stdout; warnings, and why a run
/// stopped early, on stderr (values quoted, escaped and cut).
fn trace(query: &str) -> ExitCode {
    let parsed = downhill::parse(query);
    let errors: Vec<String> = parsed.errors().map(|p| p.to_string()).collect();
    if !errors.is_empty() {
        for e in errors {
            eprintln!("downhill: {e}");
        }
        return ExitCode::from(2);
    }
    let (mut race, problems) = parsed.preset.build();
    for p in parsed.problems.iter().chain(&problems) {
        let level = match p.severity {
            downhill::preset::Severity::Error => "error",
            downhill::preset::Severity::Warning => "warning",
        };
        eprintln!("downhill: {level}: {p}");
    }
    if problems
        .iter()
        .any(|p| p.severity == downhill::preset::Severity::Error)
    {
        return ExitCode::from(2);
    }
    race.run_to_end();
    for (i, run) in race.runs.iter().enumerate() {
        if let (Some((reason, t)), Some(message)) = (run.status().stop(), run.status().message()) {
            eprintln!(
                "downhill: run {} stopped at step {t} ({reason}): {message}",
                i + 1
            );
        }
    }
    let mut out = std::io::stdout().lock();
    if out
        .write_all(downhill::trace::trace(&race.runs).as_bytes())
        .is_err()
    {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    // Arguments that are not UTF-8 are refused with a message, not a panic.
    let mut args: Vec<String> = Vec::new();
    for a in std::env::args_os().skip(1) {
        match a.into_string() {
            Ok(s) => args.push(s),
            Err(raw) => {
                eprintln!(
                    "downhill: an argument is not UTF-8: {}",
                    downhill::preset::quoted(&raw.to_string_lossy())
                );
                return ExitCode::from(2);
            }
        }
    }
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["trace", query] => trace(query),
        ["render", query, "-o", path] | ["render", "-o", path, query] => render(query, path),
        ["facts"] => {
            print!("{}", downhill::figures::facts_module());
            ExitCode::SUCCESS
        }
        ["presets"] => {
            for (name, query) in downhill::preset::NAMED {
                println!("{name}\t{query}");
            }
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
