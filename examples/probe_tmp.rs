use downhill::lesson::*;
fn show(q: &str, ask: Ask) {
    let r = play(q);
    match answer(&ask, &r) {
        Ok((a, f)) => {
            let a = match a { Answer::Sketch{..} => "sketch".to_string(), a => format!("{a:?}") };
            println!("{q}\n   {a} {:?}", f.iter().map(|(k,v)| format!("{k}={v:.4}")).collect::<Vec<_>>());
        }
        Err(e) => println!("{q}: ERR {e}"),
    }
}
fn seeds(q: &str, ask: Ask) {
    let mut counts = std::collections::BTreeMap::new();
    for s in 0..20 { let r = play(&format!("{q}&seed={s}")); if let Ok((Answer::Choose{correct,..},_)) = answer(&ask, &r) { *counts.entry(correct).or_insert(0) += 1; } }
    println!("{q}: {counts:?}");
}
fn main() {
    show("scene=gabor&opt=gd&alpha=0.2&start=-1.5,6.5&steps=60", Ask::Choose(Choice::AnyUphill{run:0}));
    show("scene=gabor&opt=gd&alpha=0.1&start=-1.5,6.5&steps=60", Ask::Choose(Choice::AnyUphill{run:0}));
    seeds("scene=gabor&opt=sgd&alpha=0.8&batch=5&start=2,13&steps=180&run=sgd;schedule=cosine&run=sgd", Ask::Choose(Choice::Lowest));
    seeds("scene=gabor&opt=sgd&alpha=0.8&batch=5&start=2,13&steps=180&run=sgd;schedule=step;factor=0.5;every=5&run=sgd", Ask::Choose(Choice::Lowest));
    show("scene=gabor&opt=sgd&alpha=0.8&batch=5&start=2,13&steps=180&run=sgd;schedule=step;factor=0.5;every=5&run=sgd", Ask::Choose(Choice::Lowest));
    seeds("scene=gabor&opt=sgd&alpha=0.6&batch=3&start=-1.5,6.5&steps=60", Ask::Choose(Choice::AnyUphill{run:0}));
}
