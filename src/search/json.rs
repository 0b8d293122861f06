//! JSON strings written as serde_json writes them (`"`, `\` and control characters
//! escaped, the short forms where JSON has them, `\u00XX` for the others), with the
//! text between escapes copied in runs and eight bytes without one passed over at
//! once: the page bundles carry every page's text (~20 MB for the corpus).

/// Appends `s` as a JSON string, quotes included.
pub fn push_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let b = s.as_bytes();
    out.reserve(s.len() + 2);
    out.push('"');
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        while let Some(word) = b.get(i..i + 8) {
            if has_escaped(u64::from_le_bytes(word.try_into().expect("invariant: eight bytes"))) {
                break;
            }
            i += 8;
        }
        let end = (i + 8).min(b.len());
        for k in i..end {
            let short = match b[k] {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0C => "\\f",
                0x00..=0x1F => "",
                _ => continue,
            };
            out.push_str(&s[copied..k]);
            if short.is_empty() {
                let c = b[k];
                for unit in [b'\\', b'u', b'0', b'0', HEX[usize::from(c >> 4)], HEX[usize::from(c & 0xF)]] {
                    out.push(char::from(unit));
                }
            } else {
                out.push_str(short);
            }
            copied = k + 1;
        }
        i = end;
    }
    out.push_str(&s[copied..]);
    out.push('"');
}

/// Whether one of the eight bytes of `word` is escaped: `"`, `\` or below 0x20.
fn has_escaped(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A zero byte of `word ^ splat(c)` is a byte equal to `c`; a byte below 0x20
    // borrows when 0x20 is subtracted from it (exact when asking whether any byte
    // does, which is all that is asked).
    let zeros = |c: u8| {
        let x = word ^ (ONES * u64::from(c));
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    zeros(b'"') | zeros(b'\\') | below_space != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(s: &str) -> String {
        let mut out = String::new();
        push_string(&mut out, s);
        out
    }

    #[test]
    fn escapes_as_serde_json() {
        for s in ["", "plain text of some length", "a\"b\\c", "\u{0}\u{1f}\u{7f}\n\r\t\u{8}\u{c}", "配置 \"存档\""]
        {
            assert_eq!(string(s), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_string_is_written_as_serde_json_writes_it(
            s in "([a-z ]|\"|\\\\|/|\u{0}|\u{1}|\u{8}|\t|\n|\u{b}|\u{c}|\r|\u{1f}|\u{7f}|\u{80}|é|配|\u{1F600})*"
        ) {
            proptest::prop_assert_eq!(string(&s), serde_json::to_string(&s).unwrap());
        }
    }
}
