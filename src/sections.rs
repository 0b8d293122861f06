//! Section alignment between two translations of an article: which section of
//! the other version each section corresponds to. Used by the language switcher
//! (its `data-sections`), the machine-translation notice's link and the
//! side-by-side view.
//!
//! A section is the content between a heading and the next heading. The Markdown
//! stage gives each one keys that do not depend on its language (cmdlet names,
//! code lines, link targets, images, numbers, `<a name>` anchors:
//! [`crate::markdown::keys`]). The two sequences of sections are aligned by dynamic
//! programming, monotone (a translation keeps the order of its original): the
//! alignment maximises first the weight of the keys matched sections share (a key
//! found in few sections weighs more), then, as a tie-breaker, the number of
//! matched sections whose headings have the same level, so sections without keys
//! follow the outline. The table is a band around the diagonal, so the work grows
//! linearly with the number of sections, never with its square. A section left
//! unmatched falls back to the nearest matched section before it.

use crate::model::{Article, Heading, SectionKeys};

/// Half the width of the band of the alignment table around its diagonal: how far
/// (in sections) one version's outline may drift from the other's.
const BAND: usize = 48;

/// One version of an article as the alignment sees it.
#[derive(Debug, Clone, Copy)]
pub struct Outline<'a> {
    /// Its headings, in order.
    pub headings: &'a [Heading],
    /// Its section keys ([`Article::section_keys`]: `[0]` before the first heading,
    /// `[i + 1]` under `headings[i]`); missing entries count as no keys.
    pub keys: &'a [SectionKeys],
}

impl<'a> Outline<'a> {
    /// The outline of a rendered article.
    pub fn of(article: &'a Article) -> Self {
        Outline { headings: &article.headings, keys: &article.section_keys }
    }

    fn keys_of(&self, heading: usize) -> &'a [u64] {
        self.keys.get(heading + 1).map_or(&[], |k| &k.0)
    }
}

/// Aligns the sections of `from` with those of `to`: for each heading of `from`,
/// the index of the heading of `to` whose section corresponds to it, or `None`
/// when no section of `to` does (not even one before it: the top of the page).
/// The result is monotone: a later heading never maps before an earlier one.
pub fn align(from: Outline<'_>, to: Outline<'_>) -> Vec<Option<usize>> {
    let (n, m) = (from.headings.len(), to.headings.len());
    let mut result = vec![None; n];
    if n == 0 || m == 0 {
        return result;
    }
    let shared = shared_weights(from, to);
    let score = |i: usize, j: usize| {
        let keys = shared[i].binary_search_by_key(&j, |&(j, _)| j).map_or(0, |k| shared[i][k].1);
        let outline = u32::from(from.headings[i].level == to.headings[j].level);
        Score(keys, outline)
    };
    let table = Table::fill(n, m, score);
    for (i, j) in table.matches() {
        result[i] = Some(j);
    }
    // Unmatched sections fall back to the nearest matched one before them.
    let mut last = None;
    for slot in &mut result {
        match slot {
            Some(_) => last = *slot,
            None => *slot = last,
        }
    }
    result
}

/// [`align`] as the switcher writes it: for each heading of `from`, the id of its
/// heading in `to`, or `""` for the top of the page.
pub fn align_ids(from: &Article, to: &Article) -> Vec<String> {
    align(Outline::of(from), Outline::of(to))
        .into_iter()
        .map(|j| j.map(|j| to.headings[j].id.clone()).unwrap_or_default())
        .collect()
}

/// What a pair of matched sections brings: the weight of their shared keys, then
/// whether their headings have the same level. Compared in that order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Score(u32, u32);

impl std::ops::Add for Score {
    type Output = Score;
    fn add(self, other: Score) -> Score {
        Score(self.0 + other.0, self.1 + other.1)
    }
}

/// The weight of a key found in one section of each version.
const FULL_WEIGHT: u32 = 12;

