//! The lessons as data: each lesson's beats (a state as a query, and the question asked before
//! it plays). Nothing here plays or answers anything, so the key table's `lesson=` can open a
//! beat without the answering machinery above it ([`crate::lesson`] computes the answers).

/// One lesson: `lesson=NAME`.
pub struct Lesson {
    pub name: &'static str,
    /// The figure or section it follows (for the gallery).
    pub about: &'static str,
    pub beats: &'static [Beat],
}

/// One beat: a state, and an optional question asked before it plays.
pub struct Beat {
    /// The beat's state; its `steps` is where the beat pauses.
    pub query: &'static str,
    pub ask: Option<Ask>,
    /// "Try again" with a different start or seed: extra keys appended to `query`, the k-th
    /// retry taking `retry[k % len]`. Empty: a retry replays the same state.
    pub retry: &'static [&'static str],
}

/// What a question asks about.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Ask {
    /// Where run `run` is when the beat pauses: a click on the landscape.
    Point { run: usize },
    /// The path of run `run` up to the pause: a stroke on the landscape.
    Sketch { run: usize },
    /// One of a few options.
    Choose(Choice),
    /// A number, checked within a tolerance.
    Number(Count),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Choice {
    /// Which run ends with the lowest loss.
    Lowest,
    /// Whether run `run` converges, oscillates (bounces across the valley while it converges)
    /// or diverges.
    Behaviour { run: usize },
    /// Whether the critical point nearest `at` is a minimum, a maximum or a saddle point.
    Kind { at: [f64; 2] },
    /// Whether run `run` ends in the valley of the global minimum or of a local one.
    Valley { run: usize },
    /// What kind of point run `run` ends at, by the Hessian's signs there (Newton's method
    /// walks to any stationary point, figure 6.4's saddles and maxima included).
    EndKind { run: usize },
    /// Whether the loss is convex over the view: no negative Hessian eigenvalue on a grid.
    Convex,
    /// Whether any of run `run`'s minibatch steps raised the full-data loss (figure 6.6).
    AnyUphill { run: usize },
    /// Whether most of run `run`'s path (the share of its variance about its mean) lies in a
    /// plane: the path's own principal plane (`pca`), or the random plane `slice=random` shows
    /// (Li et al. 2018).
    Plane { run: usize, pca: bool },
    /// Which rule the first step of the bracketing search (figure 6.10) applies: drop [a, b],
    /// drop [c, d], or move b, c and d halfway towards a.
    Drop { run: usize },
    /// What point `number` (1-7) of figure 6.11 is: a local minimum, the global minimum or
    /// neither (Problem 6.6).
    Quiz { number: u8 },
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Count {
    /// Steps in one epoch of run `run`: `ceil(N / batch)` (Problem 6.9).
    StepsPerEpoch { run: usize },
    /// The largest learning rate at which gradient descent still converges near the minimum:
    /// `2 / λmax` of the Hessian at the global minimum in view.
    StableRate,
    /// How many runs end in the valley of the global minimum in view.
    GlobalValley,
}

/// The lesson called `name`.
pub fn lesson(name: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.name == name)
}

/// The query of beat `k` of `lesson`, with the `attempt`-th retry's keys (0: the beat's own).
pub fn beat_query(lesson: &Lesson, k: usize, attempt: usize) -> Option<String> {
    let beat = lesson.beats.get(k)?;
    Some(match (attempt, beat.retry.len()) {
        (0, _) | (_, 0) => beat.query.to_string(),
        (a, n) => format!("{}&{}", beat.query, beat.retry[(a - 1) % n]),
    })
}

