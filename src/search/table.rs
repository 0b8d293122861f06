//! A set of distinct terms, numbered in the order first seen, each with a value: their
//! text in one arena, found again through an open-addressing table of their 64-bit
//! hashes. Adding a term allocates nothing of its own, and a term's bytes are compared
//! only when 32 more bits of its hash match. A page's counts ([`TermCounts`]) and a
//! locale's postings (`files::Postings`) are both kept in one.
//!
//! A locale's table outgrows the processor's caches (tens of thousands of terms,
//! looked up once per term and page), so [`TermTable::find_all`] looks up a page's
//! terms in passes that each start the next pass's loads for every term at once:
//! their misses overlap instead of following one another.
//!
//! [`TermCounts`]: super::counts::TermCounts

use std::hash::{BuildHasher, Hasher};

use rustc_hash::FxBuildHasher;

/// The hash a term is filed under.
pub fn term_hash(term: &str) -> u64 {
    let mut hasher = FxBuildHasher.build_hasher();
    hasher.write(term.as_bytes());
    hasher.finish()
}

/// Distinct terms with a value each.
#[derive(Debug)]
pub struct TermTable<V> {
    arena: String,
    /// Per term, by number.
    entries: Vec<Entry<V>>,
    /// Open addressing, a power of two long (or empty): per slot, 0 when empty, else
    /// the hash's low 32 bits (its tag) above the term's number + 1.
    slots: Vec<u64>,
}

#[derive(Debug)]
struct Entry<V> {
    hash: u64,
    start: u32,
    len: u32,
    value: V,
}

impl<V> Default for TermTable<V> {
    fn default() -> Self {
        Self { arena: String::new(), entries: Vec::new(), slots: Vec::new() }
    }
}

impl<V: Default> TermTable<V> {
    /// The number of `term` (whose hash is `hash`, from [`term_hash`]), added with a
    /// default value if new.
    pub fn find_or_add(&mut self, term: &str, hash: u64) -> usize {
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut slot = home(hash, mask);
        loop {
            match self.slots[slot] {
                0 => return self.add(slot, term, hash),
                s if s >> 32 == hash & 0xFFFF_FFFF && self.term(number(s)) == term => return number(s),
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// The numbers of `terms` (each with its hash), into `out`, as
    /// [`find_or_add`](Self::find_or_add) gives them one by one, in passes: load the
    /// slots where their lookups begin; load the entries of the terms those hold
    /// (the first whose tag matches); load those terms' bytes; then look each up,
    /// which finds most in what is loaded.
    pub fn find_all<'t>(&mut self, terms: impl Iterator<Item = (&'t str, u64)> + Clone, out: &mut Vec<usize>) {
        out.clear();
        // Room for all of them first (and a table at all): no growing between the passes.
        let most = self.entries.len() + terms.clone().count();
        while most * 2 > self.slots.len() || self.slots.is_empty() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        for (_, hash) in terms.clone() {
            prefetch(&self.slots[home(hash, mask)]);
        }
        for (_, hash) in terms.clone() {
            if let Some(&s) = self.slots[home(hash, mask)..].iter().find(|&&s| s == 0 || s >> 32 == hash & 0xFFFF_FFFF)
                && s != 0
            {
                prefetch(&self.entries[number(s)]);
                out.push(number(s));
            } else {
                out.push(usize::MAX);
            }
        }
        for &n in out.iter().filter(|&&n| n != usize::MAX) {
            if let Some(first) = self.arena.as_bytes().get(self.entries[n].start as usize) {
                prefetch(first);
            }
        }
        for ((term, hash), n) in terms.zip(out.iter_mut()) {
            *n = self.find_or_add(term, hash);
        }
    }

    /// Files a new term at `slot` (empty).
    fn add(&mut self, slot: usize, term: &str, hash: u64) -> usize {
        let id = self.entries.len();
        self.slots[slot] = (hash << 32) | (id as u64 + 1);
        self.entries.push(Entry { hash, start: self.arena.len() as u32, len: term.len() as u32, value: V::default() });
        self.arena.push_str(term);
        id
    }
}

impl<V> TermTable<V> {
    /// Twice the slots (at least 64), every term filed again.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        self.slots.clear();
        self.slots.resize(size, 0);
        let mask = size - 1;
        for (id, e) in self.entries.iter().enumerate() {
            let mut slot = home(e.hash, mask);
            while self.slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = (e.hash << 32) | (id as u64 + 1);
        }
    }