/// For each section `i` of `from`, the sections `j` of `to` that share keys with it
/// and the summed weight of those keys, in increasing `j`; only pairs inside the
/// table's band. A key weighs [`FULL_WEIGHT`] divided by the number of pairs of
/// sections holding it (at least 1): a key in one section of each version weighs
/// most, a key found all over the page (a product year, a common cmdlet) little.
/// Both versions' keys are sorted once and walked together: no pair of sections
/// that shares nothing is looked at.
fn shared_weights(from: Outline<'_>, to: Outline<'_>) -> Vec<Vec<(usize, u32)>> {
    let (n, m) = (from.headings.len(), to.headings.len());
    let keyed = |o: Outline<'_>| {
        let mut all: Vec<(u64, usize)> =
            (0..o.headings.len()).flat_map(|i| o.keys_of(i).iter().map(move |&k| (k, i))).collect();
        all.sort_unstable();
        all
    };
    let (a, b) = (keyed(from), keyed(to));
    let mut pairs: Vec<Vec<(usize, u32)>> = vec![Vec::new(); n];
    let (mut x, mut y) = (0, 0);
    while x < a.len() && y < b.len() {
        match a[x].0.cmp(&b[y].0) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                let key = a[x].0;
                let x_end = x + a[x..].iter().take_while(|e| e.0 == key).count();
                let y_end = y + b[y..].iter().take_while(|e| e.0 == key).count();
                let holders = u32::try_from((x_end - x) * (y_end - y)).unwrap_or(u32::MAX);
                let weight = (FULL_WEIGHT / holders).max(1);
                // `b[y..y_end]` is in increasing section order.
                let sections = &b[y..y_end];
                for &(_, i) in &a[x..x_end] {
                    // Cell (i + 1, j + 1) of the table, inside row i + 1's band.
                    let (lo, hi) = band(n, m, i + 1);
                    let start = sections.partition_point(|&(_, j)| j + 1 < lo);
                    for &(_, j) in sections[start..].iter().take_while(|&&(_, j)| j < hi) {
                        pairs[i].push((j, weight));
                    }
                }
                (x, y) = (x_end, y_end);
            }
        }
    }
    for list in &mut pairs {
        list.sort_unstable_by_key(|&(j, _)| j);
        list.dedup_by(|next, kept| {
            let same = next.0 == kept.0;
            if same {
                kept.1 += next.1;
            }
            same
        });
    }
    pairs
}

/// The columns `lo..=hi` that row `i` of the table (n + 1 rows, m + 1 columns) holds.
fn band(n: usize, m: usize, i: usize) -> (usize, usize) {
    let lo = (i * m / n).saturating_sub(BAND);
    let hi = ((i + 1) * m).div_ceil(n).saturating_add(BAND).min(m);
    (lo, hi)
}

/// How a cell of the table was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// The start.
    Origin,
    /// Section `i - 1` of `from` left unmatched.
    SkipFrom,
    /// Section `j - 1` of `to` left unmatched.
    SkipTo,
    /// Sections `i - 1` and `j - 1` matched.
    Match,
}

/// The alignment table: cell (i, j) holds the best score aligning the first `i`
/// sections of `from` with the first `j` of `to`. Row `i` holds only the columns of
/// the band around the diagonal from (0, 0) to (n, m); consecutive rows' bands
/// overlap, so (n, m) is always reachable.
struct Table {
    rows: Vec<Row>,
}

struct Row {
    /// The first column held.
    lo: usize,
    cells: Vec<Option<(Score, Step)>>,
}

impl Row {
    fn get(&self, j: usize) -> Option<(Score, Step)> {
        j.checked_sub(self.lo).and_then(|k| self.cells.get(k).copied().flatten())
    }
}

impl Table {
    fn fill(n: usize, m: usize, score: impl Fn(usize, usize) -> Score) -> Self {
        let mut rows: Vec<Row> = Vec::with_capacity(n + 1);
        for i in 0..=n {
            let (lo, hi) = band(n, m, i);
            let mut row = Row { lo, cells: Vec::with_capacity(hi - lo + 1) };
            for j in lo..=hi {
                let mut best: Option<(Score, Step)> = (i == 0 && j == 0).then_some((Score::default(), Step::Origin));
                let mut consider = |candidate: Option<Score>, step: Step| {
                    if let Some(s) = candidate
                        && best.is_none_or(|(b, _)| s > b)
                    {
                        best = Some((s, step));
                    }
                };
                if i > 0 && j > 0 {
                    let pair = score(i - 1, j - 1);
                    if pair > Score::default() {
                        consider(rows[i - 1].get(j - 1).map(|(s, _)| s + pair), Step::Match);
                    }
                }
                if i > 0 {
                    consider(rows[i - 1].get(j).map(|(s, _)| s), Step::SkipFrom);
                }
                if j > 0 {
                    consider(row.get(j - 1).map(|(s, _)| s), Step::SkipTo);
                }
                row.cells.push(best);
            }
            rows.push(row);
        }
        Table { rows }
    }

