//! A native tokenizer for a subset of PowerShell, in front of syntect. For blocks
//! made only of constructs it fully understands (cmdlets, `-Parameters` and
//! `-operators`, quoted strings without escapes, `$name` in double quotes,
//! variables with members, integers, bare words and host names, `|` `,` `=` `;`
//! `<` `>`, `{…}` script blocks, `[…]` syntax placeholders and `#` comments) it
//! produces the same scope ops, line by line, as `ParseState::parse_line` with
//! two-face's PowerShell grammar, without running its regexes. Anything else
//! (here-strings, `(…)`, `$(…)`, `@…`, backticks, `$env:X`, attributes, …) makes
//! [`Tokenizer::block_ops`] return `None`, and the caller runs syntect as before.
//! Tests hold the two equal on every code block of the corpus and on generated lines.

use syntect::parsing::{Scope, ScopeStackOp};

use words::{ATTRIBUTES, COMPARISONS, KEYWORDS, SPECIAL_VARIABLES, is_verb};

pub(super) mod words;

/// The grammar's scopes, built once.
pub struct Tokenizer {
    source: Scope,
    function: Scope,
    assignment: Scope,
    other: Scope,
    terminator: Scope,
    double: Scope,
    single: Scope,
    begin: Scope,
    end: Scope,
    variable: Scope,
    sigil: Scope,
    constant: Scope,
    automatic: Scope,
    integer: Scope,
    redirection: Scope,
    member: Scope,
    block: Scope,
    brace_open: Scope,
    brace_close: Scope,
    bracket_open: Scope,
    bracket_close: Scope,
    storage_type: Scope,
    comment: Scope,
    comment_mark: Scope,
    keyword: Scope,
    comparison: Scope,
    unary: Scope,
    logical: Scope,
    bitwise: Scope,
    format: Scope,
}

type Ops = Vec<(usize, ScopeStackOp)>;

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether a word token may end before `b` (`None`: end of line).
fn ends_word(b: Option<u8>) -> bool {
    matches!(b, None | Some(b' ' | b'\t' | b'\n' | b',' | b'|' | b';' | b'=' | b'<' | b'>' | b'{' | b'}' | b']'))
}

impl Tokenizer {
    pub fn new() -> Self {
        let s = |name: &str| Scope::new(name).expect("invariant: valid scope name");
        Self {
            source: s("source.powershell"),
            function: s("support.function.powershell"),
            assignment: s("keyword.operator.assignment.powershell"),
            other: s("keyword.operator.other.powershell"),
            terminator: s("punctuation.terminator.statement.powershell"),
            double: s("string.quoted.double.powershell"),
            single: s("string.quoted.single.powershell"),
            begin: s("punctuation.definition.string.begin.powershell"),
            end: s("punctuation.definition.string.end.powershell"),
            variable: s("variable.other.readwrite.powershell"),
            sigil: s("punctuation.definition.variable.powershell"),
            constant: s("constant.language.powershell"),
            automatic: s("support.variable.automatic.powershell"),
            integer: s("constant.numeric.integer.powershell"),
            redirection: s("keyword.operator.redirection.powershell"),
            member: s("variable.other.member.powershell"),
            block: s("meta.scriptblock.powershell"),
            brace_open: s("punctuation.section.braces.begin.powershell"),
            brace_close: s("punctuation.section.braces.end.powershell"),
            bracket_open: s("punctuation.section.bracket.begin.powershell"),
            bracket_close: s("punctuation.section.bracket.end.powershell"),
            storage_type: s("storage.type.powershell"),
            comment: s("comment.line.powershell"),
            comment_mark: s("punctuation.definition.comment.powershell"),
            keyword: s("keyword.control.powershell"),
            comparison: s("keyword.operator.comparison.powershell"),
            unary: s("keyword.operator.unary.powershell"),
            logical: s("keyword.operator.logical.powershell"),
            bitwise: s("keyword.operator.bitwise.powershell"),
            format: s("keyword.operator.string-format.powershell"),
        }
    }

    /// The ops of each line of `code` (as `LinesWithEndings` splits it), or `None`
    /// when the block uses anything outside the subset.
    pub fn block_ops(&self, code: &str) -> Option<Vec<Ops>> {
        let mut out = Vec::new();
        // Open script blocks (`{`) and types (`[`), which the grammar's state carries from line to line.
        let mut open = Vec::new();
        for (i, line) in syntect::util::LinesWithEndings::from(code).enumerate() {
            let mut ops = Vec::with_capacity(16);
            if i == 0 {
                ops.push((0, ScopeStackOp::Push(self.source)));
            }
            self.line_ops(line, &mut ops, &mut open)?;
            out.push(ops);
        }
        Some(out)
    }

