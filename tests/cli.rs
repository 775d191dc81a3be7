//! The `downhill` command line: JSON Lines on stdout, errors on stderr with exit code 2.

use std::process::Command;

fn downhill(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_downhill"))
        .args(args)
        .output()
        .expect("run downhill");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn trace_prints_one_object_per_point() {
    let (code, out, err) = downhill(&["trace", "preset=gabor-momentum"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3 * 121);
    assert_eq!(
        lines[0],
        r#"{"run":0,"t":0,"phi":[-1.5,6.5],"loss":12.766467223816537}"#
    );
    assert!(lines[1].starts_with(r#"{"run":0,"t":1,"phi":["#));
    assert!(lines[1].contains(r#""epoch":0,"batch":["#));
    assert!(lines[121].starts_with(r#"{"run":1,"t":0,"#));
}

#[test]
fn scenes_without_data_have_no_batches() {
    let (code, out, _) = downhill(&["trace", "scene=bowl&opt=adam&steps=2"]);
    assert_eq!(code, 0);
    assert!(!out.contains("batch"));
    assert_eq!(out.lines().count(), 3);
}

#[test]
fn errors_go_to_stderr_with_exit_code_2() {
    let (code, out, err) = downhill(&["trace", "scene=gabor&alpha=fast"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("alpha") && err.contains("fast"), "{err}");
    let (code, _, err) = downhill(&["nonsense"]);
    assert_eq!(code, 2);
    assert!(err.contains("usage"));
    // Unknown keys warn but still trace.
    let (code, out, err) = downhill(&["trace", "scene=bowl&steps=1&flavour=mint"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 2);
    assert!(err.contains("flavour"));
}

#[test]
fn a_run_that_stops_early_says_why_in_the_trace_and_on_stderr() {
    let (code, out, err) = downhill(&["trace", "scene=saddle&opt=gd&alpha=1e6&steps=50"]);
    assert_eq!(code, 0);
    let last = out.lines().last().unwrap();
    assert!(
        last.starts_with(r#"{"run":0,"stopped":"diverged","t":"#),
        "{last}"
    );
    assert!(
        err.contains("run 1 stopped at step") && err.contains("diverged"),
        "{err}"
    );
    let (_, out, _) = downhill(&["trace", "scene=linear&opt=newton&data=1,1;1,2;1,3"]);
    assert!(out.contains(r#""stopped":"singular_hessian""#), "{out}");
}

#[test]
fn no_run_ends_early_without_a_mark() {
    // Every optimizer on every scene at a huge learning rate: a run either reaches its limit or
    // its last line says why it stopped.
    for opt in downhill::OptName::ALL {
        for scene in downhill::SceneName::ALL {
            let q = format!(
                "scene={}&opt={}&alpha=1e6&steps=30",
                scene.name(),
                opt.name()
            );
            let t = downhill::trace_query(&q).unwrap();
            let points = t.lines().filter(|l| !l.contains("\"stopped\"")).count();
            let marked = t.lines().last().is_some_and(|l| l.contains("\"stopped\""));
            assert!(points == 31 || marked, "{q}: {points} points, no mark");
            for l in t.lines() {
                assert!(!l.contains("inf") && !l.contains("NaN"), "{q}: {l}");
            }
        }
    }
}

#[test]
fn messages_quote_values_escaped_and_short_and_say_what_is_allowed() {
    let (code, _, err) = downhill(&["trace", "alpha=%0Adownhill:%20all%20good"]);
    assert_eq!(code, 2);
    assert_eq!(
        err.lines().count(),
        1,
        "a value cannot forge a second line: {err}"
    );
    assert!(err.contains(r#""\ndownhill: all good""#), "{err}");
    let long = format!("alpha={}", "9".repeat(90_000));
    let (_, _, err) = downhill(&["trace", &long]);
    assert!(err.len() < 300 && err.contains('…'), "{} bytes", err.len());
    let (_, _, err) = downhill(&["trace", "alpha=banana"]);
    assert!(err.contains("greater than 0"), "{err}");
    let pairs = downhill::preset::query_pairs("?a=%+1&b=%41%2b&c&&d=%e9%ff=x");
    let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
    assert_eq!(
        pairs,
        [
            pair("a", "% 1"),
            pair("b", "A+"),
            pair("c", ""),
            pair("d", "\u{fffd}\u{fffd}=x")
        ],
        "not byte 0x01; invalid UTF-8 replaced"
    );
    // The CLI says what the widget says: a batch larger than the data is a warning.
    let (code, _, err) = downhill(&["trace", "scene=linear&opt=sgd&batch=50&steps=2"]);
    assert_eq!(code, 0);
    assert!(
        err.contains("warning") && err.contains("full batch"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_non_utf8_argument_is_refused_not_a_crash() {
    use std::os::unix::ffi::OsStrExt;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_downhill"))
        .arg("trace")
        .arg(std::ffi::OsStr::from_bytes(b"\xff"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not UTF-8"));
}

/// Every `cargo run --release -- …` command the README shows runs, as written (an output file
/// goes to a temporary folder): a README example cannot name a preset that no longer exists.
#[test]
fn every_command_in_the_readme_runs() {
    let readme = include_str!("../README.md");
    let dir = std::env::temp_dir().join(format!("downhill-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut ran = 0;
    for line in readme.lines() {
        let Some(rest) = line.trim().strip_prefix("cargo run --release -- ") else {
            continue;
        };
        // The command without its comment and its redirection; quoted words kept whole.
        let rest = rest
            .split(" # ")
            .next()
            .unwrap()
            .split(" > ")
            .next()
            .unwrap();
        let mut args: Vec<String> = Vec::new();
        let mut quoted = false;
        let mut word = String::new();
        for c in rest.chars() {
            match c {
                '\'' => quoted = !quoted,
                ' ' if !quoted => {
                    if !word.is_empty() {
                        args.push(std::mem::take(&mut word));
                    }
                }
                c => word.push(c),
            }
        }
        if !word.is_empty() {
            args.push(word);
        }
        if let Some(k) = args.iter().position(|a| a == "-o") {
            args[k + 1] = dir.join(&args[k + 1]).to_string_lossy().into_owned();
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = downhill(&refs);
        assert_eq!(code, 0, "README: {line}\n{err}");
        assert!(!out.is_empty() || refs.contains(&"-o"), "README: {line}");
        assert!(!err.contains("error"), "README: {line}\n{err}");
        ran += 1;
    }
    assert!(ran >= 8, "{ran} commands");
    std::fs::remove_dir_all(&dir).ok();
}

/// Hostile input F5/F6: stderr does not grow with the number of bad keys (2.88 MB from one
/// 128 KiB argument before), and bidirectional and invisible characters are escaped.
#[test]
fn stderr_is_capped_and_escapes_bidi_and_invisible_characters() {
    // Just under Linux's 128 KiB limit for one argument.
    let many: String = (0..12_000).map(|i| format!("k{i}=1&")).collect();
    assert!(many.len() > 90 * 1024 && many.len() < 128 * 1024);
    let (code, _, err) = downhill(&["trace", &many]);
    assert_eq!(code, 0);
    assert_eq!(err.lines().count(), 11, "{err}");
    assert!(err.ends_with("and 11990 more problems\n"), "{err}");
    let (_, _, err) = downhill(&["trace", "alpha=1\u{202e}2&x\u{200b}y=1"]);
    assert!(
        !err.contains('\u{202e}') && !err.contains('\u{200b}'),
        "{err}"
    );
    assert!(
        err.contains("\\u{202e}") && err.contains("\\u{200b}"),
        "{err}"
    );
}

/// One version everywhere (issue 20): the CLI's, the npm package's, the changelog's latest.
#[test]
fn one_version_everywhere() {
    let (code, out, _) = downhill(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        format!("downhill {}", env!("CARGO_PKG_VERSION"))
    );
    let root = env!("CARGO_MANIFEST_DIR");
    let npm =
        std::fs::read_to_string(format!("{root}/packages/downhill-widget/package.json")).unwrap();
    assert!(
        npm.contains(&format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION"))),
        "packages/downhill-widget/package.json"
    );
    let changelog = std::fs::read_to_string(format!("{root}/CHANGELOG.md")).unwrap();
    let latest = changelog
        .lines()
        .find(|l| l.starts_with("## [") && !l.contains("Unreleased"))
        .unwrap();
    assert!(
        latest.starts_with(&format!("## [{}]", env!("CARGO_PKG_VERSION"))),
        "{latest}"
    );
    assert!(std::path::Path::new(&format!("{root}/LICENSE-MIT")).exists());
    assert!(std::path::Path::new(&format!("{root}/LICENSE-APACHE")).exists());
}

/// The page's `www/numpy-parts.js` is the Python text the CLI compiles in (Copy as NumPy in the
/// page and `downhill numpy` write the same script).
#[test]
fn the_pages_numpy_parts_are_current() {
    assert!(
        include_str!("../www/numpy-parts.js") == downhill::numpy::parts_module(),
        "www/numpy-parts.js is stale: run `cargo run -- numpy-parts > www/numpy-parts.js`"
    );
}
