//! A page's distinct terms and their counts, in one string: the terms are appended
//! to an arena once each and found again through an open-addressing table of their
//! 64-bit hashes, so counting a page's words allocates nothing per word (the corpus
//! has ~1,100,000 term occurrences) and compares a term's bytes only when its whole
//! hash matches. Each term keeps its hash, so the locale's postings find it again
//! without hashing it twice.

use std::hash::{BuildHasher, Hasher};

use rustc_hash::FxBuildHasher;

/// What a page says of one term.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TermCount {
    /// Occurrences, weighted by where they are.
    pub weight: u32,
    /// Whether the term is in the title.
    pub in_title: bool,
}

/// A page's terms with their counts.
#[derive(Debug, Default)]
pub struct TermCounts {
    arena: String,
    /// Per distinct term, in the order first seen.
    entries: Vec<Entry>,
    /// Open addressing: entry index + 1 per slot, 0 for an empty slot; a power of two
    /// long (or empty).
    slots: Vec<u32>,
}

#[derive(Debug)]
struct Entry {
    hash: u64,
    start: u32,
    len: u32,
    count: TermCount,
}

/// The hash a term is filed under, here and in the postings.
pub fn term_hash(term: &str) -> u64 {
    let mut hasher = FxBuildHasher.build_hasher();
    hasher.write(term.as_bytes());
    hasher.finish()
}

impl TermCounts {
    /// The count of `term`, added with nothing counted if new.
    pub fn get(&mut self, term: &str) -> &mut TermCount {
        if self.entries.len() * 2 >= self.slots.len() {
            self.grow();
        }
        let hash = term_hash(term);
        let mask = self.slots.len() - 1;
        let mut slot = (hash >> 32) as usize & mask;
        loop {
            match self.slots[slot] {
                0 => {
                    self.slots[slot] = self.entries.len() as u32 + 1;
                    let start = self.arena.len() as u32;
                    self.entries.push(Entry { hash, start, len: term.len() as u32, count: TermCount::default() });
                    self.arena.push_str(term);
                    return &mut self.entries.last_mut().expect("invariant: just pushed").count;
                }
                i => {
                    let e = &self.entries[i as usize - 1];
                    if e.hash == hash && same(&self.arena.as_bytes()[e.start as usize..][..e.len as usize], term) {
                        return &mut self.entries[i as usize - 1].count;
                    }
                    slot = (slot + 1) & mask;
                }
            }
        }
    }

    /// Twice the slots (at least 64), every entry filed again.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        self.slots.clear();
        self.slots.resize(size, 0);
        let mask = size - 1;
        for (i, e) in self.entries.iter().enumerate() {
            let mut slot = (e.hash >> 32) as usize & mask;
            while self.slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = i as u32 + 1;
        }
    }

    /// Drops the lookup table: the terms and counts stay.
    pub fn shrink(&mut self) {
        self.slots = Vec::new();
        self.arena.shrink_to_fit();
        self.entries.shrink_to_fit();
    }

    /// Distinct terms.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Each distinct term with its hash and count, in the order first seen.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u64, TermCount)> {
        self.entries.iter().map(|e| (&self.arena[e.start as usize..(e.start + e.len) as usize], e.hash, e.count))
    }
}

/// Whether a stored term's bytes are `term`'s: compared in line, terms being short.
fn same(stored: &[u8], term: &str) -> bool {
    stored.len() == term.len() && stored.iter().zip(term.as_bytes()).all(|(a, b)| a == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_term_once() {
        let mut c = TermCounts::default();
        for t in ["a", "存档", "a", "bb", "存档", "a"] {
            c.get(t).weight += 1;
        }
        c.get("bb").in_title = true;
        c.shrink();
        let all: Vec<(&str, u32, bool)> = c.iter().map(|(t, _, n)| (t, n.weight, n.in_title)).collect();
        assert_eq!(all, [("a", 3, false), ("存档", 2, false), ("bb", 1, true)]);
        assert_eq!(c.len(), 3);
        assert!(c.iter().all(|(t, hash, _)| hash == term_hash(t)));
    }

    #[test]
    fn many_terms_survive_growing() {
        let mut c = TermCounts::default();
        for round in 0..3 {
            for n in 0..5000 {
                c.get(&format!("t{n}")).weight += 1;
            }
            assert_eq!(c.len(), 5000, "round {round}");
        }
        assert!(c.iter().all(|(_, _, n)| n.weight == 3));
    }
}
