//! A native tokenizer for a subset of PowerShell, in front of syntect. For blocks made only
//! of constructs it fully understands it produces the same scope ops, line by line, as
//! `ParseState::parse_line` with two-face's PowerShell grammar, without running its regexes.
//! The subset: cmdlets (also inside words, `Web-Request-Monitor`), `-Parameters` and
//! `-operators`; quoted strings without escapes, over several lines too, with `$name` in
//! double quotes; variables with members (`$_.Name`, the automatic, constant and preference
//! ones; `@name`, which the grammar finds in `user@contoso.com`); numbers (signed, decimal,
//! with a size suffix: `10MB`); bare words, host names, paths and URLs (the grammar's
//! assignment operators `/` `*` `+` `-` inside them); `|` `,` `=` `+=` `;` `<` `>` `>>`, `%`
//! and `?`, a backtick ending a line; `{…}` script blocks, `@{…}` hashtables and their keys,
//! `(…)` and `$(…)` groups, `[…]` types and syntax placeholders; `#` and `<#…#>` comments.
//! Anything else (here-strings, escapes, `@(…)`, `$env:X`, attributes, hex numbers, type
//! suffixes, `function` and `class` definitions, `using` directives, …) makes
//! [`Tokenizer::block_ops`] return `None`, and the caller runs syntect as before.
//! Tests hold the two equal on every code block of the corpus and on generated lines.

use syntect::parsing::{Scope, ScopeStackOp};

use words::{
    ATTRIBUTES, AUTOMATIC_VARIABLES, COMPARISONS, CONSTANT_VARIABLES, KEYWORDS, OBJECT_VERBS, PREFERENCE_VARIABLES,
    is_verb,
};

mod classes;
pub(super) mod words;

use classes::{
    boundary, cmdlet, ends_type_name, ends_with_ext, ends_word, has_ext, in_exe_class, in_word, is_word,
    keyword_may_follow, number, using_directive,
};

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
    constant_variable: Scope,
    language_variable: Scope,
    integer: Scope,
    size: Scope,
    redirection: Scope,
    member: Scope,
    block: Scope,
    hashtable: Scope,
    hashtable_begin: Scope,
    hashtable_assignment: Scope,
    group: Scope,
    complex_group: Scope,
    substatement: Scope,
    subexpression_sigil: Scope,
    group_begin: Scope,
    group_end: Scope,
    brace_open: Scope,
    brace_close: Scope,
    bracket_open: Scope,
    bracket_close: Scope,
    storage_type: Scope,
    storage_modifier: Scope,
    comment: Scope,
    comment_mark: Scope,
    block_comment: Scope,
    block_comment_begin: Scope,
    block_comment_end: Scope,
    keyword: Scope,
    comparison: Scope,
    unary: Scope,
    logical: Scope,
    bitwise: Scope,
    format: Scope,
}

