use downhill::lesson::*;
fn main() {
    let valley = Ask::Choose(Choice::Valley { run: 0 });
    for (x, y) in [(3.2, 9.6), (3.0, 10.5), (3.5, 9.6)] {
        for a in [0.6, 0.8, 1.0, 1.3] {
            for b in [3, 5] {
                for f in [0.8, 0.9] {
                    for every in [5, 10] {
                        let mut s = 0;
                        for seed in 0..20 {
                            let sgd = play(&format!("scene=gabor&opt=sgd&alpha={a}&batch={b}&schedule=step&factor={f}&every={every}&start={x},{y}&steps=300&seed={seed}"));
                            if let Answer::Choose { correct: 0, .. } =
                                answer(&valley, &sgd).unwrap().0
                            {
                                s += 1
                            }
                        }
                        if s >= 14 {
                            println!("start {x},{y} alpha {a} batch {b} factor {f} every {every}: {s}/20");
                        }
                    }
                }
            }
        }
    }
}
