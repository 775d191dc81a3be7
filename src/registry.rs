//! The Figure registry: every named preset once, with all that belongs to it. Each entry is a
//! figure of chapter 6, a passage of its text, a problem or a companion notebook's run:
//!
//! - its name (`preset=NAME`, the caption's key `caption_NAME` in the widget's strings, its
//!   gallery card);
//! - its query (what `preset=NAME` opens, `preset::NAMED`);
//! - its caption's claim in one line and the check that holds it on the played race
//!   (`figures::CLAIMS`, tested for every named preset);
//! - the chapter's problem it explores, if any (`figures::PROBLEMS`, the gallery's Problems).
//!
//! Layers below and above take the columns they need (`figures!` hands the list to a macro of
//! theirs), so the page's wasm carries the queries but not the claims' code, and nothing here
//! depends on any module. Adding a figure is one entry here, its check in `figures.rs` and its
//! caption in the strings files.

/// Calls `$table!` with every entry: `NAME { query: "...", says: "...", check: FN }`, and
/// `problem: "6.N"` where the entry explores one of the chapter's problems. The order is the
/// gallery's.
macro_rules! figures {
    ($table:ident) => {
        $table! {
            "fig6.1" {
                query: "scene=linear&opt=linesearch&maxdist=0.5&start=1.52,-0.8&steps=4&played=1&trail=1&flip=1&view3d=1",
                says: "loss falls every step; point 4 within a tenth of the start's distance from the minimum",
                check: fig6_1,
            }
            "fig6.2" {
                query: "scene=gabor&opt=gd&start=-5,25&steps=0&view=-10,25,0,45&sliders=1&hide=play,speed,seed,runs",
                says: "the crest moves left as phi0 grows",
                check: fig6_2,
            }
            "fig6.3" {
                query: "scene=gabor&opt=gd&start=0,16.6&steps=0&hide=play,speed,seed,runs,inspector,landscape,loss",
                says: "30 points made by phi = [0, 16.6]",
                check: fig6_3,
            }
            "fig6.4" {
                query: "scene=gabor&opt=gd&start=0.00379,16.0267&steps=0&models=1&hide=play,speed,seed,runs",
                says: "global minimum 0.646, >= 4 local minima, the lowest {models} modelled and lettered, more than 4 saddles of which one is marked, near (-2.8, 9)",
                check: fig6_4,
            }
            "fig6.5" {
                query: "scene=gabor&steps=200&played=1&seed=5&panels=1-3;4-5&run=linesearch;maxdist=0.5;steps=100;start=-2.2,19.5&run=linesearch;maxdist=0.5;steps=100;start=3.2,9.6&run=linesearch;maxdist=0.5;steps=100;start=2.5,9.6&run=sgd;alpha=0.8;batch=5;schedule=step;factor=0.7;every=5;start=-2.2,19.5&run=sgd;alpha=0.8;batch=5;schedule=step;factor=0.7;every=5;start=3.2,9.6",
                says: "GD from 1 and 3 global, from 2 stuck right of the ridge; SGD from 2 can cross it",
                check: fig6_5,
            }
            "fig6.6" {
                query: "scene=gabor&opt=sgd&alpha=0.6&batch=3&start=-1.5,6.5&steps=60&played=1&seed=1&batchsurf=1&batches=1",
                says: "most steps (the last among them) downhill on their batch, some of those uphill on all data",
                check: fig6_6,
            }
            "fig6.7" {
                query: "scene=gabor&alpha=0.5&beta=0.9&batch=5&seed=2&steps=120&played=1&panels=1-2;3-4&run=sgd;start=-1.5,6.5&run=sgd;start=2,7&run=momentum;start=-1.5,6.5&run=momentum;start=2,7",
                says: "from each of two starts momentum turns less than half as much as SGD and ends in the global valley (on 16+ of 20 seeds from both, more often than SGD), lower than SGD from at least one",
                check: fig6_7,
            }
            "fig6.8" {
                query: "scene=gabor&view=-5.7,-3.1,4.9,7.3&alpha=0.6&beta=0.6&start=-3.5,6&steps=2&played=1&arrows=1&run=momentum&run=nesterov",
                says: "both constructions drawn, every point in view, the five numbered points apart",
                check: fig6_8,
            }
            "fig6.9" {
                query: "scene=bowl&start=-0.7,-0.9&steps=60&played=1&panels=each&run=gd;alpha=0.08&run=gd;alpha=1;steps=40&run=normalized;alpha=0.08;steps=40&run=adam;alpha=0.05;beta=0.9;gamma=0.99",
                says: "slow, oscillating, bouncing, converging",
                check: fig6_9,
            }
            "fig6.10" {
                query: "scene=line1d&opt=bracket&maxdist=1&start=0,0&steps=3&played=1&stages=1&hide=landscape,seed,options",
                says: "three stages side by side: each bracket about two thirds of the one before and inside it, all holding the minimum near 0.35",
                check: fig6_10,
            }
            "fig6.11" {
                query: "scene=line1d&opt=bracket&steps=0&quiz=1&hide=landscape,data,loss,play,speed,seed,runs,inspector,options,scene",
                says: "1 local, 2 global, 3 local; b convex: 4 neither, 5 global; 6 global, 7 flat",
                check: fig6_11,
                problem: "6.6",
            }
            "schedule-step" {
                query: "scene=gabor&opt=sgd&alpha=0.8&batch=5&start=2,13&steps=180&played=1&lr=1&panels=each&run=sgd;schedule=step;factor=0.5;every=5&run=sgd",
                says: "scheduled run settles, constant run keeps bouncing",
                check: schedule_step,
            }
            "schedule-warmup" {
                query: "scene=bowl&opt=adam&alpha=0.1&start=-0.7,-0.9&steps=80&played=1&warmup=20&lr=1&view=-1,1.3,-1,1&run=adam;warmup=0&run=adam",
                says: "blue constant, green ramps over 20 steps",
                check: schedule_warmup,
            }
            "epochs" {
                query: "scene=gabor&opt=sgd&alpha=0.6&batch=5&start=-1.5,6.5&steps=60&calc=1",
                says: "6 batches per epoch, each epoch a partition; 200 epochs",
                check: epochs,
                problem: "6.9",
            }
            "momentum-weights" {
                query: "scene=gabor&opt=momentum&alpha=0.5&beta=0.9&batch=5&start=-1.5,6.5&steps=120",
                says: "m is the weighted sum of past gradients",
                check: momentum_weights,
                problem: "6.10",
            }
            "convexity-linear" {
                query: "scene=linear&opt=gd&alpha=0.01&steps=60&curv=1",
                says: "constant positive-definite Hessian",
                check: convexity_linear,
            }
            "convexity-gabor" {
                query: "scene=gabor&opt=gd&alpha=0.2&start=-1.5,8.5&steps=40&curv=1",
                says: "all three curvature classes in view",
                check: convexity_gabor,
            }
            "saddle-stop" {
                query: "scene=saddle&opt=gd&alpha=0.1&steps=150&played=1&panels=1-2;3&run=gd;tol=0.01;start=1.5,0.00001&run=gd;tol=0.01;start=1.5,0.05&run=gd;start=1.5,0.00001",
                says: "a gradient-norm tolerance stops one run on the saddle point and one in a minimum; without it the first leaves the saddle",
                check: saddle_stop,
            }
            "restarts" {
                query: "scene=gabor&opt=linesearch&maxdist=0.5&start=3.2,9.6&starts=6&steps=100&played=1&best=1",
                says: "from figure 6.5's start 2 line search stops in a local minimum, as most of six random restarts do; the best of them is in the global valley, and is on 15 of 20 seeds",
                check: restarts,
            }
            "newton-max" {
                query: "scene=himmelblau&steps=12&played=1&panels=1-2;3&run=newton;start=-0.5,-0.5&run=newton;start=0.6,2.4&run=gd;alpha=0.01;start=-0.5,-0.5",
                says: "Newton on a maximum and a saddle, GD downhill",
                check: newton_max,
            }
            "newton-min" {
                query: "scene=linear&steps=10&played=1&run=newton;start=1.6,-0.5&run=gd;alpha=0.01;start=1.6,-0.5",
                says: "Newton in one step, GD in many",
                check: newton_min,
            }
            "adaptive" {
                query: "scene=gabor&start=-1.5,6.5&steps=150&played=1&panels=each&run=adagrad;alpha=0.3&run=rmsprop;alpha=0.1&run=adadelta;eps=0.01&run=adam;alpha=0.1",
                says: "AdaGrad reaches the valley floor and stalls below the minimum, RMSProp/AdaDelta/Adam reach the valley",
                check: adaptive,
            }
            "batch-lr" {
                query: "scene=gabor&opt=sgd&reduce=mean&start=0.0038,16.03&steps=300&played=1&view=-1,1,15,17&panels=each&run=sgd;alpha=0.75;batch=3&run=sgd;alpha=1.5;batch=6&run=sgd;alpha=1.5;batch=3",
                says: "equal alpha/batch jitter alike, double alpha jitters more",
                check: batch_lr,
            }
            "sgd-cost" {
                query: "scene=linear&start=1.75,-0.75&steps=40&played=1&epochs=1&panels=each&run=gd;alpha=0.03;steps=10&run=sgd;alpha=0.05;batch=3",
                says: "at equal cost SGD (batch 3) is below gradient descent at its best rate after 2, 3, 5 and 10 epochs, on 19+ of 20 seeds",
                check: sgd_cost,
            }
            "adam-sgd" {
                query: "scene=bowl&start=-0.7,-0.9&steps=40&played=1&alpha=0.08&eps=1e-300&panels=each&run=gd&run=normalized&run=adam;beta=0;gamma=0",
                says: "Adam with beta = gamma = 0 lands on normalized gradient descent's points, not gradient descent's",
                check: adam_sgd,
            }
            "sweep" {
                query: "scene=gabor&opt=momentum&alpha=0.3&beta=0.6&batch=5&start=-1.5,6.5&steps=80&sweep=alpha,beta",
                says: "momentum SGD swept",
                check: sweep,
            }
            "logistic" {
                query: "scene=logistic&start=-1,-0.5&steps=40&played=1&run=gd;alpha=0.05&run=newton&run=adam;alpha=0.2",
                says: "Newton in a few steps, GD and Adam in more",
                check: logistic,
                problem: "6.4",
            }
            "problem6.1" {
                query: "scene=linear&opt=gd&alpha=0.01&start=0.6,-0.2&steps=30",
                says: "analytic and finite-difference gradients agree; L(0.6, -0.2) = 12.367",
                check: problem6_1,
                problem: "6.1",
            }
            "problem6.2" {
                query: "scene=linear&opt=gd&alpha=0.01&start=1.6,-0.5&steps=60&curv=1",
                says: "H = 2 sum [[1, x], [x, x²]] everywhere, trace and determinant positive",
                check: problem6_2,
                problem: "6.2",
            }
            "problem6.3" {
                query: "scene=gabor&opt=gd&alpha=0.2&start=-1.5,8.5&steps=21",
                says: "Gabor gradients agree with finite differences",
                check: problem6_3,
                problem: "6.3",
            }
            "problem6.7" {
                query: "scene=gabor&opt=linesearch&maxdist=2&start=1,20&steps=20",
                says: "at least 80% of line-search turns within 2 degrees of a right angle",
                check: problem6_7,
                problem: "6.7",
            }
            "problem6.8" {
                query: "scene=gabor&opt=gd&start=-5.5,13.5&steps=100&run=gd;alpha=0.05&run=gd;alpha=0.5",
                says: "small alpha settles, alpha > 2/lambda_max bounces across the valley, alpha = 1 leaves it",
                check: problem6_8,
                problem: "6.8",
            }
            "problem6.11" {
                query: "scene=gabor&opt=newton&start=0.3,15.5&steps=5",
                says: "Hessian 2 x 2 here, 10^12 entries for a million parameters",
                check: problem6_11,
                problem: "6.11",
            }
            "problem6.5" {
                query: "scene=shallow&opt=gd&alpha=0.005&steps=100",
                says: "the analytic gradient matches finite differences along the path; the loss falls",
                check: problem6_5,
                problem: "6.5",
            }
            "shallow-sgd" {
                query: "scene=shallow&opt=sgd&alpha=0.01&batch=5&steps=600&played=1",
                says: "SGD reaches a fit better than the best line's; its full-data loss rises on many steps",
                check: shallow_sgd,
            }
            "shallow-adam" {
                query: "scene=shallow&opt=adam&alpha=0.02&steps=300&played=1",
                says: "Adam fits what a line cannot: below a fifth of the best line's loss; all three units live",
                check: shallow_adam,
            }
            "shallow-race" {
                query: "scene=shallow&steps=400&played=1&run=gd;alpha=0.005&run=sgd;alpha=0.01;batch=5&run=momentum;alpha=0.005&run=adam;alpha=0.02",
                says: "Adam ends lowest, momentum below plain GD, all below the best line",
                check: shallow_race,
            }
            "shallow-slices" {
                query: "scene=shallow&opt=adam&alpha=0.02&steps=300&slice=pca&center=current&autoplay=1&speed=10",
                says: "the PCA plane holds the path; random planes (most seeds) leave most of it off the plane",
                check: shallow_slices,
            }
            "linear-linesearch" {
                query: "scene=linear&opt=linesearch&maxdist=0.1&start=1.6,-0.5&steps=10",
                says: "notebook 6.2 line search",
                check: linear_linesearch,
            }
            "gabor-linesearch" {
                query: "scene=gabor&opt=linesearch&maxdist=2&start=-1.5,8.5&steps=21",
                says: "notebook 6.3 line search",
                check: gabor_linesearch,
            }
            "gabor-gd" {
                query: "scene=gabor&opt=gd&alpha=0.2&start=-1.5,8.5&steps=21",
                says: "notebook 6.3 GD alpha 0.2",
                check: gabor_gd,
            }
            "gabor-sgd" {
                query: "scene=gabor&opt=sgd&alpha=0.8&batch=5&start=3.5,6.5&steps=41",
                says: "notebook 6.3 SGD batch 5 alpha 0.8",
                check: gabor_sgd,
            }
            "gabor-momentum" {
                query: "scene=gabor&alpha=0.5&beta=0.9&batch=5&start=-1.5,6.5&steps=120&played=1&run=sgd&run=momentum&run=nesterov",
                says: "momentum below SGD, Nesterov no better",
                check: gabor_momentum,
            }
            "bowl-gd-small" {
                query: "scene=bowl&opt=gd&alpha=0.08&start=-0.7,-0.9&steps=200",
                says: "notebook 6.5 GD small alpha",
                check: bowl_gd_small,
            }
            "bowl-gd-large" {
                query: "scene=bowl&opt=gd&alpha=1&start=-0.7,-0.9&steps=40",
                says: "notebook 6.5 GD large alpha",
                check: bowl_gd_large,
            }
            "bowl-normalized" {
                query: "scene=bowl&opt=normalized&alpha=0.08&start=-0.7,-0.9&steps=40",
                says: "notebook 6.5 normalized",
                check: bowl_normalized,
            }
            "bowl-adam" {
                query: "scene=bowl&opt=adam&alpha=0.05&beta=0.9&gamma=0.99&start=-0.7,-0.9&steps=60",
                says: "notebook 6.5 Adam",
                check: bowl_adam,
            }
        }
    };
}
pub(crate) use figures;
