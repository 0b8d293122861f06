//! Text scanned eight bytes at a time: a 64-bit word of text is asked whether it may
//! hold a byte of interest, so the long runs without one (most of a page) are passed
//! over a word at a time. Each mask below is exact when asking whether *any* byte of
//! the word matches (it may mark more bytes than match once one does), which is all
//! that is asked. Used by HTML escaping, the search index's JSON strings and the
//! section keys' numbers.

use std::borrow::Cow;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;
const LOWS: u64 = ONES * 0x7F;

/// Non-zero when a byte of `word` is `c`: a zero byte of `word ^ splat(c)`.
pub fn equal(word: u64, c: u8) -> u64 {
    let x = word ^ (ONES * u64::from(c));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// Non-zero when a byte of `word` is below `n` (at most 0x80): it borrows when `n`
/// is subtracted from it.
pub fn below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS
}

/// Non-zero when a byte of `word` is strictly between `low` (at most 0x7F) and
/// `high` (at most 0x80); bytes from 0x80 up never count.
pub fn between(word: u64, low: u8, high: u8) -> u64 {
    let seven = word & LOWS;
    let below_high = (ONES * (0x7F + u64::from(high))).wrapping_sub(seven);
    let above_low = seven + ONES * (0x7F - u64::from(low));
    below_high & !word & above_low & HIGHS
}

/// The first multiple-of-eight step from `from` where the eight bytes may hold a byte
/// of interest (`may_hold`), or where fewer than eight are left.
pub fn skip(bytes: &[u8], from: usize, may_hold: impl Fn(u64) -> bool) -> usize {
    let mut i = from;
    while let Some(word) = bytes.get(i..i + 8) {
        if may_hold(u64::from_le_bytes(word.try_into().expect("invariant: eight bytes"))) {
            break;
        }
        i += 8;
    }
    i
}

/// Appends `s` with some ASCII bytes written otherwise (`replacement`; it must give
/// `None` for every byte from 0x80 up, so the text is cut at character boundaries
/// only). The text between replaced bytes is copied in runs; `may_hold` says whether
/// eight bytes may hold one to replace.
pub fn push_replacing(
    out: &mut String,
    s: &str,
    may_hold: impl Fn(u64) -> bool,
    replacement: impl Fn(u8) -> Option<Cow<'static, str>>,
) {
    let b = s.as_bytes();
    out.reserve(s.len());
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        i = skip(b, i, &may_hold);
        let end = (i + 8).min(b.len());
        for (k, &c) in b[i..end].iter().enumerate() {
            if let Some(new) = replacement(c) {
                out.push_str(&s[copied..i + k]);
                out.push_str(&new);
                copied = i + k + 1;
            }
        }
        i = end;
    }
    out.push_str(&s[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn masks_answer_as_byte_loops(word in proptest::num::u64::ANY, c in 0u8..=0xFF, n in 0u8..=0x80, low in 0u8..=0x7F, high in 0u8..=0x80) {
            let bytes = word.to_le_bytes();
            proptest::prop_assert_eq!(equal(word, c) != 0, bytes.contains(&c));
            proptest::prop_assert_eq!(below(word, n) != 0, bytes.iter().any(|&b| b < n));
            proptest::prop_assert_eq!(between(word, low, high) != 0, bytes.iter().any(|&b| low < b && b < high));
        }
    }
}
