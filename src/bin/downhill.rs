//! `downhill`: the command line over Downhill's core.
//!
//! `downhill trace 'QUERY'` prints every run's trajectory as JSON Lines (see `downhill::trace`).

use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage:
  downhill trace 'QUERY'    trajectories of a preset as JSON Lines
  downhill csv 'QUERY'      the same points as CSV (run,optimizer,t,epoch,batch,phi0,phi1,loss)
  downhill numpy 'QUERY'    a NumPy script that reproduces the runs (Copy as NumPy)
  downhill render 'QUERY' -o FILE.svg    landscape, data and loss as an SVG figure
  downhill presets          the named presets
  downhill lessons          the lessons
  downhill lesson NAME      a lesson as JSON Lines: each beat's query, pause and computed answer
  downhill facts            the numbers the captions quote, as www/facts.js
  downhill numpy-parts      Copy as NumPy's Python text, as www/numpy-parts.js
  downhill --version        the version (the same for the zip, the npm package and the wheel)

QUERY is a widget URL query, e.g. 'scene=gabor&opt=sgd&alpha=0.8&batch=5&start=3.5,6.5&steps=41'.";

/// Parses `query` and builds its race, printing every problem (values quoted and escaped) on
/// stderr; `Err` with exit code 2 when any is an error.
fn build(query: &str) -> Result<(downhill::Preset, downhill::Race), ExitCode> {
    let parsed = downhill::parse(query);
    let (race, problems) = parsed.preset.build();
    let all: Vec<_> = parsed.problems.iter().chain(&problems).collect();
    let failed = all
        .iter()
        .any(|p| p.severity == downhill::preset::Severity::Error);
    // At most MAX_SHOWN problems, then a count: stderr does not grow with a hostile query.
    let lines = downhill::preset::summary(all.iter().copied());
    for (p, line) in all
        .iter()
        .map(Some)
        .chain(std::iter::repeat(None))
        .zip(&lines)
    {
        let level = match p.map(|p| p.severity) {
            Some(downhill::preset::Severity::Error) => "error: ",
            Some(downhill::preset::Severity::Warning) => "warning: ",
            None => "",
        };
        eprintln!("downhill: {level}{line}");
    }
    if failed {
        Err(ExitCode::from(2))
    } else {
        Ok((parsed.preset, race))
    }
}

/// Draws the query's runs, played to the end, to an SVG file.
fn render(query: &str, path: &str) -> ExitCode {
    if let Err(code) = build(query) {
        return code;
    }
    // Through a session, so a sliced scene's plane is chosen as the widget chooses it.
    let mut session = downhill::session::Session::new(query);
    session.step(downhill::run::MAX_STEPS);
    let (preset, race) = (session.preset(), session.race());
    let look = downhill::render::Look::of(&preset.ui, race);
    let words = downhill::render::Texts::default();
    match downhill::render::render_svg(race, preset.total_steps(), (1100, 560), &look, &words) {
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

/// Prints `downhill trace` (JSON Lines) or `downhill csv` of the query's runs on stdout;
/// warnings, and why a run stopped early, on stderr (values quoted, escaped and cut).
fn trace(query: &str, csv: bool) -> ExitCode {
    let (_, mut race) = match build(query) {
        Ok(b) => b,
        Err(code) => return code,
    };
    race.run_to_end();
    for (i, run) in race.runs.iter().enumerate() {
        if let (Some((reason, t)), Some(message)) = (run.status().stop(), run.status().message()) {
            eprintln!(
                "downhill: run {} stopped at step {t} ({reason}): {message}",
                i + 1
            );
        }
    }
    let text = if csv {
        downhill::trace::csv(&race.runs, race.scene.name.param_keys())
    } else {
        downhill::trace::trace(&race.runs)
    };
    let mut out = std::io::stdout().lock();
    if out.write_all(text.as_bytes()).is_err() {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// Prints `downhill numpy`: a NumPy script that reproduces the query's runs, played to the end.
fn numpy(query: &str) -> ExitCode {
    let (preset, mut race) = match build(query) {
        Ok(b) => b,
        Err(code) => return code,
    };
    race.run_to_end();
    print!(
        "{}",
        downhill::numpy::script(&race, &preset.to_query(), downhill::numpy::PARTS)
    );
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
        ["--version"] | ["-V"] | ["version"] => {
            println!("downhill {}", downhill::VERSION);
            ExitCode::SUCCESS
        }
        ["trace", query] => trace(query, false),
        ["csv", query] => trace(query, true),
        ["numpy", query] => numpy(query),
        ["render", query, "-o", path] | ["render", "-o", path, query] => render(query, path),
        ["lessons"] => {
            for l in downhill::lesson::LESSONS {
                println!("{}\t{} beats\t{}", l.name, l.beats.len(), l.about);
            }
            ExitCode::SUCCESS
        }
        ["lesson", name] => match downhill::lesson::lesson(name) {
            Some(l) => match downhill::lesson::lines(l) {
                Ok(text) => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("downhill: lesson {name}: {e}");
                    ExitCode::from(1)
                }
            },
            None => {
                eprintln!(
                    "downhill: unknown lesson {}; choose one of {}",
                    downhill::preset::quoted(name),
                    downhill::lesson::LESSONS
                        .iter()
                        .map(|l| l.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                ExitCode::from(2)
            }
        },
        ["facts"] => {
            print!("{}", downhill::figures::facts_module());
            ExitCode::SUCCESS
        }
        ["numpy-parts"] => {
            print!("{}", downhill::numpy::parts_module());
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
