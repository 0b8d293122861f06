//! The grammar's character classes and small patterns as byte tests, for the native
//! tokenizer ([`super`]): where a word or type name may end, the `.exe` pattern, cmdlet
//! names, keywords' left context, and the number patterns with their size suffixes.

use super::words::{OBJECT_VERBS, is_verb};

pub(super) fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether a word token may end before `b` (`None`: end of line).
pub(super) fn ends_word(b: Option<u8>) -> bool {
    matches!(b, None | Some(b' ' | b'\t' | b'\n' | b',' | b'|' | b';' | b'=' | b'<' | b'>' | b'{' | b'}' | b']'))
}

/// Whether a name in a type (`[Name]`) may end before `b`.
pub(super) fn ends_type_name(b: Option<u8>) -> bool {
    ends_word(b) || matches!(b, Some(b':' | b'[' | b'(' | b'-' | b'/'))
}

/// Whether a token ending in a word character may end before `b`: the end of the line, or
/// an ASCII character that is not a word character (the grammar's `\b`).
pub(super) fn boundary(b: Option<u8>) -> bool {
    b.is_none_or(|c| c.is_ascii() && !is_word(c))
}

/// The characters of a bare word: word characters and the joiners [`Tokenizer::word`] handles.
pub(super) fn in_word(b: u8) -> bool {
    is_word(b) || matches!(b, b'.' | b'-' | b':' | b'\\' | b'/' | b'*' | b'+')
}

/// The characters of the grammar's `.exe` pattern (`[A-Za-z0-9\-_\.]`).
pub(super) fn in_exe_class(b: u8) -> bool {
    is_word(b) || matches!(b, b'-' | b'.')
}

/// Whether a run of `.exe` pattern characters holds a `.exe`, `.com`, `.cmd` or `.bat` (in any
/// case) the pattern would end at.
pub(super) fn has_ext(run: &[u8]) -> bool {
    run.iter().enumerate().any(|(k, &c)| {
        c == b'.'
            && run
                .get(k + 1..k + 4)
                .is_some_and(|e| [b"exe", b"com", b"cmd", b"bat"].iter().any(|x| e.eq_ignore_ascii_case(&x[..])))
            && !run.get(k + 4).is_some_and(|&c| is_word(c))
    })
}

/// Whether a run of `.exe` pattern characters ends with its only such extension.
pub(super) fn ends_with_ext(run: &[u8]) -> bool {
    run.len() > 4 && has_ext(&run[run.len() - 4..]) && !has_ext(&run[..run.len() - 4])
}

/// The length of the cmdlet name a word starts with: `Verb-Noun` up to the first word boundary
/// after the dash (where the grammar's lazy pattern stops), with a `.ps1`, `.exe`, `.cmd` or
/// `.bat` there, or one of the `*-Object` cmdlets with reserved verbs.
pub(super) fn cmdlet(w: &[u8], lower: &str) -> Option<usize> {
    for verb in OBJECT_VERBS {
        let len = verb.len() + "-object".len();
        if lower.strip_prefix(verb).is_some_and(|rest| rest.starts_with("-object"))
            && !w.get(len).is_some_and(|&c| is_word(c))
        {
            return Some(len);
        }
    }
    let dash = w.iter().position(|&c| c == b'-')?;
    if !w[..dash].iter().all(u8::is_ascii_alphabetic)
        || !is_verb(&lower[..dash])
        || !w.get(dash + 1).is_some_and(u8::is_ascii_alphabetic)
    {
        return None;
    }
    let noun_end = dash + 1 + w[dash + 1..].iter().take_while(|&&c| is_word(c)).count();
    let ext = lower.as_bytes().get(noun_end..noun_end + 4);
    if matches!(ext, Some(b".ps1" | b".exe" | b".cmd" | b".bat")) && !w.get(noun_end + 4).is_some_and(|&c| is_word(c)) {
        return Some(noun_end + 4);
    }
    Some(noun_end)
}

/// Whether `using` followed by `rest` may be a `using namespace` or `using module` directive.
pub(super) fn using_directive(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches([' ', '\t']);
    trimmed.len() < rest.len()
        && (trimmed.get(..9).is_some_and(|r| r.eq_ignore_ascii_case("namespace"))
            || trimmed.get(..6).is_some_and(|r| r.eq_ignore_ascii_case("module")))
}

