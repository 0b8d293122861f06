//! The files of one locale's index, as `search.js` reads them (all JSON):
//! - `meta.json`: the language and stemmer, the number of pages, and two tables:
//!   the first term of each term chunk with its file, and the first page of each
//!   page bundle with its file. It is the only file with a fixed name; the others
//!   are named by a hash of their contents, so a browser may keep them forever.
//! - `terms/<hash>.json`, ~[`CHUNK_BYTES`] each, terms in UTF-16 order (the order
//!   of JavaScript's `<`): `{"term": [page, score, page, score…]}`, pages as the
//!   difference from the previous one, scores as integers (see [`score`]). A query
//!   loads the chunk of each of its words, and the chunks after it for a prefix.
//! - `pages/<hash>.json`, ~[`BUNDLE_BYTES`] each: per page, `[url, title, text,
//!   headings]`, a heading being `[start, end, level, id]` in UTF-16 units of the
//!   text. Only the bundles of the results shown are loaded, for their section and
//!   excerpt.

use std::cmp::Ordering;

use rayon::prelude::*;

use super::counts::{TermCount, TermCounts};
use super::json;
use super::table::{TermTable, prefetch};

/// The entry file's name.
pub const META: &str = "meta.json";
/// About the size of a term chunk.
const CHUNK_BYTES: usize = 16 * 1024;
/// About the size of a page bundle.
const BUNDLE_BYTES: usize = 32 * 1024;

/// BM25's term-frequency saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.5;
/// What a term in the title adds to its page's score (a body term scores up to
/// `K1 + 1`).
const TITLE_BONUS: f64 = 1.5;
/// How much a title's length lowers its bonus (0: not at all, 1: in proportion).
const TITLE_B: f64 = 0.4;
/// Scores are stored as integers: the score times this.
const SCALE: f64 = 20.0;

/// A locale's postings as pages are taken: per term, its pages (numbered in the
/// order taken) with their counts; per page, its lengths.
#[derive(Default)]
pub struct Postings {
    /// The locale's terms with their pages.
    terms: TermTable<PageCounts>,
    /// Per page: terms in the page and in its title.
    lengths: Vec<(u32, u32)>,
    /// The numbers of the terms of the page being added.
    ids: Vec<usize>,
}

/// A term's pages and its packed counts in them, as variable-length integers (the
/// page as the difference from the previous one, then the count): 2–3 bytes a
/// page instead of 8, since postings are what grows with the guide.
#[derive(Default)]
struct PageCounts {
    bytes: Vec<u8>,
    last: u32,
}

impl PageCounts {
    fn push(&mut self, page: u32, packed: u32) {
        varint(&mut self.bytes, page - self.last);
        varint(&mut self.bytes, packed);
        self.last = page;
    }

    /// Starts loading the end of the list, where the next page goes.
    fn prefetch_end(&self) {
        if let Some(last) = self.bytes.last() {
            prefetch(last);
        }
    }

    /// The pages and packed counts, in order.
    fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut at = 0;
        let mut page = 0;
        std::iter::from_fn(move || {
            if at >= self.bytes.len() {
                return None;
            }
            page += read_varint(&self.bytes, &mut at);
            Some((page, read_varint(&self.bytes, &mut at)))
        })
    }
}

fn varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> u32 {
    let (mut n, mut shift) = (0u32, 0);
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        n |= u32::from(b & 0x7F) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    n
}

/// A term count in 32 bits: the weight, and the title flag in the top bit.
fn pack(count: TermCount) -> u32 {
    count.weight.min(u32::MAX >> 1) | (u32::from(count.in_title) << 31)
}

fn unpack(packed: u32) -> TermCount {
    TermCount { weight: packed & (u32::MAX >> 1), in_title: packed >> 31 == 1 }
}

impl Postings {
    /// Adds the next page; returns its number. Its terms are found all at once
    /// ([`TermTable::find_all`]), then the ends of their lists are loaded together
    /// before the page is added to each.
    pub fn add(&mut self, terms: &TermCounts, length: u32, title_length: u32) -> usize {
        let id = self.lengths.len();
        self.lengths.push((length, title_length));
        self.terms.find_all(terms.iter().map(|(term, hash, _)| (term, hash)), &mut self.ids);
        for &n in &self.ids {
            self.terms.value_mut(n).prefetch_end();
        }
        for (&n, (_, _, count)) in self.ids.iter().zip(terms.iter()) {
            self.terms.value_mut(n).push(id as u32, pack(count));
        }
        id
    }

