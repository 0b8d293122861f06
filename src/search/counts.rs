//! A page's distinct terms and their counts: the terms in a [`TermTable`] (one
//! arena, found by hash: counting a page's words allocates nothing per word; the
//! corpus has ~1,100,000 term occurrences), the counts beside them by number. Each
//! term keeps its hash, so the locale's postings find it again without hashing it
//! twice.

use super::table::{TermTable, term_hash};

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
pub struct TermCounts(TermTable<TermCount>);

impl TermCounts {
    /// The count of `term`, added with nothing counted if new.
    pub fn get(&mut self, term: &str) -> &mut TermCount {
        let id = self.0.find_or_add(term, term_hash(term));
        self.0.value_mut(id)
    }

    /// Drops the lookup table: the terms and counts stay.
    pub fn shrink(&mut self) {
        self.0.drop_lookup();
    }

    /// Distinct terms.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Each distinct term with its hash and count, in the order first seen.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u64, TermCount)> + Clone {
        self.0.iter().map(|(term, hash, &count)| (term, hash, count))
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
        let all: Vec<(&str, u32, bool)> = c.iter().map(|(t, _, n)| (t, n.weight, n.in_title)).collect();
        assert_eq!(all, [("a", 3, false), ("存档", 2, false), ("bb", 1, true)]);
        assert_eq!(c.len(), 3);
        assert!(c.iter().all(|(t, hash, _)| hash == term_hash(t)));
    }
}
