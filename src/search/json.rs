//! JSON strings written as serde_json writes them (`"`, `\` and control characters
//! escaped, the short forms where JSON has them, `\u00XX` for the others), with the
//! text between escapes copied in runs and eight bytes without one passed over at
//! once ([`crate::swar`]): the page bundles carry every page's text (~20 MB for the corpus).

use std::borrow::Cow;

use crate::swar;

/// Appends `s` as a JSON string, quotes included.
pub fn push_string(out: &mut String, s: &str) {
    // `"`, `\` or a byte below 0x20.
    let may_hold = |word: u64| swar::equal(word, b'"') | swar::equal(word, b'\\') | swar::below(word, 0x20) != 0;
    out.push('"');
    swar::push_replacing(out, s, may_hold, |c| {
        Some(Cow::Borrowed(match c {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0C => "\\f",
            0x00..=0x1F => return Some(Cow::Owned(format!("\\u{c:04x}"))),
            _ => return None,
        }))
    });
    out.push('"');
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
