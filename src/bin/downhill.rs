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

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["trace", query] => {
            let parsed = downhill::parse(query);
            for w in parsed
                .problems
                .iter()
                .filter(|p| p.severity == downhill::preset::Severity::Warning)
            {
                eprintln!("downhill: warning: {w}");
            }
            match downhill::trace_query(query) {
                Ok(text) => {
                    let mut out = std::io::stdout().lock();
                    if out.write_all(text.as_bytes()).is_err() {
                        return ExitCode::from(1);
                    }
                    ExitCode::SUCCESS
                }
                Err(errors) => {
                    for e in errors {
                        eprintln!("downhill: {e}");
                    }
                    ExitCode::from(2)
                }
            }
        }
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
