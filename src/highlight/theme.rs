//! Highlighting stylesheets: one light and one dark syntect theme turned into CSS
//! classes (`hl-…`), the dark one under `prefers-color-scheme: dark` and
//! `[data-theme=dark]`. Every foreground colour is adjusted until it reaches
//! WCAG AA contrast (4.5:1) against its theme's background.

use syntect::highlighting::{Color, Theme};
use syntect::html::{ClassStyle, css_for_theme_with_class_style};

/// The class prefix of highlighted tokens.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// WCAG AA contrast for normal text.
pub const MIN_CONTRAST: f64 = 4.5;

/// The CSS for a light and a dark theme, named as two-face names them
/// (`InspiredGitHub`, `OneHalfDark`, `GitHub`, `Nord`, …; case does not matter).
pub fn stylesheet(light: &str, dark: &str) -> Result<String, String> {
    let light_theme = accessible(find(light)?);
    let dark_theme = accessible(find(dark)?);
    let light_css = css_for_theme_with_class_style(&light_theme, CLASS_STYLE).map_err(|e| e.to_string())?;
    let dark_css = css_for_theme_with_class_style(&dark_theme, CLASS_STYLE).map_err(|e| e.to_string())?;
    let scoped_dark = scope(&dark_css, "[data-theme=dark] ");
    let auto_dark = scope(&dark_css, ":root:not([data-theme=light]) ");
    Ok(format!(
        "/* Code highlighting: light theme {light}, dark theme {dark}; colours raised to WCAG AA contrast. */\n{light_css}\n{scoped_dark}\n@media (prefers-color-scheme: dark) {{\n{auto_dark}\n}}\n"
    ))
}

/// Whether a built-in theme has this name; if not, the list of the names there are.
pub fn check_name(name: &str) -> Result<(), String> {
    let names = two_face::theme::EmbeddedLazyThemeSet::theme_names();
    if names.iter().any(|n| n.as_name().eq_ignore_ascii_case(name)) {
        return Ok(());
    }
    Err(names.iter().map(|n| n.as_name()).collect::<Vec<_>>().join(", "))
}

/// A built-in theme by name.
fn find(name: &str) -> Result<Theme, String> {
    let names = two_face::theme::EmbeddedLazyThemeSet::theme_names();
    let found = names.iter().find(|n| n.as_name().eq_ignore_ascii_case(name)).ok_or_else(|| {
        let all: Vec<&str> = names.iter().map(|n| n.as_name()).collect();
        format!("unknown highlight theme `{name}`; available: {}", all.join(", "))
    })?;
    Ok(two_face::theme::extra().get(*found).clone())
}

/// Prefixes every selector of syntect's CSS (`.hl-code {…}`) with `prefix`.
fn scope(css: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    for line in css.lines() {
        if line.starts_with('.') {
            let selectors: Vec<String> =
                line.trim_end_matches('{').split(',').map(|s| format!("{prefix}{}", s.trim())).collect();
            out.push_str(&selectors.join(", "));
            out.push_str(" {\n");
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Raises the contrast of every foreground colour of `theme` to [`MIN_CONTRAST`].
pub fn accessible(mut theme: Theme) -> Theme {
    let bg = theme.settings.background.unwrap_or(Color::WHITE);
    if let Some(fg) = theme.settings.foreground.as_mut() {
        *fg = with_contrast(*fg, bg);
    }
    for item in &mut theme.scopes {
        if let Some(fg) = item.style.foreground.as_mut() {
            *fg = with_contrast(*fg, item.style.background.unwrap_or(bg));
        }
    }
    theme
}

/// Moves `fg` towards black or white, whichever reaches AA contrast against `bg`
/// in fewer steps (preferring the direction away from the background).
pub fn with_contrast(fg: Color, bg: Color) -> Color {
    let towards = |lighten: bool| -> Option<(usize, Color)> {
        let mut c = Color { a: 0xFF, ..fg };
        for steps in 0..100 {
            if contrast(c, bg) >= MIN_CONTRAST {
                return Some((steps, c));
            }
            let step = |v: u8| {
                if lighten { v.saturating_add(((255 - v) / 10).max(1)) } else { v.saturating_sub((v / 10).max(1)) }
            };
            c = Color { r: step(c.r), g: step(c.g), b: step(c.b), a: 0xFF };
        }
        None
    };
    let prefer_light = luminance(bg) < 0.18;
    match (towards(prefer_light), towards(!prefer_light)) {
        (Some(a), Some(b)) => {
            if b.0 < a.0 {
                b.1
            } else {
                a.1
            }
        }
        (Some(a), None) | (None, Some(a)) => a.1,
        (None, None) => {
            if prefer_light {
                Color::WHITE
            } else {
                Color::BLACK
            }
        }
    }
}

/// Relative luminance (WCAG 2).
pub fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// Contrast ratio (WCAG 2), 1–21.
pub fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Color {
        let v = |i| u8::from_str_radix(&s[i..i + 2], 16).unwrap();
        Color { r: v(0), g: v(2), b: v(4), a: 0xFF }
    }

    #[test]
    fn unknown_theme_names_the_choices() {
        let e = stylesheet("Nope", "OneHalfDark").unwrap_err();
        assert!(e.contains("Nope") && e.contains("InspiredGitHub"), "{e}");
        assert!(stylesheet("github", "nord").is_ok());
    }

    #[test]
    fn contrast_of_black_on_white_is_21() {
        assert!((contrast(Color::BLACK, Color::WHITE) - 21.0).abs() < 0.01);
    }

    #[test]
    fn raises_low_contrast_colours() {
        let grey = hex("969896"); // InspiredGitHub comments: 2.9:1 on white
        assert!(contrast(grey, Color::WHITE) < MIN_CONTRAST);
        assert!(contrast(with_contrast(grey, Color::WHITE), Color::WHITE) >= MIN_CONTRAST);
        let dark_bg = hex("282c34");
        let dim = hex("5c6370");
        assert!(contrast(with_contrast(dim, dark_bg), dark_bg) >= MIN_CONTRAST);
    }

    /// Every `color:` in the stylesheet passes AA against the background of its rule
    /// (its own `background-color`, else its theme's).
    #[test]
    fn stylesheet_colours_pass_aa() {
        let css = stylesheet("InspiredGitHub", "OneHalfDark").unwrap();
        let mut checked = 0;
        for rule in css.split('}') {
            let Some((selector, body)) = rule.rsplit_once('{') else {
                continue;
            };
            let dark = selector.contains("[data-theme=dark]") || selector.contains(":root:not([data-theme=light])");
            let prop = |name: &str| body.lines().find_map(|l| l.trim().strip_prefix(name).map(|v| hex(&v[..6])));
            let Some(fg) = prop("color: #") else { continue };
            let bg = prop("background-color: #").unwrap_or(if dark { hex("282c34") } else { hex("ffffff") });
            assert!(contrast(fg, bg) >= MIN_CONTRAST, "{selector}: {body}");
            checked += 1;
        }
        assert!(checked > 20, "only {checked} colours found");
    }
}
