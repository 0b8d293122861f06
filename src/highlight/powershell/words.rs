//! The word lists of two-face's PowerShell grammar that [`super`] needs: approved verbs,
//! control keywords, attribute names, comparison operators and the three kinds of variables
//! with scopes of their own. Copied from the grammar's patterns; the tests of [`super`] hold
//! the tokenizer equal to the grammar, so a grammar update that changes them is caught.

/// The verbs of the core `*-Object` cmdlets (`ForEach-Object`…), which are not approved
/// verbs: the grammar names those four cmdlets whole, and detection counts them as cmdlets.
pub const OBJECT_VERBS: &[&str] = &["foreach", "where", "sort", "tee"];

/// The approved verbs the grammar's `commands` pattern knows (`Verb-Noun`), lower-case
/// and sorted (for [`is_verb`]'s binary search; a unit test keeps them so).
#[rustfmt::skip]
pub const VERBS: &[&str] = &[
    "add", "approve", "assert", "backup", "block", "build", "checkpoint", "clear", "close", "compare", "complete",
    "compress", "confirm", "connect", "convert", "convertfrom", "convertto", "copy", "debug", "deny", "deploy",
    "disable", "disconnect", "dismount", "edit", "enable", "enter", "exit", "expand", "export", "find", "format", "get",
    "grant", "group", "hide", "import", "initialize", "install", "invoke", "join", "limit", "lock", "measure", "merge",
    "mount", "move", "new", "open", "optimize", "out", "ping", "pop", "protect", "publish", "push", "read", "receive",
    "redo", "register", "remove", "rename", "repair", "request", "reset", "resize", "resolve", "restart", "restore",
    "resume", "revoke", "save", "search", "select", "send", "set", "show", "skip", "split", "start", "step", "stop",
    "submit", "suspend", "switch", "sync", "test", "trace", "unblock", "undo", "uninstall", "unlock", "unprotect",
    "unpublish", "unregister", "update", "use", "wait", "watch", "write",
];

/// Words the grammar scopes `keyword.control` when they stand alone.
#[rustfmt::skip]
pub const KEYWORDS: &[&str] = &[
    "begin", "break", "catch", "clean", "continue", "data", "default", "define", "do", "dynamicparam", "else", "elseif",
    "end", "exit", "finally", "for", "from", "if", "in", "inlinescript", "parallel", "param", "process", "return",
    "sequence", "switch", "throw", "trap", "try", "until", "var", "while", "foreach", "where",
];

/// Names that make `[name` an attribute.
#[rustfmt::skip]
pub const ATTRIBUTES: &[&str] = &[
    "cmdletbinding", "alias", "outputtype", "parameter", "validatenotnull", "validatenotnullorempty", "validatecount",
    "validateset", "allownull", "allowemptycollection", "allowemptystring", "validatescript", "validaterange",
    "validatepattern", "validatelength", "supportswildcards",
];

/// Comparison operators after `-` (each may also take an `i` or `c` prefix).
#[rustfmt::skip]
pub const COMPARISONS: &[&str] = &[
    "eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch", "contains", "notcontains", "in",
    "notin", "replace",
];

/// Variable names the grammar scopes `support.variable.automatic` (`$_`, `$Args`, `$PSItem`, …).
#[rustfmt::skip]
pub const AUTOMATIC_VARIABLES: &[&str] = &[
    "_", "args", "consolefilename", "event", "eventargs", "eventsubscriber", "foreach", "input", "lastexitcode",
    "matches", "myinvocation", "nestedpromptlevel", "profile", "psboundparameters", "pscmdlet", "psculture",
    "psdebugcontext", "psitem", "pscommandpath", "psscriptroot", "psuiculture", "pwd", "sender", "sourceargs",
    "sourceeventargs", "stacktrace", "switch", "this",
];

/// Variable names the grammar scopes `support.constant.variable` (`$Host`, `$PID`, …).
#[rustfmt::skip]
pub const CONSTANT_VARIABLES: &[&str] = &[
    "error", "executioncontext", "host", "home", "pid", "pshome", "psversiontable", "shellid",
];

/// Preference variables, which the grammar scopes `variable.language` (`$ErrorActionPreference`, `$OFS`, …).
#[rustfmt::skip]
pub const PREFERENCE_VARIABLES: &[&str] = &[
    "confirmpreference", "debugpreference", "erroractionpreference", "errorview", "formatenumerationlimit",
    "informationpreference", "logcommandhealthevent", "logcommandlifecycleevent", "logenginehealthevent",
    "logenginelifecycleevent", "logproviderhealthevent", "logproviderlifecycleevent", "maximumaliascount",
    "maximumdrivecount", "maximumerrorcount", "maximumfunctioncount", "maximumhistorycount", "maximumvariablecount",
    "ofs", "outputencoding", "psdefaultparametervalues", "psemailserver", "psmoduleautoloadingpreference",
    "pssenderinfo", "pssessionapplicationname", "pssessionconfigurationname", "pssessionoption", "progresspreference",
    "verbosepreference", "warningpreference", "whatifpreference",
];

/// Whether `word` (in any case) is one of [`VERBS`].
pub fn is_verb(word: &str) -> bool {
    // Lower-cased on the stack (the longest verb, `convertfrom`, has 11 letters).
    let mut lower = [0u8; 16];
    if word.len() > lower.len() {
        return false;
    }
    for (l, b) in lower.iter_mut().zip(word.bytes()) {
        *l = b.to_ascii_lowercase();
    }
    let lower = &lower[..word.len()];
    VERBS.binary_search_by(|v| v.as_bytes().cmp(lower)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_are_sorted_lower_case_and_found_in_any_case() {
        assert!(VERBS.windows(2).all(|w| w[0] < w[1]), "sorted, without duplicates");
        assert!(VERBS.iter().all(|v| v.bytes().all(|b| b.is_ascii_lowercase())));
        assert!(VERBS.iter().all(|v| v.len() <= 16));
        for verb in VERBS {
            let capitalised = format!("{}{}", verb[..1].to_uppercase(), &verb[1..]);
            assert!(is_verb(verb) && is_verb(&verb.to_uppercase()) && is_verb(&capitalised), "{verb}");
        }
        for word in ["", "Gets", "Ge", "ConvertFromX", "Convert_From", "获取", "sort", "convertfromconvertfrom"] {
            assert!(!is_verb(word), "{word}");
        }
    }
}
