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