    /// Pages added.
    pub fn pages(&self) -> usize {
        self.lengths.len()
    }

    /// Distinct terms.
    pub fn terms(&self) -> usize {
        self.terms.len()
    }
}

/// The page bundles, filled page by page in order.
#[derive(Default)]
pub struct Bundler {
    /// The bundle being filled: its first page and its text so far.
    current: Option<(usize, String)>,
    /// Per bundle written: its first page and its file.
    table: Vec<(usize, String)>,
}

impl Bundler {
    /// Adds page `id`'s entry ([`page_entry`]); returns the bundle file it
    /// completed, if any.
    pub fn push(&mut self, id: usize, entry: String) -> Option<(String, Vec<u8>)> {
        // Sized once: grown by doubling, each bundle was copied about twice over.
        let (_, body) = self.current.get_or_insert_with(|| {
            let mut body = String::with_capacity(2 * BUNDLE_BYTES);
            body.push('[');
            (id, body)
        });
        if body.len() > 1 {
            body.push(',');
        }
        body.push_str(&entry);
        if body.len() >= BUNDLE_BYTES { self.close() } else { None }
    }

    /// Closes the bundle being filled.
    fn close(&mut self) -> Option<(String, Vec<u8>)> {
        let (first, mut body) = self.current.take()?;
        body.push(']');
        let name = hashed("pages", body.as_bytes());
        self.table.push((first, name.clone()));
        Some((name, body.into_bytes()))
    }
}

/// A page's entry in its bundle: `[url, title, text, [[start, end, level, id]…]]`.
pub fn page_entry(url: &str, title: &str, text: &str, headings: &[(usize, usize, u8, &str)]) -> String {
    let ids: usize = headings.iter().map(|h| h.3.len() + 24).sum();
    let mut out = String::with_capacity(url.len() + title.len() + text.len() + text.len() / 16 + ids + 16);
    out.push('[');
    for s in [url, title, text] {
        json::push_string(&mut out, s);
        out.push(',');
    }
    out.push('[');
    let mut number = itoa::Buffer::new();
    for (k, &(start, end, level, id)) in headings.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push('[');
        for n in [start, end, usize::from(level)] {
            out.push_str(number.format(n));
            out.push(',');
        }
        json::push_string(&mut out, id);
        out.push(']');
    }
    out.push_str("]]");
    out
}

/// The rest of a locale's index once every page is taken: the last bundle, the
/// term chunks and `meta.json`, named inside the index folder.
pub fn finish(
    postings: Postings,
    mut bundles: Bundler,
    language: &str,
    stemmer: Option<&str>,
) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = bundles.close().into_iter().collect();
    let Postings { terms, lengths, .. } = postings;
    let n = lengths.len().max(1) as f64;
    let average = Lengths {
        page: lengths.iter().map(|l| f64::from(l.0)).sum::<f64>() / n,
        title: lengths.iter().map(|l| f64::from(l.1)).sum::<f64>() / n,
    };
    let mut terms: Vec<(&str, &PageCounts)> = terms.iter().map(|(term, _, list)| (term, list)).collect();
    terms.par_sort_unstable_by(|a, b| utf16_order(a.0, b.0));
    // Each entry is written on its own (in parallel), then entries are grouped into
    // files in order.
    let entries: Vec<(&str, String)> = terms
        .par_iter()
        .map(|(term, list)| {
            let scored = list.iter().map(|(page, packed)| {
                let (length, title_length) = lengths[page as usize];
                (page, score(unpack(packed), length, title_length, &average))
            });
            // A varint byte holds up to 7 bits: at most 3 digits and a comma, 2-3 chars
            // on average; the term's quotes, `:[` and `]`, escapes seldom.
            let size = term.len() + 8 + 3 * list.bytes.len();
            (*term, term_entry(term, scored, size))
        })
        .collect();
    let chunks = group(entries, CHUNK_BYTES, ('{', '}'), "terms");
    let meta = serde_json::json!({
        "version": 1,
        "language": language,
        "stemmer": stemmer,
        "pages": lengths.len(),
        "scale": SCALE,
        "terms": chunks.iter().map(|(first, name, _)| serde_json::json!([first, name])).collect::<Vec<_>>(),
        "bundles": bundles.table.iter().map(|(first, name)| serde_json::json!([first, name])).collect::<Vec<_>>(),
    });
    files.extend(chunks.into_iter().map(|(_, name, bytes)| (name, bytes)));
    files.push((META.to_owned(), meta.to_string().into_bytes()));
    files
}