/// Every lesson. The words (narration, question, reveal) are in the strings table under
/// `<name>.<beat>`, `.q` and `.why` (www/lesson-words.js), their numbers from the facts of
/// [`crate::lesson::answer`].
pub const LESSONS: &[Lesson] = &[
    Lesson {
        name: "fig6.1",
        about: "6.1",
        beats: &[
            Beat {
                query: "scene=linear&opt=linesearch&maxdist=0.5&start=1.75,-0.75&steps=1&flip=1",
                ask: Some(Ask::Point { run: 0 }),
                retry: &["start=0.2,1", "start=1.8,0.9"],
            },
            Beat {
                query: "scene=linear&opt=linesearch&maxdist=0.5&start=1.75,-0.75&steps=4&trail=1&flip=1",
                ask: Some(Ask::Sketch { run: 0 }),
                retry: &["start=0.2,1", "start=1.8,0.9"],
            },
            Beat {
                query: "scene=linear&maxdist=0.5&start=1.75,-0.75&steps=4&flip=1&run=linesearch&run=gd;alpha=0.01",
                ask: Some(Ask::Choose(Choice::Lowest)),
                retry: &[],
            },
        ],
    },
    Lesson {
        name: "fig6.2",
        about: "6.2",
        beats: &[
            Beat {
                query: "scene=gabor&steps=0&view=-10,25,0,45&run=gd;start=-5,25&run=gd;start=3,15",
                ask: Some(Ask::Choose(Choice::Lowest)),
                retry: &[],
            },
            Beat {
                query: "scene=gabor&opt=gd&alpha=0.2&start=-5,25&steps=100&view=-10,25,0,45",
                ask: Some(Ask::Point { run: 0 }),
                retry: &["start=-5,30", "start=-6,35"],
            },
            Beat {
                query: "preset=fig6.2",
                ask: None,
                retry: &[],
            },
        ],
    },
    Lesson {
        name: "fig6.3",
        about: "6.3",
        beats: &[
            Beat {
                query: "scene=gabor&steps=0&run=gd;start=0,16.6&run=gd;start=0.0038,16.03",
                ask: Some(Ask::Choose(Choice::Lowest)),
                retry: &[],
            },
            Beat {
                query: "scene=gabor&opt=gd&alpha=0.15&start=0,16.6&steps=150&view=-1,1,15,17.5",
                ask: Some(Ask::Point { run: 0 }),
                retry: &[],
            },
            Beat {
                query: "scene=gabor&opt=gd&alpha=0.15&start=0,16.6&steps=150&view=-1,1,15,17.5&hide=landscape",
                ask: None,
                retry: &[],
            },
        ],
    },
    Lesson {
        name: "fig6.4",
        about: "6.4",
        beats: &[
            Beat {
                query: "scene=gabor&opt=gd&alpha=0.2&start=0.0038,16.03&steps=0&curv=1",
                ask: Some(Ask::Choose(Choice::Kind { at: [0.0038, 16.03] })),
                retry: &[],
            },
            Beat {
                query: "scene=gabor&opt=gd&alpha=0.2&start=-2.85,9.04&steps=0&curv=1",
                ask: Some(Ask::Choose(Choice::Kind { at: [-2.85, 9.04] })),
                retry: &[],
            },
            Beat {
                query: "scene=gabor&opt=gd&alpha=0.2&start=-1.5,8.5&steps=40",
                ask: Some(Ask::Point { run: 0 }),
                retry: &["start=1.5,9", "start=-2,20"],
            },
        ],
    },
    Lesson {
        name: "fig6.5",
        about: "6.5",
        beats: &[
            Beat {
                query: "scene=gabor&opt=gd&alpha=0.2&start=1.5,10.5&steps=200",
                ask: Some(Ask::Choose(Choice::Valley { run: 0 })),
                retry: &[],
            },
            Beat {
                query: "scene=gabor&opt=gd&alpha=0.2&start=3.5,10.5&steps=200",
                ask: Some(Ask::Choose(Choice::Valley { run: 0 })),
                retry: &[],
            },
            Beat {
                query: "scene=gabor&opt=gd&alpha=0.2&start=3.5,10.5&steps=200",
                ask: Some(Ask::Sketch { run: 0 }),
                retry: &["start=4,9", "start=3,12"],
            },
        ],
    },
    Lesson {
        name: "fig6.6",
        about: "6.6",
        beats: &[
            Beat {
                query: "scene=gabor&opt=sgd&alpha=0.6&batch=3&start=-1.5,6.5&steps=60&batchsurf=1",
                ask: Some(Ask::Choose(Choice::AnyUphill { run: 0 })),
                retry: &["seed=1", "seed=2", "seed=3"],
            },
            Beat {
                query: "scene=gabor&opt=gd&alpha=0.2&start=-1.5,6.5&steps=60",
                ask: Some(Ask::Choose(Choice::AnyUphill { run: 0 })),
                retry: &[],
            },
            Beat {
                query: "scene=gabor&opt=sgd&alpha=0.6&batch=3&start=-1.5,6.5&steps=60&batchsurf=1",
                ask: Some(Ask::Sketch { run: 0 }),
                retry: &["seed=1", "seed=2", "seed=3"],
            },
        ],
    },
    Lesson {
        name: "fig6.7",
        about: "6.7",
        beats: &[
            Beat {
                query: "scene=gabor&alpha=0.5&batch=5&start=-1.5,6.5&steps=60&run=sgd",
                ask: Some(Ask::Sketch { run: 0 }),
                retry: &["seed=1", "seed=2"],
            },
            Beat {
                query: "scene=gabor&alpha=0.5&beta=0.9&batch=5&start=-1.5,6.5&steps=60&panels=each&run=sgd&run=momentum",
                ask: Some(Ask::Sketch { run: 1 }),
                retry: &["seed=1", "seed=2"],
            },
            Beat {
                query: "scene=gabor&alpha=0.5&beta=0.9&batch=5&start=-1.5,6.5&steps=120&panels=each&run=sgd&run=momentum",
                ask: Some(Ask::Choose(Choice::Lowest)),
                retry: &["seed=1", "seed=2"],
            },
        ],
    },
    Lesson {
        name: "fig6.8",
        about: "6.8",
        beats: &[
            Beat {
                query: "preset=fig6.8",
                ask: None,
                retry: &[],
            },
            Beat {
                query: "scene=bowl&alpha=0.3&beta=0.9&start=-0.7,-0.9&steps=60&panels=each&run=momentum&run=nesterov",
                ask: Some(Ask::Sketch { run: 0 }),
                retry: &[],
            },
            Beat {
                query: "scene=bowl&alpha=0.3&beta=0.9&start=-0.7,-0.9&steps=60&panels=each&run=momentum&run=nesterov",
                ask: Some(Ask::Sketch { run: 1 }),
                retry: &[],
            },
            Beat {
                query: "scene=bowl&alpha=0.3&beta=0.9&start=-0.7,-0.9&steps=60&panels=each&run=momentum&run=nesterov",
                ask: Some(Ask::Choose(Choice::Lowest)),
                retry: &[],
            },
        ],
    },
    Lesson {
        name: "fig6.9",
        about: "6.9",
        beats: &[
            Beat {
                query: "scene=bowl&start=-0.7,-0.9&steps=60&run=gd;alpha=0.08",
                ask: Some(Ask::Sketch { run: 0 }),
                retry: &[],
            },
            Beat {
                query: "scene=bowl&start=-0.7,-0.9&steps=60&panels=each&run=gd;alpha=0.08&run=adam;alpha=0.05;beta=0.9;gamma=0.99",
                ask: Some(Ask::Sketch { run: 1 }),
                retry: &[],
            },
            Beat {
                query: "scene=bowl&start=-0.7,-0.9&steps=60&panels=each&run=gd;alpha=0.08&run=adam;alpha=0.05;beta=0.9;gamma=0.99",
                ask: Some(Ask::Choose(Choice::Lowest)),
                retry: &[],
            },
        ],
    },
    Lesson {
        name: "fig6.10",
        about: "6.10",
        beats: &[
            Beat {
                query: "scene=line1d&opt=bracket&maxdist=1&start=0,0&steps=1",
                ask: Some(Ask::Choose(Choice::Drop { run: 0 })),
                retry: &[],
            },
            Beat {
                query: "scene=line1d&opt=bracket&maxdist=1&start=0,0&steps=10",
                ask: Some(Ask::Point { run: 0 }),
                retry: &[],
            },
            Beat {
                query: "scene=line1d&opt=bracket&maxdist=0.6&start=0.37,0&steps=1",
                ask: Some(Ask::Choose(Choice::Drop { run: 0 })),
                retry: &[],
            },
            Beat {
                query: "scene=line1d&opt=bracket&maxdist=0.4&start=0.6,0&steps=10",
                ask: Some(Ask::Point { run: 0 }),
                retry: &[],
            },
        ],
    },
    Lesson {
        name: "fig6.11",
        about: "6.11",
        beats: &[
            Beat {
                query: "preset=fig6.11",
                ask: Some(Ask::Choose(Choice::Quiz { number: 3 })),
                retry: &[],
            },
            Beat {
                query: "preset=fig6.11",
                ask: Some(Ask::Choose(Choice::Quiz { number: 7 })),
                retry: &[],
            },
            Beat {
                query: "preset=fig6.11",
                ask: Some(Ask::Choose(Choice::Quiz { number: 4 })),
                retry: &[],
            },
            Beat {
                query: "scene=gabor&opt=gd&alpha=0.2&start=3.2,9.6&steps=200",
                ask: Some(Ask::Point { run: 0 }),
                retry: &["start=-3.5,6", "start=-4,17"],
            },
        ],
    },
    Lesson {
        name: "learning-rate",
        about: "6.1",
        beats: &[
            Beat {
                query: "scene=linear&opt=gd&alpha=0.01&start=1.6,-0.5&steps=40",
                ask: Some(Ask::Point { run: 0 }),
                retry: &["start=-0.6,0.6", "start=1.2,0.5"],
            },
            Beat {
                query: "scene=linear&opt=gd&alpha=0.035&start=1.6,-0.5&steps=40",
                ask: Some(Ask::Choose(Choice::Behaviour { run: 0 })),
                retry: &[],
            },
            Beat {
                query: "scene=linear&opt=gd&alpha=0.045&start=1.6,-0.5&steps=40",
                ask: Some(Ask::Choose(Choice::Behaviour { run: 0 })),
                retry: &[],
            },
            Beat {
                query: "scene=linear&opt=gd&alpha=0.035&start=1.6,-0.5&steps=40&curv=1",
                ask: Some(Ask::Number(Count::StableRate)),
                retry: &[],
            },
        ],
    },
    Lesson {
        name: "epochs",
        about: "6.2.1",
        beats: &[
            Beat {
                query: "scene=gabor&opt=sgd&alpha=0.6&batch=5&start=-1.5,6.5&steps=6&calc=1",
                ask: Some(Ask::Number(Count::StepsPerEpoch { run: 0 })),
                retry: &[],
            },
            Beat {
                query: "scene=gabor&opt=sgd&alpha=0.6&batch=4&start=-1.5,6.5&steps=8&calc=1",
                ask: Some(Ask::Number(Count::StepsPerEpoch { run: 0 })),
                retry: &[],
            },
            Beat {
                query: "scene=gabor&opt=sgd&alpha=0.6&batch=5&start=-1.5,6.5&steps=60&calc=1",
                ask: None,
                retry: &[],
            },
        ],
    },
    Lesson {
        name: "sgd-escape",
        about: "6.2",
        beats: &[
            Beat {
                query: "scene=gabor&opt=gd&alpha=0.2&start=2.9,10&steps=300",
                ask: Some(Ask::Choose(Choice::Valley { run: 0 })),
                retry: &[],
            },
            Beat {
                query: "scene=gabor&alpha=0.8&batch=4&start=2.9,10&steps=300&view=-10,16,2.5,22.5&run=gd;alpha=0.2;batch=all&run=sgd;seed=1&run=sgd;seed=2&run=sgd;seed=3&run=sgd;seed=4&run=sgd;seed=5",
                ask: Some(Ask::Number(Count::GlobalValley)),
                retry: &[],
            },
            Beat {
                query: "scene=gabor&alpha=0.8&batch=4&start=2.9,10&steps=300&view=-10,16,2.5,22.5&run=gd;alpha=0.2;batch=all&run=sgd;seed=1&run=sgd;seed=2&run=sgd;seed=3&run=sgd;seed=4&run=sgd;seed=5",
                ask: None,
                retry: &[],
            },
        ],
    },
    Lesson {
        name: "slices",
        about: "6.1.2",
        beats: &[
            Beat {
                query: "scene=shallow&opt=adam&alpha=0.02&steps=300&slice=random&center=start",
                ask: Some(Ask::Choose(Choice::Plane { run: 0, pca: false })),
                retry: &[],
            },
            Beat {
                query: "scene=shallow&opt=adam&alpha=0.02&steps=300&slice=pca&center=current",
                ask: Some(Ask::Choose(Choice::Plane { run: 0, pca: true })),
                retry: &[],
            },
            Beat {
                query: "scene=shallow&steps=300&slice=pca&center=current&run=adam;alpha=0.02&run=gd;alpha=0.004",
                ask: Some(Ask::Choose(Choice::Lowest)),
                retry: &[],
            },
        ],
    },
    Lesson {
        name: "newton",
        about: "6.1.3",
        beats: &[
            Beat {
                query: "scene=himmelblau&steps=12&run=newton;start=-0.5,-0.5",
                ask: Some(Ask::Choose(Choice::EndKind { run: 0 })),
                retry: &[],
            },
            Beat {
                query: "scene=himmelblau&steps=12&run=newton;start=0.6,2.4",
                ask: Some(Ask::Choose(Choice::EndKind { run: 0 })),
                retry: &[],
            },
            Beat {
                query: "scene=himmelblau&steps=100&run=gd;alpha=0.01;start=-0.5,-0.5",
                ask: Some(Ask::Choose(Choice::EndKind { run: 0 })),
                retry: &[],
            },
        ],
    },
    Lesson {
        name: "schedules",
        about: "6.2.2",
        beats: &[
            Beat {
                query: "scene=gabor&opt=sgd&alpha=0.8&batch=5&start=2,13&steps=180&lr=1&run=sgd;schedule=step;factor=0.5;every=5&run=sgd",
                ask: Some(Ask::Choose(Choice::Lowest)),
                retry: &["seed=1", "seed=2", "seed=3"],
            },
            Beat {
                query: "scene=gabor&opt=sgd&alpha=0.8&batch=5&start=2,13&steps=180&lr=1&run=sgd;schedule=cosine&run=sgd",
                ask: Some(Ask::Choose(Choice::Lowest)),
                retry: &["seed=1", "seed=2", "seed=3"],
            },
            Beat {
                query: "scene=bowl&opt=adam&alpha=0.1&start=-0.7,-0.9&steps=80&warmup=20&lr=1&run=adam;warmup=0&run=adam",
                ask: None,
                retry: &[],
            },
        ],
    },
    Lesson {
        name: "convexity",
        about: "6.1.3",
        beats: &[
            Beat {
                query: "scene=linear&opt=gd&alpha=0.01&steps=60&curv=1",
                ask: Some(Ask::Choose(Choice::Convex)),
                retry: &[],
            },
            Beat {
                query: "scene=gabor&opt=gd&alpha=0.2&start=-1.5,8.5&steps=40&curv=1",
                ask: Some(Ask::Choose(Choice::Convex)),
                retry: &[],
            },
            Beat {
                query: "scene=gabor&opt=gd&alpha=0.2&start=3.5,10.5&steps=200&curv=1",
                ask: Some(Ask::Choose(Choice::Valley { run: 0 })),
                retry: &[],
            },
        ],
    },
];
