//! A page's distinct terms and their counts, in one string: the terms are appended
//! to an arena once each and found again by hash, so counting a page's words
//! allocates nothing per word (the corpus has ~600,000 term-page pairs).

use std::hash::{BuildHasher, Hasher};

use rustc_hash::{FxBuildHasher, FxHashMap};

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
    /// Per distinct term: its range in `arena` and its count.
    entries: Vec<(u32, u32, TermCount)>,
    /// Hash of a term (plus a probe step on collision) → its entry.
    by_hash: FxHashMap<u64, u32>,
}

impl TermCounts {
    /// The count of `term`, added with nothing counted if new.
    pub fn get(&mut self, term: &str) -> &mut TermCount {
        let mut hasher = FxBuildHasher.build_hasher();
        hasher.write(term.as_bytes());
        let mut key = hasher.finish();
        loop {
            match self.by_hash.get(&key) {
                Some(&i) => {
                    let (start, len, _) = self.entries[i as usize];
                    if &self.arena[start as usize..(start + len) as usize] == term {
                        return &mut self.entries[i as usize].2;
                    }
                    key = key.wrapping_add(1);
                }
                None => {
                    let at = self.entries.len() as u32;
                    self.by_hash.insert(key, at);
                    self.entries.push((self.arena.len() as u32, term.len() as u32, TermCount::default()));
                    self.arena.push_str(term);
                    return &mut self.entries[at as usize].2;
                }
            }
        }
    }

    /// Drops the lookup table: the terms and counts stay.
    pub fn shrink(&mut self) {
        self.by_hash = FxHashMap::default();
        self.arena.shrink_to_fit();
        self.entries.shrink_to_fit();
    }

    /// Each distinct term with its count, in the order first seen.
    pub fn iter(&self) -> impl Iterator<Item = (&str, TermCount)> {
        self.entries.iter().map(|&(start, len, count)| (&self.arena[start as usize..(start + len) as usize], count))
    }
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
        let all: Vec<(&str, u32, bool)> = c.iter().map(|(t, n)| (t, n.weight, n.in_title)).collect();
        assert_eq!(all, [("a", 3, false), ("存档", 2, false), ("bb", 1, true)]);
        assert_eq!(c.iter().count(), 3);
    }
}
