//! The fast path for the front matter nearly every article has: one `key: value` per
//! line, each value a plain or simply quoted string. Such a block is read here
//! without the YAML parser (which was 7 % of a build's CPU); anything else (a
//! comment, an indented or continued line, a list, a value that YAML would read as
//! a number, a boolean or null, an escape, a repeated key…) returns `None` and is
//! left to serde_yaml, so the result is always the one serde_yaml gives. The unit
//! tests check that on every front matter of the corpus and on generated blocks.

use serde_yaml::Value;

/// The keys and values serde_yaml would read from `yaml`, in order, when `yaml` is a
/// flat block of string values; `None` when it is anything else.
pub(super) fn parse(yaml: &str) -> Option<Vec<(String, Value)>> {
    let mut map: Vec<(String, Value)> = Vec::with_capacity(12);
    for line in yaml.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let (key, value) = line.split_once(": ").or_else(|| line.strip_suffix(':').map(|k| (k, "")))?;
        if !plain_key(key) {
            return None;
        }
        let value = string_value(value.trim_matches(' '))?;
        // A repeated key (a handful of keys: a scan is quicker than a hash).
        if map.iter().any(|(k, _)| k == key) {
            return None;
        }
        map.push((key.to_owned(), value));
    }
    // An empty block is null to serde_yaml, not an empty mapping.
    (!map.is_empty()).then_some(map)
}

/// A key made only of letters, digits and `_ . : -`, starting with a letter (so
/// never an indicator, a number, a boolean or null, and never ending in `:`).
fn plain_key(key: &str) -> bool {
    key.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && !key.ends_with(':')
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-'))
        && !could_be_other_than_text(key)
}

/// The value of a line: a plain scalar that can only be text, a quoted one without
/// escapes, or an unsigned decimal integer (`ms:contentKeyID: 48276802`); `None`
/// for anything else (and for an empty value: null).
fn string_value(v: &str) -> Option<Value> {
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        // YAML 1.2: a leading zero makes digits text.
        if v.len() > 1 && v.starts_with('0') {
            return Some(Value::String(v.to_owned()));
        }
        return v.parse::<u64>().ok().map(|n| Value::Number(n.into()));
    }
    text_value(v).map(Value::String)
}

/// The string a value stands for: a plain scalar that can only be text, or a quoted
/// one without escapes.
pub(crate) fn text_value(v: &str) -> Option<String> {
    let bytes = v.as_bytes();
    let first = *bytes.first()?;
    // Tabs, byte-order marks, control characters, line and paragraph separators, non-characters.
    if v.chars()
        .any(|c| c.is_control() || matches!(c, '\t' | '\u{FEFF}' | '\u{2028}' | '\u{2029}' | '\u{FFFE}' | '\u{FFFF}'))
    {
        return None;
    }
    match first {
        b'"' => {
            let inner = v.strip_prefix('"')?.strip_suffix('"')?;
            (!inner.contains(['"', '\\'])).then(|| inner.to_owned())
        }
        b'\'' => {
            let inner = v.strip_prefix('\'')?.strip_suffix('\'')?;
            (!inner.contains('\'')).then(|| inner.to_owned())
        }
        // Indicators that start something other than a plain scalar.
        b'-' | b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%'
        | b'@' | b'`' => None,
        _ => {
            let plain = !v.contains(": ") && !v.contains(" #") && !v.ends_with(':') && !could_be_other_than_text(v);
            plain.then(|| v.to_owned())
        }
    }
}