type Ops = Vec<(usize, ScopeStackOp)>;

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
            constant_variable: s("support.constant.variable.powershell"),
            language_variable: s("variable.language.powershell"),
            integer: s("constant.numeric.integer.powershell"),
            size: s("keyword.other.powershell"),
            redirection: s("keyword.operator.redirection.powershell"),
            member: s("variable.other.member.powershell"),
            block: s("meta.scriptblock.powershell"),
            hashtable: s("meta.hashtable.powershell"),
            hashtable_begin: s("keyword.other.hashtable.begin.powershell"),
            hashtable_assignment: s("meta.hashtable.assignment.powershell"),
            group: s("meta.group.simple.subexpression.powershell"),
            complex_group: s("meta.group.complex.subexpression.powershell"),
            substatement: s("keyword.other.substatement.powershell"),
            subexpression_sigil: s("punctuation.definition.subexpression.powershell"),
            group_begin: s("punctuation.section.group.begin.powershell"),
            group_end: s("punctuation.section.group.end.powershell"),
            brace_open: s("punctuation.section.braces.begin.powershell"),
            brace_close: s("punctuation.section.braces.end.powershell"),
            bracket_open: s("punctuation.section.bracket.begin.powershell"),
            bracket_close: s("punctuation.section.bracket.end.powershell"),
            storage_type: s("storage.type.powershell"),
            storage_modifier: s("storage.modifier.powershell"),
            comment: s("comment.line.powershell"),
            comment_mark: s("punctuation.definition.comment.powershell"),
            block_comment: s("comment.block.powershell"),
            block_comment_begin: s("punctuation.definition.comment.block.begin.powershell"),
            block_comment_end: s("punctuation.definition.comment.block.end.powershell"),
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
        // The contexts open, which the grammar's state carries from line to line: script blocks
        // (`{`), hashtables (`@`), groups (`(`), types (`[`), strings (`"`, `'`) and block comments (`<`).
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
        // A string or a block comment left open on an earlier line goes on.
        match open.last() {
            Some(&quote @ (b'"' | b'\'')) => match self.string_body(line, 0, quote, ops)? {
                Some(close) => {
                    open.pop();
                    i = close + 1;
                }
                None => return Some(()),
            },
            Some(b'<') => match self.block_comment_body(line, 0, ops)? {
                Some(end) => {
                    open.pop();
                    i = end;
                }
                None => return Some(()),
            },
            _ => {}
        }
        while i < b.len() {
            let top = open.last().copied();
            // Inside `[…]` (the grammar's type context) names are `storage.type`.
            let in_type = top == Some(b'[');
            let prev = i.checked_sub(1).map(|p| b[p]);
            let word_end = match b[i] {
                b' ' | b'\t' | b'\n' => {
                    i += 1;
                    continue;
                }
                b'#' => {
                    // After `` ` ``, `\` or `-`, `#` starts no comment.
                    let body = line[i + 1..].trim_start_matches('#');
                    if matches!(prev, Some(b'`' | b'\\' | b'-'))
                        || body.get(..8).is_some_and(|w| w.eq_ignore_ascii_case("requires"))
                        || body.trim_start().starts_with('.')
                    {
                        return None;
                    }
                    ops.push((i, ScopeStackOp::Push(self.comment)));
                    self.span(ops, self.comment_mark, i, i + 1);
                    ops.push((b.len(), ScopeStackOp::Pop(1)));
                    return Some(());
                }
                quote @ (b'"' | b'\'') => {
                    // In a hashtable, a quote after a word character may open a key (`x'key'=`).
                    if top == Some(b'@') && prev.is_some_and(is_word) {
                        return None;
                    }
                    let scope = if quote == b'"' { self.double } else { self.single };
                    ops.push((i, ScopeStackOp::Push(scope)));
                    self.span(ops, self.begin, i, i + 1);
                    match self.string_body(line, i + 1, quote, ops)? {
                        Some(close) => close + 1,
                        // The string goes on on the next line.
                        None => {
                            open.push(quote);
                            return Some(());
                        }
                    }
                }
                b'$' => {
                    let end = i + 1 + b[i + 1..].iter().take_while(|&&c| is_word(c)).count();
                    if b.get(i + 1) == Some(&b'(') {
                        // A subexpression, `$(…)`.
                        ops.push((i, ScopeStackOp::Push(self.complex_group)));
                        ops.push((i, ScopeStackOp::Push(self.substatement)));
                        self.span(ops, self.subexpression_sigil, i, i + 1);
                        ops.push((i + 1, ScopeStackOp::Pop(1)));
                        self.span(ops, self.group_begin, i + 1, i + 2);
                        open.push(b'(');
                        i += 2;
                        continue;
                    }
                    if end == i + 1 {
                        // A lone `$` matches nothing (`$<name>`); `${`, `$$`, `$?`, … would.
                        if !matches!(b.get(end), None | Some(b' ' | b'\t' | b'\n' | b'<' | b'"' | b'\'')) {
                            return None;
                        }
                        i = end;
                        continue;
                    }
                    let scope = self.variable_scope(&line[i + 1..end])?;
                    self.variable(b, i, end, scope, ops)?
                }
                // `@name` is a splatted variable (the grammar reads `a@contoso.com` so), `@{` opens a hashtable.
                b'@' if !in_type => match b.get(i + 1) {
                    Some(b'{') => {
                        ops.push((i, ScopeStackOp::Push(self.hashtable)));
                        self.span(ops, self.hashtable_begin, i, i + 1);
                        self.span(ops, self.brace_open, i + 1, i + 2);
                        open.push(b'@');
                        i += 2;
                        continue;
                    }
                    Some(&c) if is_word(c) => {
                        let end = i + 1 + b[i + 1..].iter().take_while(|&&c| is_word(c)).count();
                        self.variable(b, i, end, (self.variable, true), ops)?
                    }
                    _ => return None,
                },
                b'-' => {
                    let next = b.get(i + 1).copied();
                    match next {
                        Some(b'=') => {
                            self.span(ops, self.assignment, i, i + 2);
                            i += 2;
                            continue;
                        }
                        // `--%` and `-#` (no comment) are not handled.
                        Some(b'-' | b'#') if !prev.is_some_and(is_word) => return None,
                        Some(b'#') => return None,
                        Some(c) if !c.is_ascii() => return None,
                        // After a word character `-` is no operator nor sign.
                        _ if prev.is_some_and(is_word) => {
                            // The `.exe` pattern may begin at such a `-` (`[a-b.com]`).
                            let run = b[i..].iter().take_while(|&&c| in_exe_class(c)).count();
                            if in_type && !next.is_some_and(|c| c.is_ascii_alphanumeric()) || has_ext(&b[i..i + run]) {
                                return None;
                            }
                            self.span(ops, self.assignment, i, i + 1);
                            i += 1;
                            continue;
                        }
                        Some(c) if c.is_ascii_alphabetic() => self.dash_name(line, i, in_type, ops)?,
                        // A signed number (`-5`), or `-` and what follows (`-5x`).
                        Some(c) if c.is_ascii_digit() || matches!(c, b'.' | b'_') => {
                            if in_type {
                                return None;
                            }
                            match number(b, i)? {
                                Some((int_end, suffix_end)) => {
                                    self.number_spans(ops, i, int_end, suffix_end);
                                    suffix_end
                                }
                                None => {
                                    self.span(ops, self.assignment, i, i + 1);
                                    i += 1;
                                    continue;
                                }
                            }
                        }
                        // A lone `-` (`- Name`, `-[Name]`).
                        _ => {
                            self.span(ops, self.assignment, i, i + 1);
                            i += 1;
                            continue;
                        }
                    }
                }
                b'0'..=b'9' if in_type => {
                    let end = i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                    if !ends_word(b.get(end).copied()) {
                        return None;
                    }
                    // `2>` is a redirection; `32>` a number, then `>`.
                    if b.get(end) == Some(&b'>') {
                        if end == i + 1 && (b'1'..=b'6').contains(&b[i]) {
                            i = self.redirection_after(b, i, ops)?;
                            continue;
                        }
                        self.span(ops, self.integer, i, end);
                        i = end;
                        continue;
                    }
                    self.span(ops, self.integer, i, end);
                    end
                }
                c if c.is_ascii_alphabetic() && in_type => {
                    // The type's name pattern takes the digits in before `2>` could.
                    let end = i + b[i..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'.').count();
                    if !ends_type_name(b.get(end).copied()) {
                        return None;
                    }
                    self.span(ops, self.storage_type, i, end);
                    i = end;
                    continue;
                }
                // In a type, `:` matches nothing, nor does `.` before a name (`[.ldf]`), and `/` is
                // the assignment operator (`[a:b/c]`).
                b':' if in_type => {
                    i += 1;
                    continue;
                }
                b'.' if in_type && !prev.is_some_and(is_word) && b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) => {
                    i += 1;
                    continue;
                }
                b'/' | b'*' if in_type && b.get(i + 1) != Some(&b'=') => {
                    self.span(ops, self.assignment, i, i + 1);
                    i += 1;
                    continue;
                }
                // A signed number in a type (`[tel:+1425]`).
                b'+' if in_type && !prev.is_some_and(is_word) && b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                    let (int_end, suffix_end) = number(b, i)??;
                    self.number_spans(ops, i, int_end, suffix_end);
                    suffix_end
                }
                c if in_word(c) && !in_type => {
                    i = self.word(line, i, ops, top == Some(b'@'))?;
                    continue;
                }
                // `%` and `?` (`ForEach-Object` and `Where-Object`) standing alone are keywords;
                // `%` is else the assignment operator.
                c @ (b'%' | b'?') if !in_type => {
                    let next = b.get(i + 1).copied();
                    // After `).` they are keywords too.
                    if prev == Some(b'.') {
                        return None;
                    }
                    if prev != Some(b'-') && !prev.is_some_and(is_word) && boundary(next) {
                        self.span(ops, self.keyword, i, i + 1);
                    } else if c == b'%' && next != Some(b'=') {
                        self.span(ops, self.assignment, i, i + 1);
                    } else {
                        return None;
                    }
                    i += 1;
                    continue;
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
                    // In a hashtable, a word character before `=` would make a key (`word` takes
                    // the simple ones, `Add=`).
                    if top == Some(b'@') && line[..i].trim_end_matches([' ', '\t']).bytes().last().is_some_and(is_word)
                    {
                        return None;
                    }
                    self.span(ops, self.assignment, i, i + 1);
                    i += 1;
                    continue;
                }
                // A block comment.
                b'<' if b.get(i + 1) == Some(&b'#') => {
                    ops.push((i, ScopeStackOp::Push(self.block_comment)));
                    self.span(ops, self.block_comment_begin, i, i + 2);
                    match self.block_comment_body(line, i + 2, ops)? {
                        Some(end) => {
                            i = end;
                            continue;
                        }
                        None => {
                            open.push(b'<');
                            return Some(());
                        }
                    }
                }
                // Redirection (`<placeholder>` in syntax lines, `>>`, `<<`); `>&` is not handled.
                b'<' | b'>' if b.get(i + 1) != Some(&b'&') => {
                    let len = if b.get(i + 1) == Some(&b[i]) { 2 } else { 1 };
                    self.span(ops, self.redirection, i, i + len);
                    i += len;
                    continue;
                }
                b'{' => {
                    ops.push((i, ScopeStackOp::Push(self.block)));
                    self.span(ops, self.brace_open, i, i + 1);
                    open.push(b'{');
                    i += 1;
                    continue;
                }
                b'(' => {
                    ops.push((i, ScopeStackOp::Push(self.group)));
                    self.span(ops, self.group_begin, i, i + 1);
                    open.push(b'(');
                    i += 1;
                    continue;
                }
                // A closing bracket ends its context, or else matches nothing.
                b'}' | b')' | b']' => {
                    let (opens, scope): (&[u8], _) = match b[i] {
                        b'}' => (b"{@", self.brace_close),
                        b')' => (b"(", self.group_end),
                        _ => (b"[", self.bracket_close),
                    };
                    if top.is_some_and(|t| opens.contains(&t)) {
                        open.pop();
                        self.span(ops, scope, i, i + 1);
                        if b[i] != b']' {
                            ops.push((i + 1, ScopeStackOp::Pop(1)));
                        }
                    }
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
                // A backtick before a space or the end of the line (a line continuation) is an
                // operator; before anything else it may be an escape.
                b'`' if matches!(b.get(i + 1), None | Some(b' ' | b'\t' | b'\n')) => {
                    self.span(ops, self.other, i, i + 1);
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
            // A token ending in a word character must end at a word boundary.
            if b[word_end - 1].is_ascii_alphanumeric() || b[word_end - 1] == b'_' {
                if !boundary(b.get(word_end).copied()) {
                    return None;
                }
                // After a parameter name or a number, `2>` would be a redirection (`-a2>`);
                // variables take the digit in.
                if b.get(word_end) == Some(&b'>')
                    && (b'1'..=b'6').contains(&b[word_end - 1])
                    && b[i] != b'$'
                    && b[i] != b'@'
                {
                    return None;
                }
            }
            i = word_end;
        }
        Some(())
    }

    /// The body of a string from `from` on (the variables in a double-quoted one) and its
    /// closing quote; the quote's position, or `None` when the string goes on past the line.
    fn string_body(&self, line: &str, from: usize, quote: u8, ops: &mut Ops) -> Option<Option<usize>> {
        let b = line.as_bytes();
        let curly = if quote == b'"' { '\u{201C}'..='\u{201E}' } else { '\u{2018}'..='\u{201B}' };
        let close = b[from..].iter().position(|&c| c == quote).map(|p| from + p);
        let body = &line[from..close.unwrap_or(b.len())];
        // Escapes (`` ` ``, a doubled quote) and curly quotes are not handled.
        if body.contains('`')
            || body.chars().any(|c| curly.contains(&c))
            || close.is_some_and(|c| b.get(c + 1) == Some(&quote))
        {
            return None;
        }
        if quote == b'"' {
            // `$name` inside double quotes: the variable alone, no members.
            for (k, _) in body.match_indices('$') {
                let at = from + k;
                let end = at + 1 + b[at + 1..].iter().take_while(|&&c| is_word(c)).count();
                if end == at + 1 {
                    // A lone `$` (`"^\+1$"`) matches nothing; `$(`, `${`, `$$`, `$^`, `$?` would.
                    if !b.get(end).is_some_and(|&c| c.is_ascii() && !matches!(c, b'(' | b'{' | b'$' | b'^' | b'?')) {
                        return None;
                    }
                    continue;
                }
                if !b.get(end).is_some_and(|&c| c.is_ascii() && c != b':') {
                    return None;
                }
                let (scope, _) = self.variable_scope(&line[at + 1..end])?;
                ops.push((at, ScopeStackOp::Push(scope)));
                self.span(ops, self.sigil, at, at + 1);
                ops.push((end, ScopeStackOp::Pop(1)));
            }
        }
        if let Some(close) = close {
            self.span(ops, self.end, close, close + 1);
            ops.push((close + 1, ScopeStackOp::Pop(1)));
        }
        Some(close)
    }

    /// The body of a block comment from `from` on and its end (`#>`); the position after it, or
    /// `None` when the comment goes on past the line. Refuses the documentation keywords
    /// (`.SYNOPSIS`) the grammar looks for at the start of a line or of the comment.
    fn block_comment_body(&self, line: &str, from: usize, ops: &mut Ops) -> Option<Option<usize>> {
        if line[from..].trim_start().starts_with('.') {
            return None;
        }
        let Some(k) = line[from..].find("#>") else { return Some(None) };
        let end = from + k;
        self.span(ops, self.block_comment_end, end, end + 2);
        ops.push((end + 2, ScopeStackOp::Pop(1)));
        Some(Some(end + 2))
    }

    /// `$name` or `@name` from `at` (the name ending at `name_end`), with its members
    /// (`$_.Identity.Name`) when the scope takes them; the position after it.
    fn variable(
        &self,
        b: &[u8],
        at: usize,
        name_end: usize,
        (scope, members): (Scope, bool),
        ops: &mut Ops,
    ) -> Option<usize> {
        // `$env:X`, `$global:x`: drives and scopes are not handled.
        if b.get(name_end) == Some(&b':') {
            return None;
        }
        ops.push((at, ScopeStackOp::Push(scope)));
        self.span(ops, self.sigil, at, at + 1);
        let mut member_end = name_end;
        while members && b.get(member_end) == Some(&b'.') {
            let len = b[member_end + 1..].iter().take_while(|&&c| is_word(c)).count();
            // `$_."Last name"`: the `.` is left to what follows.
            if len == 0 {
                break;
            }
            member_end += 1 + len;
        }
        if member_end > name_end {
            self.span(ops, self.member, name_end, member_end);
        }
        ops.push((member_end, ScopeStackOp::Pop(1)));
        Some(member_end)
    }

    /// `-Name` from `at`: an operator (`-eq`, `-and`, `-f`) or a parameter (`-` and the name,
    /// which the grammar leaves alone); the position after it.
    fn dash_name(&self, line: &str, at: usize, in_type: bool, ops: &mut Ops) -> Option<usize> {
        let b = line.as_bytes();
        let letters = b[at + 1..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
        let name = line[at + 1..at + 1 + letters].to_ascii_lowercase();
        let end = if in_type {
            at + 1 + letters + b[at + 1 + letters..].iter().take_while(|c| c.is_ascii_digit()).count()
        } else {
            at + 1 + b[at + 1..].iter().take_while(|&&c| is_word(c)).count()
        };
        // `-Get-X`: a cmdlet after the `-`.
        if b.get(end) == Some(&b'-') && (is_verb(&name) || OBJECT_VERBS.contains(&name.as_str())) {
            return None;
        }
        match self.operator(&name) {
            Some(scope) if end == at + 1 + letters => self.span(ops, scope, at, end),
            Some(_) => return None,
            None if name == "using" => return None,
            None => {
                self.span(ops, self.assignment, at, at + 1);
                if in_type {
                    if !ends_type_name(b.get(end).copied()) {
                        return None;
                    }
                    self.span(ops, self.storage_type, at + 1, end);
                } else if end == at + 1 + letters && matches!(name.as_str(), "hidden" | "static") {
                    self.span(ops, self.storage_modifier, at + 1, end);
                }
            }
        }
        Some(end)
    }

    /// A bare word from `start`: word characters joined by `. - : \ / * +` (`Get-CsUser`,
    /// `C:\Logs`, `sip:a`, `pool-01a.contoso.com`, `https://a/b`, `6/1/2012`, `10Mb_Link`,
    /// `tel:+1425`), or a key in a hashtable (`Add=`); the position after it.
    fn word(&self, line: &str, start: usize, ops: &mut Ops, hashtable: bool) -> Option<usize> {
        let b = line.as_bytes();
        let end = start + b[start..].iter().take_while(|&&c| in_word(c)).count();
        let w = &b[start..end];
        // A key (`@{Add=…}`): the grammar's hashtable assignment takes the spaces around `=` in.
        if hashtable && w.iter().all(|&c| is_word(c)) {
            let eq = end + b[end..].iter().take_while(|&&c| matches!(c, b' ' | b'\t')).count();
            if b.get(eq) == Some(&b'=') {
                if b.get(eq + 1) == Some(&b'=') {
                    return None;
                }
                let after = eq + 1 + b[eq + 1..].iter().take_while(|c| c.is_ascii_whitespace()).count();
                ops.push((start, ScopeStackOp::Push(self.hashtable_assignment)));
                self.span(ops, self.variable, start, end);
                self.span(ops, self.assignment, eq, eq + 1);
                ops.push((after, ScopeStackOp::Pop(1)));
                return Some(after);
            }
        }
        let lower = line[start..end].to_ascii_lowercase();
        let l = lower.as_bytes();
        // A host or file name ending in `.exe`, `.com`, `.cmd` or `.bat` is one `support.function`
        // token, from the start of its run of `.exe` pattern characters. Only runs starting with a
        // letter are handled: elsewhere the pattern can begin after a token (`1.x.com`, `-a.com`).
        if start > 0 && in_exe_class(b[start - 1]) {
            // A run that began before the word (`-Name.exe`).
            let from = b[..start].iter().rposition(|&c| !in_exe_class(c)).map_or(0, |p| p + 1);
            if has_ext(&b[from..start + w.iter().take_while(|&&c| in_exe_class(c)).count()]) {
                return None;
            }
        }
        let mut k = 0;
        while k < w.len() {
            let run = w[k..].iter().take_while(|&&c| in_exe_class(c)).count();
            // The pattern starts at a word character (`>.com` holds none).
            let lead = l[k..k + run].iter().take_while(|&&c| !is_word(c)).count();
            if run > 0 && has_ext(&l[k + lead..k + run]) {
                let first = l[k..].iter().take_while(|&&c| is_word(c)).count();
                if lead > 0
                    || !w[k].is_ascii_alphabetic()
                    || !ends_with_ext(&l[k..k + run])
                    || lower[k..k + run].contains("-object")
                    || (l.get(k + first) == Some(&b'-') && is_verb(&lower[k..k + first]))
                {
                    return None;
                }
            }
            k += run.max(1);
        }
        let mut i = 0;
        // Where the last token with a scope ends (for `2>`).
        let mut scoped = 0;
        if let Some(n) = cmdlet(w, &lower) {
            self.span(ops, self.function, start, start + n);
            i = n;
            scoped = n;
        }
        while i < w.len() {
            let at = start + i;
            let c = w[i];
            let prev = at.checked_sub(1).map(|p| b[p]);
            let prev_word = prev.is_some_and(is_word);
            if is_word(c) && !prev.is_some_and(in_exe_class) {
                let run_end = i + w[i..].iter().take_while(|&&c| in_exe_class(c)).count();
                if has_ext(&l[i..run_end]) {
                    self.span(ops, self.function, at, start + run_end);
                    i = run_end;
                    scoped = i;
                    continue;
                }
            }
            if is_word(c) {
                let len = w[i..].iter().take_while(|&&c| is_word(c)).count();
                if prev_word {
                    return None;
                }
                if (c.is_ascii_digit() || c == b'_')
                    && let Some((int_end, suffix_end)) = number(b, at)?
                {
                    // `2>` is a redirection, which the grammar tries before numbers.
                    if int_end == at + 1 && b.get(int_end) == Some(&b'>') && (b'1'..=b'6').contains(&c) {
                        return self.redirection_after(b, at, ops);
                    }
                    self.number_spans(ops, at, int_end, suffix_end);
                    i = suffix_end - start;
                    scoped = i;
                    continue;
                }
                let segment = &lower[i..i + len];
                let after = w.get(i + len).copied();
                match segment {
                    "hidden" | "static" => {
                        self.span(ops, self.storage_modifier, at, at + len);
                        scoped = i + len;
                    }
                    "class" => return None,
                    // `using namespace x`, `using module x` are directives.
                    "using" if using_directive(&line[at + len..]) => return None,
                    // At the start of a line these begin a definition.
                    "function" | "filter" | "configuration" | "workflow" if line[..at].trim_start().is_empty() => {
                        return None;
                    }
                    _ if after == Some(b'-') && (is_verb(segment) || lower[i + len..].starts_with("-object")) => {
                        // A cmdlet inside a word (`Web-Request-Monitor`), unless a path before it
                        // could join in (`a\Get-X`).
                        match cmdlet(&w[i..], &lower[i..]) {
                            Some(n) if !w.contains(&b'\\') => {
                                self.span(ops, self.function, at, at + n);
                                i += n;
                                scoped = i;
                                continue;
                            }
                            _ => return None,
                        }
                    }
                    _ if KEYWORDS.contains(&segment) && keyword_may_follow(b, at, segment) => {
                        self.span(ops, self.keyword, at, at + len);
                        scoped = i + len;
                    }
                    _ => {}
                }
                i += len;
                continue;
            }
            let next = b.get(at + 1).copied();
            match c {
                // `:` and `\` match nothing.
                b':' | b'\\' => {}
                // `.` matches nothing after a word character; `..` is a range, and after anything
                // else `. ` is an operator and `.5` a number.
                b'.' => {
                    if next == Some(b'.')
                        || (!prev_word
                            && (next == Some(b' ')
                                || next.is_some_and(is_word) && !next.is_some_and(|c| c.is_ascii_alphabetic())))
                    {
                        return None;
                    }
                }
                // The grammar's assignment operator, between words or at the end of one; after
                // anything else `-` may be an operator or a sign.
                b'-' | b'/' | b'*' | b'+' if next == Some(b'=') => {
                    // `+=`, `-=`, … end the word.
                    self.span(ops, self.assignment, at, at + 2);
                    return Some(at + 2);
                }
                b'-' => {
                    if !prev_word || !(next.is_some_and(is_word) || i + 1 == w.len()) {
                        return None;
                    }
                    self.span(ops, self.assignment, at, at + 1);
                    scoped = i + 1;
                }
                b'/' | b'*' | b'+' => {
                    // A sign: `tel:+1425`.
                    if c == b'+'
                        && !prev_word
                        && next.is_some_and(|c| c.is_ascii_digit() || matches!(c, b'.' | b'_'))
                        && let Some((int_end, suffix_end)) = number(b, at)?
                    {
                        self.number_spans(ops, at, int_end, suffix_end);
                        i = suffix_end - start;
                        scoped = i;
                        continue;
                    }
                    self.span(ops, self.assignment, at, at + 1);
                    scoped = i + 1;
                }
                _ => return None,
            }
            i += 1;
        }
        // A word ending in 1 to 6 before `>` ends with a redirection (`<Int32>`: `Int3`, `2>`)
        // unless a token took that digit in.
        if b.get(end) == Some(&b'>') && (b'1'..=b'6').contains(&w[w.len() - 1]) && scoped < w.len() {
            self.redirection_after(b, end - 1, ops)
        } else {
            Some(end)
        }
    }

    /// The redirection `N>` at `at`; the position after it.
    fn redirection_after(&self, b: &[u8], at: usize, ops: &mut Ops) -> Option<usize> {
        if matches!(b.get(at + 2), Some(b'>' | b'&')) {
            return None;
        }
        self.span(ops, self.redirection, at, at + 2);
        Some(at + 2)
    }

    /// A number and its size suffix (`10mb`).
    fn number_spans(&self, ops: &mut Ops, at: usize, int_end: usize, suffix_end: usize) {
        self.span(ops, self.integer, at, int_end);
        if suffix_end > int_end {
            self.span(ops, self.size, int_end, suffix_end);
        }
    }

    /// The scope of `$name`, and whether members (`.Name`) belong to its match.
    fn variable_scope(&self, name: &str) -> Option<(Scope, bool)> {
        let lower = name.to_ascii_lowercase();
        let n = lower.as_str();
        Some(match n {
            "" => return None,
            "true" | "false" | "null" => (self.constant, false),
            _ if AUTOMATIC_VARIABLES.contains(&n) => (self.automatic, true),
            _ if CONSTANT_VARIABLES.contains(&n) => (self.constant_variable, true),
            _ if PREFERENCE_VARIABLES.contains(&n) => (self.language_variable, true),
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