    /// The matched pairs (section of `from`, section of `to`) of the best alignment, in order.
    fn matches(&self) -> Vec<(usize, usize)> {
        let mut pairs = Vec::new();
        let (mut i, mut j) = (self.rows.len() - 1, self.rows.last().map_or(0, |r| r.lo + r.cells.len() - 1));
        while let Some((_, step)) = self.rows[i].get(j) {
            match step {
                Step::Origin => break,
                Step::SkipFrom => i -= 1,
                Step::SkipTo => j -= 1,
                Step::Match => {
                    i -= 1;
                    j -= 1;
                    pairs.push((i, j));
                }
            }
        }
        pairs.reverse();
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Headings `(level, id)` and one key list per heading (the content before the
    /// first heading has none).
    fn outline(spec: &[(u8, &str, &[u64])]) -> (Vec<Heading>, Vec<SectionKeys>) {
        let headings =
            spec.iter().map(|(l, id, _)| Heading { level: *l, id: (*id).into(), text: String::new() }).collect();
        let keys = std::iter::once(SectionKeys::default())
            .chain(spec.iter().map(|(_, _, k)| {
                let mut k = k.to_vec();
                k.sort_unstable();
                SectionKeys(k)
            }))
            .collect();
        (headings, keys)
    }

    fn ids(from: &[(u8, &str, &[u64])], to: &[(u8, &str, &[u64])]) -> Vec<String> {
        let (fh, fk) = outline(from);
        let (th, tk) = outline(to);
        align(Outline { headings: &fh, keys: &fk }, Outline { headings: &th, keys: &tk })
            .into_iter()
            .map(|j| j.map(|j| th[j].id.clone()).unwrap_or_default())
            .collect()
    }

    #[test]
    fn same_outline_maps_one_to_one() {
        let a = [(1, "t", &[][..]), (2, "a", &[]), (2, "b", &[]), (3, "b1", &[])];
        let b = [(1, "título", &[][..]), (2, "x", &[]), (2, "y", &[]), (3, "y1", &[])];
        assert_eq!(ids(&a, &b), ["título", "x", "y", "y1"]);
    }

    #[test]
    fn an_extra_heading_is_stepped_over() {
        let zh = [(1, "t", &[][..]), (2, "a", &[1]), (2, "b", &[2]), (2, "c", &[3])];
        let es =
            [(1, "u", &[][..]), (2, "x", &[1]), (2, "nueva", &[]), (4, "nota", &[]), (2, "y", &[2]), (2, "z", &[3])];
        assert_eq!(ids(&zh, &es), ["u", "x", "y", "z"]);
    }

    #[test]
    fn a_missing_heading_falls_back_to_the_section_before() {
        let es = [(1, "u", &[][..]), (2, "x", &[1]), (2, "nueva", &[9]), (2, "y", &[2])];
        let zh = [(1, "t", &[][..]), (2, "a", &[1]), (2, "b", &[2])];
        assert_eq!(ids(&es, &zh), ["t", "a", "a", "b"]);
    }

    #[test]
    fn keys_outweigh_levels() {
        let a = [(2, "a", &[1][..]), (3, "b", &[2])];
        let b = [(3, "x", &[1][..]), (2, "y", &[2])];
        assert_eq!(ids(&a, &b), ["x", "y"]);
    }

    #[test]
    fn no_keys_at_all_follows_the_outline() {
        let a = [(1, "t", &[][..]), (2, "a", &[]), (3, "a1", &[]), (2, "b", &[])];
        let b = [(1, "u", &[][..]), (2, "x", &[]), (2, "y", &[])];
        assert_eq!(ids(&a, &b), ["u", "x", "x", "y"]);
    }

    #[test]
    fn a_common_key_weighs_less_than_a_rare_one() {
        // Key 7 is everywhere; key 5 says where section "b" went.
        let a = [(2, "a", &[7][..]), (2, "b", &[5, 7]), (2, "c", &[7])];
        let b = [(2, "x", &[7][..]), (2, "y", &[7]), (2, "z", &[5, 7])];
        assert_eq!(ids(&a, &b)[1], "z");
    }

    #[test]
    fn no_headings_maps_nothing() {
        assert_eq!(ids(&[(2, "a", &[])], &[]), [""]);
        assert!(ids(&[], &[(2, "a", &[])]).is_empty());
    }

    /// The first form of the pair weights: each pair's sorted key lists merged, each
    /// shared key's holders counted in a map.
    fn shared_by_merging(from: Outline<'_>, to: Outline<'_>, i: usize, j: usize) -> u32 {
        let mut counts: rustc_hash::FxHashMap<u64, (u32, u32)> = rustc_hash::FxHashMap::default();
        for f in 0..from.headings.len() {
            for &k in from.keys_of(f) {
                counts.entry(k).or_default().0 += 1;
            }
        }
        for t in 0..to.headings.len() {
            for &k in to.keys_of(t) {
                counts.entry(k).or_default().1 += 1;
            }
        }
        let (a, b) = (from.keys_of(i), to.keys_of(j));
        let (mut x, mut y, mut total) = (0, 0, 0);
        while x < a.len() && y < b.len() {
            match a[x].cmp(&b[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    let (nf, nt) = counts[&a[x]];
                    total += (FULL_WEIGHT / (nf * nt).max(1)).max(1);
                    x += 1;
                    y += 1;
                }
            }
        }
        total
    }

    proptest::proptest! {
        #[test]
        fn pair_weights_are_the_merged_key_lists(
            from in proptest::collection::vec(proptest::collection::btree_set(0u64..12, 0..5), 0..70),
            to in proptest::collection::vec(proptest::collection::btree_set(0u64..12, 0..5), 0..70),
        ) {
            let spec = |sets: &[std::collections::BTreeSet<u64>]| -> (Vec<Heading>, Vec<SectionKeys>) {
                let headings = sets.iter().map(|_| Heading { level: 2, id: String::new(), text: String::new() }).collect();
                let keys = std::iter::once(SectionKeys::default())
                    .chain(sets.iter().map(|k| SectionKeys(k.iter().copied().collect())))
                    .collect();
                (headings, keys)
            };
            let ((fh, fk), (th, tk)) = (spec(&from), spec(&to));
            let (f, t) = (Outline { headings: &fh, keys: &fk }, Outline { headings: &th, keys: &tk });
            let shared = shared_weights(f, t);
            for (i, pairs) in shared.iter().enumerate() {
                let (lo, hi) = band(fh.len(), th.len(), i + 1);
                for j in 0..th.len() {
                    let got = pairs.iter().find(|p| p.0 == j).map_or(0, |p| p.1);
                    let want = if lo <= j + 1 && j < hi { shared_by_merging(f, t, i, j) } else { 0 };
                    proptest::prop_assert_eq!(got, want, "sections {} and {}", i, j);
                }
            }
        }
    }

    #[test]
    fn long_pages_stay_linear_and_aligned() {
        // 20,000 sections against 20,001 (one extra near the top): the band keeps the
        // table small, and every keyed section still lands on its twin.
        let keys: Vec<Vec<u64>> = (0..20_000u64).map(|k| vec![k]).collect();
        let mut a: Vec<(u8, String, &[u64])> = Vec::new();
        let mut b: Vec<(u8, String, &[u64])> = vec![(2, "extra".into(), &[])];
        for (k, key) in keys.iter().enumerate() {
            a.push((2, format!("a{k}"), key));
            b.push((2, format!("b{k}"), key));
        }
        b.swap(0, 1);
        let a: Vec<(u8, &str, &[u64])> = a.iter().map(|(l, id, k)| (*l, id.as_str(), *k)).collect();
        let b: Vec<(u8, &str, &[u64])> = b.iter().map(|(l, id, k)| (*l, id.as_str(), *k)).collect();
        let got = ids(&a, &b);
        assert!(got.iter().enumerate().all(|(k, id)| *id == format!("b{k}")));
    }
}