/// Whether serde_yaml might read a plain scalar as something else than text: a null
/// or boolean word, or a number (what Rust reads as a float, which covers every
/// decimal integer; `0x`, `0o` and `0b` integers; `.inf` and `.nan`). Errs on the
/// side of `true`: such a block just takes the slow path.
fn could_be_other_than_text(v: &str) -> bool {
    const WORDS: &[&str] = &["null", "~", "true", "false"];
    let unsigned = v.trim_start_matches(['+', '-']);
    let prefixed = |p: &str| unsigned.get(..p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p));
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(v))
        || v.parse::<f64>().is_ok()
        || ["0x", "0o", "0b", ".inf", ".nan"].iter().any(|p| prefixed(p))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// serde_yaml's mapping of a block, when it reads one with text keys.
    fn yaml(text: &str) -> Option<Vec<(String, Value)>> {
        match serde_yaml::from_str::<Value>(text) {
            Ok(Value::Mapping(m)) => m
                .into_iter()
                .map(|(k, v)| match k {
                    Value::String(k) => Some((k, v)),
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    }

    fn agrees(block: &str) {
        if let Some(fast) = parse(block) {
            assert_eq!(Some(fast), yaml(block), "the fast path differs from serde_yaml on {block:?}");
        }
    }

    #[test]
    fn reads_corpus_shaped_blocks() {
        let block = "title: 'Lync: 第一步'\nTOCTitle: First steps\nms:assetid: 98245B04-DED4\nms.date: 07/23/2014\nms.translationtype: MT\nms.locfileid: \"34830142\"\nmtps_version: v=OCS.15\n";
        let map = parse(block).expect("flat");
        assert_eq!(map.len(), 7);
        assert_eq!(parse("id: 48276802\nzip: 007\n"), yaml("id: 48276802\nzip: 007\n"));
        assert_eq!(map[0], ("title".to_owned(), Value::String("Lync: 第一步".into())));
        agrees(block);
    }

    #[test]
    fn leaves_everything_else_to_yaml() {
        for block in [
            "a: 0x1F\n",
            "a: true\n",
            "a: TRUE\n",
            "a: -0x1f\n",
            "a: +.Inf\n",
            "a: 1e5\n",
            "a: 99999999999999999999\n",
            "a: ~\n",
            "a:\n",
            "a: .inf\n",
            "a: -5\n",
            "a: b: c\n",
            "a: b # comment\n",
            "# comment\na: b\n",
            "a: b\na: c\n",
            "a:\n  - x\n",
            "a: [x]\n",
            "a: \"x\\ty\"\n",
            "a: 'it''s'\n",
            "a: |\n  x\n",
            "a: b\n  continued\n",
            "a:\tb\n",
            "1: b\n",
            "a: &x b\n",
            "a: 'x' trailing\n",
        ] {
            assert!(parse(block).is_none(), "{block:?} is not flat text");
        }
    }

    #[test]
    fn corpus_front_matter_reads_as_serde_yaml_reads_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/lync-2013");
        if !root.is_dir() {
            eprintln!("skipped: the corpus is absent ({})", root.display());
            return;
        }
        let (mut flat, mut all) = (0, 0);
        for entry in walkdir::WalkDir::new(&root).into_iter().flatten() {
            if entry.path().extension().is_none_or(|e| e != "md") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).expect("corpus files are UTF-8");
            let Ok(split) = super::super::split(text.trim_start_matches('\u{FEFF}')) else { continue };
            let Some(block) = split.yaml else { continue };
            all += 1;
            if let Some(fast) = parse(block) {
                flat += 1;
                assert_eq!(Some(fast), yaml(block), "{}", entry.path().display());
            }
        }
        eprintln!("{flat} of {all} front matters took the fast path");
        assert!(all > 3000 && flat * 10 > all * 9, "{flat} of {all} blocks took the fast path");
    }

    proptest! {
        /// Lines of keys and values made of characters YAML treats specially.
        #[test]
        fn generated_blocks_agree(lines in proptest::collection::vec(("[a-zA-Z][a-zA-Z0-9_.:-]{0,8}", "[ a-zA-Z0-9:#'\"\\-.,~&*!|>%@`{}\\[\\]?/é配]{0,12}"), 0..6)) {
            let block: String = lines.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
            agrees(&block);
        }
    }
}
