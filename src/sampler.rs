//! Minibatches and epochs (section 6.2.1): batches are drawn **without replacement**. At the start
//! of each epoch the sample indices are shuffled once; consecutive slices of `batch` indices are
//! the batches, and the last one is smaller when `batch` does not divide the data size. A batch
//! of the whole data set (or larger) is full-batch gradient descent: every step is one epoch and
//! uses all indices in order.

use crate::rng::Rng;

/// Epochs after `iterations` steps on `n` points in batches of `batch` (Problem 6.9): each epoch
/// is `ceil(n / batch)` iterations.
pub fn epochs_for(n: usize, batch: usize, iterations: usize) -> f64 {
    let per = n.max(1).div_ceil(batch.max(1));
    iterations as f64 / per as f64
}

#[derive(Clone, Debug)]
pub struct EpochSampler {
    n: usize,
    batch: usize,
    rng: Rng,
    order: Vec<usize>,
    pos: usize,
    /// The epoch of the batch most recently returned (0-based); `None` before the first batch.
    epoch: Option<usize>,
}

impl EpochSampler {
    /// Samples batches of `batch` indices out of `0..n` with the stream seeded by `seed`.
    pub fn new(n: usize, batch: usize, seed: u64) -> Self {
        EpochSampler {
            n,
            batch: batch.clamp(1, n.max(1)),
            rng: Rng::new(seed),
            order: (0..n).collect(),
            pos: n,
            epoch: None,
        }
    }

    /// Batches per epoch, `K = ceil(n / batch)`.
    pub fn batches_per_epoch(&self) -> usize {
        self.n.div_ceil(self.batch).max(1)
    }

    pub fn is_full_batch(&self) -> bool {
        self.batch >= self.n
    }

    /// Every batch of the current epoch (the one the latest batch came from), indices sorted:
    /// the partition SGD walks through (figure 6.6a). Before the first batch, the first epoch's
    /// (drawn as the first step will draw it).
    pub fn epoch_batches(&self) -> Vec<Vec<usize>> {
        if self.epoch.is_none() {
            let mut first = self.clone();
            first.next_batch();
            return first.epoch_batches();
        }
        self.order
            .chunks(self.batch)
            .map(|c| {
                let mut b = c.to_vec();
                crate::math::sort_by(&mut b, |x, y| x < y);
                b
            })
            .collect()
    }

    /// The next batch (indices sorted ascending) and its 0-based epoch.
    pub fn next_batch(&mut self) -> (usize, Vec<usize>) {
        if self.pos >= self.n {
            self.epoch = Some(self.epoch.map_or(0, |e| e + 1));
            self.pos = 0;
            if !self.is_full_batch() {
                self.rng.shuffle(&mut self.order);
            }
        }
        let end = (self.pos + self.batch).min(self.n);
        let mut batch = self.order[self.pos..end].to_vec();
        crate::math::sort_by(&mut batch, |x, y| x < y);
        self.pos = end;
        (self.epoch.unwrap_or(0), batch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_epoch_is_a_partition() {
        let mut s = EpochSampler::new(30, 7, 42);
        assert_eq!(s.batches_per_epoch(), 5);
        for epoch in 0..4 {
            let mut seen = Vec::new();
            for k in 0..5 {
                let (e, b) = s.next_batch();
                assert_eq!(e, epoch);
                assert_eq!(b.len(), if k == 4 { 2 } else { 7 });
                seen.extend(b);
            }
            seen.sort();
            assert_eq!(seen, (0..30).collect::<Vec<_>>());
        }
    }

    #[test]
    fn the_epoch_batches_are_the_ones_drawn() {
        let mut s = EpochSampler::new(30, 7, 3);
        // Before the first batch: the first epoch's, as it will be drawn.
        let ahead = s.epoch_batches();
        let drawn: Vec<Vec<usize>> = (0..5).map(|_| s.next_batch().1).collect();
        assert_eq!(s.epoch_batches(), drawn);
        assert_eq!(ahead, drawn);
    }

    #[test]
    fn full_batch_is_every_index_in_order() {
        let mut s = EpochSampler::new(12, 100, 1);
        for epoch in 0..3 {
            assert_eq!(s.next_batch(), (epoch, (0..12).collect()));
        }
    }
}