    /// Drops the lookup table: the terms and values stay, and cannot be found or
    /// added again.
    pub fn drop_lookup(&mut self) {
        self.slots = Vec::new();
        self.arena.shrink_to_fit();
        self.entries.shrink_to_fit();
    }

    /// Term `id`'s text.
    pub fn term(&self, id: usize) -> &str {
        let e = &self.entries[id];
        &self.arena[e.start as usize..(e.start + e.len) as usize]
    }

    /// Term `id`'s value.
    pub fn value_mut(&mut self, id: usize) -> &mut V {
        &mut self.entries[id].value
    }

    /// Distinct terms.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Each term with its hash and value, in the order first seen.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u64, &V)> + Clone {
        self.entries.iter().enumerate().map(|(id, e)| (self.term(id), e.hash, &e.value))
    }
}

/// The slot where a lookup of `hash` begins: from the hash's high bits (the low ones
/// are its tag).
fn home(hash: u64, mask: usize) -> usize {
    (hash >> 32) as usize & mask
}

/// The term number a slot holds (not empty).
fn number(slot: u64) -> usize {
    (slot & 0xFFFF_FFFF) as usize - 1
}

/// Asks the processor to start loading the cache line of `value`, without waiting
/// for it (nothing on processors without the instruction).
#[inline(always)]
pub fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint: it reads nothing the program sees and cannot
    // fault, whatever the address (here a valid reference anyway).
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(value).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_each_term_once_in_the_order_first_seen() {
        let mut t = TermTable::<u32>::default();
        let words = ["a", "存档", "a", "bb", "存档", "a"];
        let ids: Vec<usize> = words.iter().map(|w| t.find_or_add(w, term_hash(w))).collect();
        assert_eq!(ids, [0, 1, 0, 2, 1, 0]);
        *t.value_mut(1) += 5;
        t.drop_lookup();
        assert_eq!(t.len(), 3);
        let all: Vec<(&str, u64, u32)> = t.iter().map(|(w, h, v)| (w, h, *v)).collect();
        assert_eq!(all, [("a", term_hash("a"), 0), ("存档", term_hash("存档"), 5), ("bb", term_hash("bb"), 0)]);
    }

    #[test]
    fn finding_all_at_once_equals_finding_one_by_one() {
        let (mut one, mut all) = (TermTable::<()>::default(), TermTable::<()>::default());
        let mut out = Vec::new();
        // Page 0 has no terms (an empty table then), and `""` is a term too.
        all.find_all([("", term_hash(""))].into_iter().take(0), &mut out);
        assert!(out.is_empty());
        assert_eq!((all.find_or_add("", term_hash("")), one.find_or_add("", term_hash(""))), (0, 0));
        all.find_all([("", term_hash(""))].into_iter(), &mut out);
        assert_eq!(out, [0]);
        for page in 0..300 {
            let words: Vec<String> = (0..page % 37).map(|k| format!("w{}", (page * 7 + k * 13) % 500)).collect();
            let terms = words.iter().map(|w| (w.as_str(), term_hash(w)));
            all.find_all(terms.clone(), &mut out);
            let expected: Vec<usize> = terms.map(|(w, h)| one.find_or_add(w, h)).collect();
            assert_eq!(out, expected, "page {page}");
        }
        assert_eq!(all.len(), 501);
    }

    #[test]
    fn terms_whose_hashes_collide_stay_apart() {
        // Same hash, different text: the tag matches and the bytes decide. Equal tags
        // in other slots as well.
        let mut t = TermTable::<()>::default();
        let mut out = Vec::new();
        assert_eq!(t.find_or_add("x", 7), 0);
        assert_eq!(t.find_or_add("y", 7), 1);
        assert_eq!(t.find_or_add("z", 7 | (1 << 40)), 2);
        t.find_all([("z", 7 | (1 << 40)), ("y", 7), ("w", 7), ("x", 7)].into_iter(), &mut out);
        assert_eq!(out, [2, 1, 3, 0]);
    }
}
