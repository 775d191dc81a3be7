//! The trace format shared by `downhill trace` and the widget's `trace()`: JSON Lines, one object
//! per point of each run,
//! `{"run":0,"t":0,"phi":[phi0,phi1],"loss":L}` (`phi` has as many entries as the scene has
//! parameters: ten for `shallow`, in the order φ0..φ3, θ10..θ31), with `"epoch"` and `"batch"` (the sample
//! indices of the step that led to the point) after the start on scenes with data.
//! Numbers are written by [`crate::format::num`], so the text is identical on every target.

use crate::format::num;
use crate::run::{Point, Run};
use std::fmt::Write;

/// A point's epoch and its batch's sample indices joined by `sep`, where the scene has data
/// and the point is not the start.
fn epoch_and_batch(p: &Point, sep: &str) -> Option<(usize, String)> {
    let (epoch, batch) = (p.epoch?, p.batch.as_ref()?);
    let ix: Vec<String> = batch.indices().iter().map(|i| i.to_string()).collect();
    Some((epoch, ix.join(sep)))
}

/// The point's parameters and its loss, as trace and CSV write them.
fn numbers(p: &Point) -> (Vec<String>, String) {
    (
        p.phi.as_slice().iter().map(|&x| num(x)).collect(),
        num(p.loss),
    )
}

/// Appends one point as a JSON line.
pub fn write_point(out: &mut String, run: usize, p: &Point) {
    let (phi, loss) = numbers(p);
    let _ = write!(
        out,
        "{{\"run\":{run},\"t\":{},\"phi\":[{}],\"loss\":{loss}",
        p.t,
        phi.join(",")
    );
    if let Some((epoch, batch)) = epoch_and_batch(p, ",") {
        let _ = write!(out, ",\"epoch\":{epoch},\"batch\":[{batch}]");
    }
    out.push_str("}\n");
}

/// All points of all runs, run by run. A run that stopped before its limit ends with a line
/// that says why: `{"run":0,"stopped":"diverged","t":4,"message":"..."}` (`diverged`,
/// `singular_hessian` or `step_limit`); nothing stops silently.
pub fn trace(runs: &[Run]) -> String {
    let mut out = String::new();
    for (i, run) in runs.iter().enumerate() {
        for p in run.history() {
            write_point(&mut out, i, p);
        }
        if let Some((reason, t)) = run.status().stop() {
            let message = run.status().message().unwrap_or("");
            let _ = writeln!(
                out,
                "{{\"run\":{i},\"stopped\":\"{reason}\",\"t\":{t},\"message\":{}}}",
                json_string(message)
            );
        }
    }
    out
}

/// The runs as CSV, a row per point: `run,optimizer,t,epoch,batch,phi0,phi1,loss` (a column per
/// parameter, named by `params`), the batch's sample indices separated by spaces, `epoch` and
/// `batch` empty where the scene has no data or at the start. The numbers are those of [`trace`].
pub fn csv(runs: &[Run], params: &[&str]) -> String {
    let mut out = format!("run,optimizer,t,epoch,batch,{},loss\n", params.join(","));
    for (i, run) in runs.iter().enumerate() {
        let name = run.config.opt.name();
        for p in run.history() {
            let (epoch, batch) = epoch_and_batch(p, " ")
                .map_or((String::new(), String::new()), |(e, b)| (e.to_string(), b));
            let (phi, loss) = numbers(p);
            let _ = writeln!(
                out,
                "{i},{name},{},{epoch},{batch},{},{loss}",
                p.t,
                phi.join(",")
            );
        }
    }
    out
}

/// `s` as a JSON string literal.
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
