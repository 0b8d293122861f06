//! A token-level correction of the PowerShell grammar two-face ships: in
//! `-Identity` it scopes only the `-` (as `keyword.operator.assignment`) and
//! leaves the name plain. Readers scan cmdlet lines by their parameters, so the
//! whole `-Name` is rescoped as `variable.parameter.powershell`.

use syntect::parsing::{Scope, ScopeStackOp};

/// Rewrites the parse ops of one line so that `-Name` parameters form one token.
pub fn mark_parameters(
    line: &str,
    ops: Vec<(usize, ScopeStackOp)>,
    dash: Scope,
    parameter: Scope,
) -> Vec<(usize, ScopeStackOp)> {
    let bytes = line.as_bytes();
    let mut out = Vec::with_capacity(ops.len());
    let mut i = 0;
    while i < ops.len() {
        let (pos, op) = &ops[i];
        let is_dash_push = matches!(op, ScopeStackOp::Push(s) if *s == dash) && bytes.get(*pos) == Some(&b'-');
        let pops_next = matches!(ops.get(i + 1), Some((p, ScopeStackOp::Pop(1))) if *p == pos + 1);
        let name_len =
            bytes[(pos + 1).min(bytes.len())..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count();
        let starts_with_letter = bytes.get(pos + 1).is_some_and(u8::is_ascii_alphabetic);
        let end = pos + 1 + name_len;
        let free_until_end = ops.get(i + 2).is_none_or(|(p, _)| *p >= end);
        if is_dash_push && pops_next && starts_with_letter && free_until_end {
            out.push((*pos, ScopeStackOp::Push(parameter)));
            out.push((end, ScopeStackOp::Pop(1)));
            i += 2;
        } else {
            out.push(ops[i].clone());
            i += 1;
        }
    }
    out
}