/// Whether the keyword `segment` at `at` is one for the grammar: not after a word character,
/// `-` or `.`, except `foreach` and `where` after `).` (or a `.` opening the line).
pub(super) fn keyword_may_follow(b: &[u8], at: usize, segment: &str) -> bool {
    match at.checked_sub(1).map(|p| b[p]) {
        Some(b'-') => false,
        Some(b'.') => matches!(segment, "foreach" | "where") && (at < 2 || b[at - 2] == b')'),
        Some(c) => !is_word(c),
        None => true,
    }
}

/// What the grammar's number patterns match at `i` (where `(?<!\w)` holds; a sign included):
/// the ends of the number and of its size suffix (`10`, `mb`), or `Some(None)` when none
/// matches (`10Mb_Link`, `0ff1`). `None` for the forms not handled: hex and binary numbers,
/// exponents, type suffixes (`1d`, `1ul`) and decimals followed by letters.
pub(super) fn number(b: &[u8], i: usize) -> Option<Option<(usize, usize)>> {
    let word = |p: usize| b.get(p).is_some_and(|&c| is_word(c));
    let digits =
        |p: usize| p + b.get(p..).map_or(0, |r| r.iter().take_while(|&&c| c.is_ascii_digit() || c == b'_').count());
    let size = |p: usize| {
        matches!(b.get(p), Some(b'k' | b'K' | b'm' | b'M' | b'g' | b'G' | b't' | b'T' | b'p' | b'P'))
            && matches!(b.get(p + 1), Some(b'b' | b'B'))
            && !word(p + 2)
    };
    let s = if matches!(b.get(i), Some(b'+' | b'-')) { i + 1 } else { i };
    let hex =
        matches!(b.get(s + 1), Some(b'x' | b'X')) && b.get(s + 2).is_some_and(|c| c.is_ascii_hexdigit() || *c == b'_');
    let binary = matches!(b.get(s + 1), Some(b'b' | b'B')) && matches!(b.get(s + 2), Some(b'0' | b'1' | b'_'));
    if b.get(s) == Some(&b'0') && (hex || binary) {
        return None;
    }
    let j = digits(s);
    let dot = b.get(j) == Some(&b'.');
    // A decimal (`1.5`, `.5`, `192.168`).
    if dot && b.get(j + 1).is_some_and(|&c| c.is_ascii_digit() || c == b'_') {
        let f = digits(j + 1);
        return if !word(f) {
            Some(Some((f, f)))
        } else if size(f) {
            Some(Some((f, f + 2)))
        } else {
            None
        };
    }
    if j == s {
        return Some(None);
    }
    // An exponent (`2E`, `1e5`, `1.e`): one digit at most, then a type or size suffix.
    let e = if dot { j + 1 } else { j };
    if matches!(b.get(e), Some(b'e' | b'E')) {
        let k = e + 1 + usize::from(b.get(e + 1).is_some_and(|&c| c.is_ascii_digit() || c == b'_'));
        if matches!(b.get(k), Some(b'f' | b'F' | b'd' | b'D' | b'm' | b'M')) && (size(k + 1) || !word(k + 1)) {
            return None;
        }
        if size(k) {
            return Some(Some((k, k + 2)));
        }
        if !word(k) {
            return Some(Some((k, k)));
        }
    }
    // The digits, then `.` if the rest matches with it, else without it.
    let ends: &[usize] = if dot { &[j + 1, j] } else { &[j] };
    for &k in ends {
        if matches!(b.get(k), Some(b'f' | b'F' | b'd' | b'D' | b'm' | b'M')) && (size(k + 1) || !word(k + 1)) {
            return None;
        }
    }
    for &k in ends {
        if matches!(b.get(k), Some(b'u' | b'U' | b'l' | b'L')) {
            return None;
        }
        if size(k) {
            return Some(Some((k, k + 2)));
        }
        if word(k - 1) != word(k) {
            return Some(Some((k, k)));
        }
    }
    Some(None)
}
