//! Language names of code fences, normalised: case-insensitive, trimmed, aliases
//! folded (`ps1`, `pwsh`, `Powershell` → `powershell`; `cmd`, `bat` → `batch`).

/// What a fence's info string asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lang {
    /// No info string: detection decides.
    Untagged,
    /// Explicitly plain text (`text`, `output`, `none`).
    Plain,
    /// A prompt-and-output transcript (`console`, `shell-session`).
    Console,
    /// A grammar, by its canonical name.
    Named(&'static str),
    /// A tag with no grammar: shown plain, noted in `--verbose`.
    Unknown(String),
}

const ALIASES: &[(&str, &[&str])] = &[
    ("powershell", &["powershell", "ps", "ps1", "psm1", "psd1", "pwsh", "posh"]),
    ("batch", &["batch", "bat", "cmd", "dos", "batchfile"]),
    ("bash", &["bash", "sh", "shell", "zsh"]),
    ("xml", &["xml", "xaml", "xsd", "xsl", "config"]),
    ("html", &["html", "htm", "xhtml"]),
    ("json", &["json"]),
    ("yaml", &["yaml", "yml"]),
    ("csharp", &["csharp", "cs", "c#"]),
    ("sql", &["sql", "tsql", "t-sql", "mssql"]),
    ("ini", &["ini", "cfg", "conf"]),
    ("javascript", &["javascript", "js"]),
    ("css", &["css"]),
    ("vb", &["vb", "vbnet", "vb.net", "vbscript"]),
];

/// Normalises a fence info string (only its first word counts).
pub fn normalize(info: &str) -> Lang {
    let word = info.split_whitespace().next().unwrap_or("").trim_matches(|c| c == '{' || c == '}' || c == '.');
    if word.is_empty() {
        return Lang::Untagged;
    }
    let lower = word.to_lowercase();
    match lower.as_str() {
        "text" | "txt" | "plain" | "plaintext" | "output" | "none" | "no-highlight" => {
            return Lang::Plain;
        }
        "console" | "shell-session" | "terminal" | "pwsh-session" | "ps-session" => {
            return Lang::Console;
        }
        _ => {}
    }
    ALIASES
        .iter()
        .find(|(_, names)| names.contains(&lower.as_str()))
        .map_or(Lang::Unknown(word.to_owned()), |(canonical, _)| Lang::Named(canonical))
}

/// The syntect token (extension or name) for a canonical language name.
pub fn syntect_token(canonical: &str) -> &str {
    match canonical {
        "powershell" => "ps1",
        "batch" => "bat",
        "bash" => "sh",
        "csharp" => "cs",
        "javascript" => "js",
        "vb" => "vb",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(info: &str, expected: Lang) {
        assert_eq!(normalize(info), expected, "{info:?}");
    }

    #[test]
    fn corpus_spellings() {
        for s in ["powershell", "Powershell", "PowerShell", " powershell", "ps1", "pwsh", "PS"] {
            check(s, Lang::Named("powershell"));
        }
        check("Batch", Lang::Named("batch"));
        check("cmd", Lang::Named("batch"));
        check("XML", Lang::Named("xml"));
        check("console", Lang::Console);
        check("shell-session", Lang::Console);
        check("", Lang::Untagged);
        check("   ", Lang::Untagged);
        check("text", Lang::Plain);
        check("klingon", Lang::Unknown("klingon".into()));
        check("powershell title=\"x\"", Lang::Named("powershell"));
    }
}