    fn line_ops(&self, line: &str, ops: &mut Ops, open: &mut Vec<u8>) -> Option<()> {
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            // Inside `[…]` (the grammar's type context) names are `storage.type`.
            let in_type = open.last() == Some(&b'[');
            let start = i;
            let word_end = match b[i] {
                b' ' | b'\t' | b'\n' => {
                    i += 1;
                    continue;
                }
                b'#' => {
                    let body = line[i + 1..].trim_start_matches('#');
                    if body.get(..8).is_some_and(|w| w.eq_ignore_ascii_case("requires"))
                        || body.trim_start().starts_with('.')
                    {
                        return None;
                    }
                    ops.push((i, ScopeStackOp::Push(self.comment)));
                    self.span(ops, self.comment_mark, i, i + 1);
                    ops.push((b.len(), ScopeStackOp::Pop(1)));
                    return Some(());
                }
                b'"' | b'\'' => {
                    let (quote, scope, curly) = if b[i] == b'"' {
                        (b'"', self.double, '\u{201C}'..='\u{201E}')
                    } else {
                        (b'\'', self.single, '\u{2018}'..='\u{201B}')
                    };
                    let len = b[i + 1..].iter().position(|&c| c == quote)?;
                    let close = i + 1 + len;
                    let body = &line[i + 1..close];
                    if body.contains('`')
                        || body.chars().any(|c| curly.contains(&c))
                        || b.get(close + 1) == Some(&quote)
                    {
                        return None;
                    }
                    ops.push((i, ScopeStackOp::Push(scope)));
                    self.span(ops, self.begin, i, i + 1);
                    // `$name` inside double quotes: the variable alone, no members.
                    for (k, _) in body.match_indices('$') {
                        let at = i + 1 + k;
                        let end = at + 1 + b[at + 1..].iter().take_while(|&&c| is_word(c)).count();
                        if quote != b'"' || !b.get(end).is_some_and(|&c| c.is_ascii() && c != b':') {
                            return None;
                        }
                        let (scope, _) = self.variable_scope(&line[at + 1..end])?;
                        ops.push((at, ScopeStackOp::Push(scope)));
                        self.span(ops, self.sigil, at, at + 1);
                        ops.push((end, ScopeStackOp::Pop(1)));
                    }
                    self.span(ops, self.end, close, close + 1);
                    ops.push((close + 1, ScopeStackOp::Pop(1)));
                    close + 1
                }
                b'$' => {
                    let len = b[i + 1..].iter().take_while(|&&c| is_word(c)).count();
                    let end = i + 1 + len;
                    let (scope, members) = self.variable_scope(&line[i + 1..end])?;
                    ops.push((i, ScopeStackOp::Push(scope)));
                    self.span(ops, self.sigil, i, i + 1);
                    // Members (`$_.Identity.Name`) are part of the variable's match.
                    let mut member_end = end;
                    while members && b.get(member_end) == Some(&b'.') {
                        let len = b[member_end + 1..].iter().take_while(|&&c| is_word(c)).count();
                        if len == 0 {
                            return None;
                        }
                        member_end += 1 + len;
                    }
                    if member_end > end {
                        self.span(ops, self.member, end, member_end);
                    }
                    ops.push((member_end, ScopeStackOp::Pop(1)));
                    member_end
                }
                b'-' => {
                    if i > 0 && !matches!(b[i - 1], b' ' | b'\t' | b'[') {
                        return None;
                    }
                    let letters = b[i + 1..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
                    let end = i + 1 + letters + b[i + 1 + letters..].iter().take_while(|c| c.is_ascii_digit()).count();
                    let name = line[i + 1..i + 1 + letters].to_ascii_lowercase();
                    match self.operator(&name) {
                        Some(scope) if end == i + 1 + letters => self.span(ops, scope, i, end),
                        Some(_) => return None,
                        None if letters == 0 || name == "hidden" || name == "static" => return None,
                        None => {
                            self.span(ops, self.assignment, i, i + 1);
                            if in_type {
                                self.span(ops, self.storage_type, i + 1, end);
                            }
                        }
                    }
                    // `-Confirm:$false`: the `:` matches nothing.
                    if b.get(end) == Some(&b':') && b.get(end + 1) == Some(&b'$') {
                        i = end + 1;
                        continue;
                    }
                    end
                }
                b'0'..=b'9' => {
                    let end = i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                    self.span(ops, self.integer, i, end);
                    end
                }
                c if c.is_ascii_alphabetic() && in_type => {
                    let end = i + b[i..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'.').count();
                    self.span(ops, self.storage_type, i, end);
                    end
                }
                c if c.is_ascii_alphabetic() => {
                    let end = i + b[i..]
                        .iter()
                        .take_while(|&&c| is_word(c) || matches!(c, b':' | b'\\' | b'.' | b'-'))
                        .count();
                    self.word(&line[i..end], i, ops)?;
                    end
                }
                b'|' | b',' => {
                    if b.get(i + 1) == Some(&b'|') {
                        return None;
                    }
                    self.span(ops, self.other, i, i + 1);
                    i += 1;
                    continue;
                }
                b'=' if b.get(i + 1) != Some(&b'=') => {
                    self.span(ops, self.assignment, i, i + 1);
                    i += 1;
                    continue;
                }
                // Redirection (`<placeholder>` in syntax lines); `<<`, `>>`, `<#` are not handled.
                b'<' | b'>' if !matches!(b.get(i + 1), Some(b'<' | b'>' | b'#' | b'&')) => {
                    self.span(ops, self.redirection, i, i + 1);
                    i += 1;
                    continue;
                }
                b'{' => {
                    ops.push((i, ScopeStackOp::Push(self.block)));
                    self.span(ops, self.brace_open, i, i + 1);
                    open.push(b'{');
                    i += 1;
                    continue;
                }
                b'}' => {
                    if open.pop() != Some(b'{') {
                        return None;
                    }
                    self.span(ops, self.brace_close, i, i + 1);
                    ops.push((i + 1, ScopeStackOp::Pop(1)));
                    i += 1;
                    continue;
                }
                b'[' => {
                    // `[Parameter(…)]` and the like are attributes, another context.
                    let rest = line[i + 1..].trim_start();
                    let name = &rest[..rest.bytes().take_while(|&c| is_word(c)).count()];
                    if ATTRIBUTES.iter().any(|a| a.eq_ignore_ascii_case(name)) {
                        return None;
                    }
                    self.span(ops, self.bracket_open, i, i + 1);
                    open.push(b'[');
                    i += 1;
                    continue;
                }
                b']' => {
                    if open.pop() != Some(b'[') {
                        return None;
                    }
                    self.span(ops, self.bracket_close, i, i + 1);
                    i += 1;
                    continue;
                }
                b';' => {
                    self.span(ops, self.terminator, i, i + 1);
                    i += 1;
                    continue;
                }
                _ => return None,
            };
            if !ends_word(b.get(word_end).copied()) || word_end == start {
                return None;
            }
            // `2>` is a redirection wherever it stands (`[1-6]>`).
            if b.get(word_end) == Some(&b'>') && (b'1'..=b'6').contains(&b[word_end - 1]) {
                return None;
            }
            i = word_end;
        }
        Some(())
    }