/// `"term":[page, score, page, score…]`, pages as differences.
/// `size` is what it is expected to take (the string is made that large at once).
fn term_entry(term: &str, list: impl Iterator<Item = (u32, u32)>, size: usize) -> String {
    let mut out = String::with_capacity(size);
    json::push_string(&mut out, term);
    out.push_str(":[");
    let mut previous = 0;
    let mut number = itoa::Buffer::new();
    for (n, (page, s)) in list.enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(number.format(page - previous));
        out.push(',');
        out.push_str(number.format(s));
        previous = page;
    }
    out.push(']');
    out
}

/// Entries, in order, grouped into files of about `size` bytes between `brackets`:
/// per file, its first entry's key, its name (`folder/<hash>.json`) and bytes.
fn group<K: Send>(
    entries: Vec<(K, String)>,
    size: usize,
    brackets: (char, char),
    folder: &str,
) -> Vec<(K, String, Vec<u8>)> {
    let mut files: Vec<(K, String)> = Vec::new();
    let mut current: Option<(K, String)> = None;
    for (key, entry) in entries {
        let (_, body) = current.get_or_insert_with(|| (key, brackets.0.to_string()));
        if body.len() > 1 {
            body.push(',');
        }
        body.push_str(&entry);
        if body.len() >= size {
            files.extend(current.take());
        }
    }
    files.extend(current);
    files
        .into_par_iter()
        .map(|(first, mut body)| {
            body.push(brackets.1);
            (first, hashed(folder, body.as_bytes()), body.into_bytes())
        })
        .collect()
}

/// The average lengths of a locale's pages and titles, in terms.
struct Lengths {
    page: f64,
    title: f64,
}

/// A term's score in a page: BM25's term part (its weighted count, saturated and
/// normalised by the page's length against the average) plus a bonus when it is in
/// the title, larger in a shorter title (a title the query's words fill is the best
/// answer), as an integer. The browser multiplies it by the term's rarity.
fn score(count: TermCount, length: u32, title_length: u32, average: &Lengths) -> u32 {
    let tf = f64::from(count.weight);
    let norm = K1 * (1.0 - B + B * f64::from(length) / average.page.max(1.0));
    let mut s = tf * (K1 + 1.0) / (tf + norm);
    if count.in_title {
        s += TITLE_BONUS / (1.0 - TITLE_B + TITLE_B * f64::from(title_length) / average.title.max(1.0));
    }
    ((s * SCALE).round() as u32).max(1)
}

/// The order of two strings' UTF-16 units (JavaScript's `<`): the order of their
/// code points, which is their UTF-8 bytes' order, except that a character above
/// U+FFFF (two surrogate units, from U+D800) sorts before U+E000–U+FFFF.
fn utf16_order(a: &str, b: &str) -> Ordering {
    let Some(same) = a.bytes().zip(b.bytes()).position(|(x, y)| x != y) else {
        return a.len().cmp(&b.len());
    };
    // Bytes agree with the units unless one of the characters that differ is above
    // U+FFFF (lead byte from 0xF0) and the other from U+E000 (lead byte 0xEE or 0xEF):
    // with either byte below 0xEE, theirs is the order.
    let (x, y) = (a.as_bytes()[same], b.as_bytes()[same]);
    if x < 0xEE || y < 0xEE {
        return x.cmp(&y);
    }
    // The characters that differ start at the same place in both.
    let start = (0..=same).rev().find(|&i| a.is_char_boundary(i)).unwrap_or(0);
    let (x, y) = (a[start..].chars().next().unwrap_or_default(), b[start..].chars().next().unwrap_or_default());
    let unit = |c: char| if u32::from(c) > 0xFFFF { 0xD800 } else { u32::from(c) };
    unit(x).cmp(&unit(y)).then(x.cmp(&y))
}

