//! A reorder buffer: items numbered 0, 1, 2… arrive in any order and leave in
//! number order, each as soon as every item before it has left (or been skipped at
//! the end). The search index uses it so that pages rendered in parallel reach
//! the indexer in the same order in every build.

use std::collections::BTreeMap;

/// Items waiting for their turn.
#[derive(Debug)]
pub struct Reorder<T> {
    next: usize,
    waiting: BTreeMap<usize, T>,
    peak: usize,
}

impl<T> Default for Reorder<T> {
    fn default() -> Self {
        Self { next: 0, waiting: BTreeMap::new(), peak: 0 }
    }
}

impl<T> Reorder<T> {
    /// Takes item number `n` (each number once).
    pub fn put(&mut self, n: usize, item: T) {
        debug_assert!(n >= self.next && !self.waiting.contains_key(&n), "item {n} given twice");
        self.waiting.insert(n, item);
        self.peak = self.peak.max(self.waiting.len());
    }

    /// The next item in order, if it has arrived.
    pub fn pop_ready(&mut self) -> Option<(usize, T)> {
        let item = self.waiting.remove(&self.next)?;
        self.next += 1;
        Some((self.next - 1, item))
    }

    /// Everything still waiting, in order, skipping the numbers that never came.
    pub fn drain(&mut self) -> impl Iterator<Item = (usize, T)> + use<T> {
        let waiting = std::mem::take(&mut self.waiting);
        self.next = waiting.last_key_value().map_or(self.next, |(n, _)| n + 1);
        waiting.into_iter()
    }

    /// The most items that ever waited at once.
    pub fn peak(&self) -> usize {
        self.peak
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready(r: &mut Reorder<char>) -> String {
        std::iter::from_fn(|| r.pop_ready().map(|(_, c)| c)).collect()
    }

    #[test]
    fn items_leave_in_number_order() {
        let mut r = Reorder::default();
        r.put(2, 'c');
        r.put(1, 'b');
        assert_eq!(ready(&mut r), "", "0 has not arrived");
        r.put(0, 'a');
        assert_eq!(ready(&mut r), "abc");
        r.put(4, 'e');
        r.put(3, 'd');
        assert_eq!(ready(&mut r), "de");
        assert_eq!(r.peak(), 3);
    }

    #[test]
    fn drain_skips_numbers_that_never_came() {
        let mut r = Reorder::default();
        r.put(0, 'a');
        r.put(5, 'f');
        r.put(3, 'd');
        assert_eq!(ready(&mut r), "a");
        let rest: String = r.drain().map(|(_, c)| c).collect();
        assert_eq!(rest, "df");
        r.put(6, 'g');
        assert_eq!(ready(&mut r), "g", "numbering goes on after the drained items");
    }
}
