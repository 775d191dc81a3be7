//! The trace format shared by `downhill trace` and the widget's `trace()`: JSON Lines, one object
//! per point of each run,
//! `{"run":0,"t":0,"phi":[phi0,phi1],"loss":L}`, with `"epoch"` and `"batch"` (the sample
//! indices of the step that led to the point) after the start on scenes with data.
//! Numbers are written by [`crate::format::num`], so the text is identical on every target.

use crate::format::num;
use crate::run::{Point, Run};
use std::fmt::Write;

/// Appends one point as a JSON line.
pub fn write_point(out: &mut String, run: usize, p: &Point) {
    let _ = write!(
        out,
        "{{\"run\":{run},\"t\":{},\"phi\":[{},{}],\"loss\":{}",
        p.t,
        num(p.phi.x()),
        num(p.phi.y()),
        num(p.loss)
    );
    if let (Some(epoch), Some(batch)) = (p.epoch, &p.batch) {
        let ix: Vec<String> = batch.indices().iter().map(|i| i.to_string()).collect();
        let _ = write!(out, ",\"epoch\":{epoch},\"batch\":[{}]", ix.join(","));
    }
    out.push_str("}\n");
}

/// All points of all runs, run by run.
pub fn trace(runs: &[Run]) -> String {
    let mut out = String::new();
    for (i, run) in runs.iter().enumerate() {
        for p in run.history() {
            write_point(&mut out, i, p);
        }
    }
    out
}