/// `folder/<hash of contents>.json`: a name that changes when the contents do.
fn hashed(folder: &str, contents: &[u8]) -> String {
    format!("{folder}/{:016x}.json", content_hash(contents))
}

/// A 64-bit hash of `bytes`, stable across builds and platforms, eight bytes a step
/// (the index's files hold ~20 MB on the corpus): each little-endian word is mixed
/// in by a multiply and a shift, the end by MurmurHash3's finaliser.
fn content_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = 0xcbf2_9ce4_8422_2325 ^ (bytes.len() as u64).wrapping_mul(K);
    let mut step = |word: u64| {
        h = (h ^ word).wrapping_mul(K);
        h ^= h >> 29;
    };
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        step(u64::from_le_bytes(word.try_into().expect("invariant: eight bytes")));
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    step(u64::from_le_bytes(tail));
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_come_back_as_they_went_in() {
        let mut list = PageCounts::default();
        let all = [(0, 1), (3, 200), (130, pack(TermCount { weight: 5, in_title: true })), (70_000, 0)];
        for (page, packed) in all {
            list.push(page, packed);
        }
        assert_eq!(list.iter().collect::<Vec<_>>(), all);
        assert!(list.bytes.len() < 16, "{} bytes", list.bytes.len());
        assert_eq!(unpack(all[2].1), TermCount { weight: 5, in_title: true });
    }

    #[test]
    fn content_hashes_are_fixed_and_tell_contents_apart() {
        // Fixed values: the names of the index's files must not change between builds
        // or platforms.
        assert_eq!(hashed("pages", b""), "pages/c8e03b709c0522f5.json");
        assert_eq!(hashed("terms", b"{\"a\":[0,20]}"), "terms/b5a6292cd8814faf.json");
        let mut seen = std::collections::HashSet::new();
        for n in 0..2000u32 {
            let text = format!("[\"page {n}\"]");
            assert!(seen.insert(content_hash(text.as_bytes())), "collision at {n}");
            assert!(seen.insert(content_hash(&text.as_bytes()[..text.len() - 1])), "collision at {n}, shorter");
        }
        assert_ne!(content_hash(b"a"), content_hash(b"a\0"), "trailing zeros count");
    }

    proptest::proptest! {
        #[test]
        fn any_strings_compare_as_their_utf16_units(a in "[a-c\u{7FF}\u{800}\u{D7FF}\u{E000}\u{EFFF}\u{F000}\u{FFFF}\u{10000}\u{1F600}\u{10FFFF}]{0,4}",
                                                  b in "[a-c\u{7FF}\u{800}\u{D7FF}\u{E000}\u{EFFF}\u{F000}\u{FFFF}\u{10000}\u{1F600}\u{10FFFF}]{0,4}") {
            proptest::prop_assert_eq!(utf16_order(&a, &b), a.encode_utf16().cmp(b.encode_utf16()));
        }
    }

    #[test]
    fn page_entries_are_the_json_of_their_parts() {
        type Entry<'a> = (&'a str, &'a str, &'a str, Vec<(usize, usize, u8, &'a str)>);
        let cases: [Entry; 3] = [
            ("a.html", "T", "", vec![]),
            ("es-es/x.html", "Título \"1\"", "texto\ncon\tescapes \\ \u{1}", vec![(0, 5, 1, "t"), (6, 9, 2, "a\"b")]),
            ("zh-cn/存档.html", "存档", "配置存档策略", vec![(0, 2, 3, "")]),
        ];
        for (url, title, text, headings) in cases {
            let want = serde_json::to_string(&(url, title, text, &headings)).unwrap();
            assert_eq!(page_entry(url, title, text, &headings), want);
        }
    }

    #[test]
    fn terms_sort_as_javascript_compares_them() {
        let mut words = vec!["\u{FF21}", "b", "\u{1F600}", "a", "ab", "\u{E000}", "存档"];
        words.sort_by(|a, b| utf16_order(a, b));
        let mut js = words.clone();
        js.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        assert_eq!(words, js);
        assert_eq!(words, ["a", "ab", "b", "存档", "\u{1F600}", "\u{E000}", "\u{FF21}"]);
    }
}
