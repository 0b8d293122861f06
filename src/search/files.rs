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

use rustc_hash::FxHashMap;

use super::Record;
use super::counts::TermCount;

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
/// Scores are stored as integers: the score times this.
const SCALE: f64 = 20.0;

/// A page as it is indexed.
pub struct IndexedPage<'a> {
    pub url: &'a str,
    pub title: &'a str,
    pub record: Record,
}

/// A locale's files, named inside its index folder.
pub struct Written {
    pub files: Vec<(String, Vec<u8>)>,
    pub terms: usize,
}

/// The files of an index of `pages` (numbered in this order).
pub fn write(pages: &[IndexedPage], language: &str, stemmer: Option<&str>) -> Written {
    let mut files = Vec::new();
    let average = pages.iter().map(|p| f64::from(p.record.length)).sum::<f64>() / pages.len().max(1) as f64;
    let mut postings: FxHashMap<&str, Vec<(u32, u32)>> = FxHashMap::default();
    for (id, page) in pages.iter().enumerate() {
        for (term, count) in page.record.terms.iter() {
            let s = score(count, page.record.length, average);
            postings.entry(term).or_default().push((id as u32, s));
        }
    }
    let mut terms: Vec<(&str, Vec<(u32, u32)>)> = postings.into_iter().collect();
    terms.sort_unstable_by(|a, b| utf16_order(a.0, b.0));
    let term_count = terms.len();

    let mut chunks = Vec::new();
    let mut chunk = String::new();
    let mut first = "";
    for (i, (term, list)) in terms.iter().enumerate() {
        if chunk.is_empty() {
            first = term;
            chunk.push('{');
        } else {
            chunk.push(',');
        }
        chunk.push_str(&json_string(term));
        chunk.push_str(":[");
        let mut previous = 0;
        let mut number = itoa::Buffer::new();
        for (n, (page, s)) in list.iter().enumerate() {
            if n > 0 {
                chunk.push(',');
            }
            chunk.push_str(number.format(page - previous));
            chunk.push(',');
            chunk.push_str(number.format(*s));
            previous = *page;
        }
        chunk.push(']');
        if chunk.len() >= CHUNK_BYTES || i + 1 == terms.len() {
            chunk.push('}');
            let name = hashed("terms", chunk.as_bytes());
            chunks.push((first.to_owned(), name.clone()));
            files.push((name, std::mem::take(&mut chunk).into_bytes()));
        }
    }

    let mut bundles = Vec::new();
    let mut bundle = String::new();
    let mut first_page = 0;
    for (id, page) in pages.iter().enumerate() {
        if bundle.is_empty() {
            first_page = id;
            bundle.push('[');
        } else {
            bundle.push(',');
        }
        let headings: Vec<(usize, usize, u8, &str)> =
            page.record.headings.iter().map(|(s, e, l, id)| (*s, *e, *l, id.as_str())).collect();
        let entry = (page.url, page.title, &page.record.text, headings);
        bundle.push_str(&serde_json::to_string(&entry).unwrap_or_default());
        if bundle.len() >= BUNDLE_BYTES || id + 1 == pages.len() {
            bundle.push(']');
            let name = hashed("pages", bundle.as_bytes());
            bundles.push((first_page, name.clone()));
            files.push((name, std::mem::take(&mut bundle).into_bytes()));
        }
    }

    let meta = serde_json::json!({
        "version": 1,
        "language": language,
        "stemmer": stemmer,
        "pages": pages.len(),
        "scale": SCALE,
        "terms": chunks,
        "bundles": bundles,
    });
    files.push((META.to_owned(), meta.to_string().into_bytes()));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Written { files, terms: term_count }
}

/// A term's score in a page: BM25's term part (its weighted count, saturated and
/// normalised by the page's length against the average) plus a bonus when it is in
/// the title, as an integer. The browser multiplies it by the term's rarity.
fn score(count: TermCount, length: u32, average: f64) -> u32 {
    let tf = f64::from(count.weight);
    let norm = K1 * (1.0 - B + B * f64::from(length) / average.max(1.0));
    let mut s = tf * (K1 + 1.0) / (tf + norm);
    if count.in_title {
        s += TITLE_BONUS;
    }
    ((s * SCALE).round() as u32).max(1)
}

/// The order of two strings' UTF-16 units (JavaScript's `<`): the order of their
/// code points, except that a character above U+FFFF (two surrogate units, from
/// U+D800) sorts before U+E000–U+FFFF.
fn utf16_order(a: &str, b: &str) -> Ordering {
    let unit = |c: char| if u32::from(c) > 0xFFFF { 0xD800 } else { u32::from(c) };
    for (x, y) in a.chars().zip(b.chars()) {
        if x != y {
            return unit(x).cmp(&unit(y)).then(x.cmp(&y));
        }
    }
    a.len().cmp(&b.len())
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// `folder/<hash of contents>.json`: a name that changes when the contents do.
fn hashed(folder: &str, contents: &[u8]) -> String {
    // FNV-1a, 64 bits: stable across builds and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in contents {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{folder}/{h:016x}.json")
}

#[cfg(test)]
mod tests {
    use super::*;

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