    /// A cmdlet (`Verb-Noun`) or a bare word (`global`, `C:\Logs`, `sip:a`, `pool-01a`).
    fn word(&self, word: &str, at: usize, ops: &mut Ops) -> Option<()> {
        let w = word.as_bytes();
        let lower = word.to_ascii_lowercase();
        if matches!(lower.as_str(), "foreach-object" | "where-object" | "sort-object" | "tee-object") {
            self.span(ops, self.function, at, at + w.len());
            return Some(());
        }
        if let Some(dash) = word.find('-') {
            let noun = &w[dash + 1..];
            if is_verb(&word[..dash])
                && w[..dash].iter().all(u8::is_ascii_alphabetic)
                && noun.first().is_some_and(u8::is_ascii_alphabetic)
                && noun.iter().all(u8::is_ascii_alphanumeric)
            {
                self.span(ops, self.function, at, at + w.len());
                return Some(());
            }
        }
        // A bare word: runs of segments (word characters) joined by `.` or `-`,
        // the runs joined by `:` and `\\` (`C:\\Logs`, `sip:a`, `site:atl-cs-001`).
        let mut i = 0;
        while i < w.len() {
            let run_start = i == 0 || matches!(w[i - 1], b':' | b'\\');
            let run_end = i + w[i..].iter().take_while(|&&c| !matches!(c, b':' | b'\\')).count();
            let run = &lower[i..run_end];
            // A host or file name ending in `.com`, `.exe`, `.cmd` or `.bat` is one `support.function` token.
            if run_start
                && w[i].is_ascii_alphabetic()
                && [".exe", ".com", ".cmd", ".bat"].iter().any(|e| run.ends_with(e))
                && !run.find('-').is_some_and(|dash| is_verb(&run[..dash]))
            {
                self.span(ops, self.function, at + i, at + run_end);
                i = run_end + w[run_end..].iter().take_while(|&&c| matches!(c, b':' | b'\\')).count();
                continue;
            }
            let len = w[i..].iter().take_while(|&&c| is_word(c)).count();
            if len == 0 {
                return None;
            }
            let segment = &lower[i..i + len];
            let before = if i == 0 { None } else { Some(w[i - 1]) };
            let after = w.get(i + len).copied();
            if w[i].is_ascii_digit() {
                // An integer after `-`, `:` or `\\` (`pool-01`); `1.`, not `1.5`, before a name.
                if !segment.bytes().all(|c| c.is_ascii_digit()) || before == Some(b'.') {
                    return None;
                }
                let mut end = i + len;
                if after == Some(b'.') {
                    let next = w[end + 1..].iter().take_while(|&&c| is_word(c)).count();
                    let name = &lower[end + 1..end + 1 + next];
                    // Suffixes the number patterns would take in (`1.d`, `1.ul`, `1.kb`, `1.e5`).
                    if next == 0
                        || !w[end + 1].is_ascii_alphabetic()
                        || name.len() <= 5 && name.bytes().all(|c| b"ulfdmekgtpb0123456789_".contains(&c))
                    {
                        return None;
                    }
                    end += 1;
                }
                self.span(ops, self.integer, at + i, at + end);
                i = end;
                if after == Some(b'.') {
                    continue;
                }
            } else {
                if matches!(
                    segment,
                    "hidden" | "static" | "class" | "using" | "function" | "filter" | "configuration" | "workflow"
                ) || (after == Some(b'-') && lower[i + len..].starts_with("-object"))
                    || (before == Some(b'.') && matches!(segment, "exe" | "com" | "cmd" | "bat"))
                    || (after == Some(b'-') && is_verb(segment))
                {
                    return None;
                }
                if KEYWORDS.contains(&segment) && !matches!(before, Some(b'-' | b'.')) {
                    self.span(ops, self.keyword, at + i, at + i + len);
                }
                i += len;
            }
            match after {
                None => {}
                // `.` joins two segments, the second a name.
                Some(b'.') => {
                    if !w.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
                        return None;
                    }
                    i += 1;
                }
                // `-` (the grammar's assignment operator) joins a name or an integer.
                Some(b'-') => {
                    if !w.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
                        return None;
                    }
                    self.span(ops, self.assignment, at + i, at + i + 1);
                    i += 1;
                }
                // A run of `:` and `\\` matches nothing.
                Some(_) => i += w[i..].iter().take_while(|&&c| matches!(c, b':' | b'\\')).count(),
            }
        }
        Some(())
    }

    /// The scope of `$name`, and whether members (`.Name`) belong to its match.
    fn variable_scope(&self, name: &str) -> Option<(Scope, bool)> {
        Some(match name.to_ascii_lowercase().as_str() {
            "" => return None,
            "true" | "false" | "null" => (self.constant, false),
            "_" => (self.automatic, true),
            n if SPECIAL_VARIABLES.contains(&n) => return None,
            _ => (self.variable, true),
        })
    }

    /// The scope of `-name` when the grammar reads it as an operator.
    fn operator(&self, name: &str) -> Option<Scope> {
        let compare = |n: &str| COMPARISONS.contains(&n);
        let stripped = name.strip_prefix(['i', 'c']);
        if matches!(name, "is" | "isnot" | "as") || compare(name) || stripped.is_some_and(compare) {
            return Some(self.comparison);
        }
        Some(match name {
            "join" | "split" => self.unary,
            "and" | "or" | "not" | "xor" => self.logical,
            "band" | "bor" | "bnot" | "bxor" | "shl" | "shr" => self.bitwise,
            "f" => self.format,
            _ => return None,
        })
    }

    fn span(&self, ops: &mut Ops, scope: Scope, start: usize, end: usize) {
        ops.push((start, ScopeStackOp::Push(scope)));
        ops.push((end, ScopeStackOp::Pop(1)));
    }
}

#[cfg(test)]
mod tests;
