//! Stage 6, render: Tera templates of the theme turned into HTML. Templates see
//! only the typed context structs of [`context`]; UI strings reach them through
//! the `t(key=…, lang=…)` function backed by [`crate::i18n`]. This module alone
//! knows Tera.

pub mod compare;
pub mod context;
mod native;
pub mod site;

use std::sync::Arc;

use rustc_hash::FxHashMap;

use fluent_bundle::{FluentArgs, FluentValue};
use tera::{Context, Kwargs, State, Tera};

use crate::error::Error;
use crate::i18n::I18n;

/// The templates a theme must provide.
pub const TEMPLATES: &[&str] =
    &["base.html", "page.html", "home.html", "root.html", "redirect.html", "404.html", "status.html", "compare.html"];

/// The default theme, embedded in the binary (also the sample book's `themes/default`).
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../themes/default/templates/base.html")),
    ("page.html", include_str!("../../themes/default/templates/page.html")),
    ("home.html", include_str!("../../themes/default/templates/home.html")),
    ("root.html", include_str!("../../themes/default/templates/root.html")),
    ("redirect.html", include_str!("../../themes/default/templates/redirect.html")),
    ("404.html", include_str!("../../themes/default/templates/404.html")),
    ("status.html", include_str!("../../themes/default/templates/status.html")),
    ("compare.html", include_str!("../../themes/default/templates/compare.html")),
];

/// Static files of the default theme, written under `assets/`.
pub const DEFAULT_STATIC: &[(&str, &str)] = &[
    ("style.css", include_str!("../../themes/default/static/style.css")),
    ("polybook.js", include_str!("../../themes/default/static/polybook.js")),
    ("search.js", include_str!("../../themes/default/static/search.js")),
];

/// Renders named templates; built once per build, shared by all threads.
pub struct Renderer {
    tera: Tera,
    i18n: Arc<I18n>,
    /// `page.html` is written by [`native`] (the theme keeps `base.html` and `page.html`).
    native_page: bool,
    /// `compare.html` is written by [`native`] (the theme keeps `base.html` and `compare.html`).
    native_compare: bool,
    /// The strings [`native`] writes, per language (empty when neither page is native).
    ui: FxHashMap<String, native::Ui>,
    /// The side-by-side view's strings, per language.
    view_strings: FxHashMap<String, compare::ViewStrings>,
}

impl Renderer {
    /// Compiles the templates: the embedded defaults overridden by `overrides` (name, text).
    pub fn new(overrides: &[(String, String)], i18n: Arc<I18n>) -> Result<Self, Error> {
        let mut tera = Tera::new();
        let mut templates: Vec<(String, String)> =
            DEFAULT_TEMPLATES.iter().map(|(n, t)| ((*n).to_owned(), (*t).to_owned())).collect();
        for (name, text) in overrides {
            match templates.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = text.clone(),
                None => templates.push((name.clone(), text.clone())),
            }
        }
        // A theme folder holding a copy of a default template (the sample book's, a
        // book made by `polybook init`) keeps it.
        let overridden = |name: &str| {
            let default = DEFAULT_TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
            overrides.iter().any(|(n, text)| n == name && Some(text.as_str()) != default)
        };
        let native_page = !overridden("base.html") && !overridden("page.html");
        let native_compare = !overridden("base.html") && !overridden("compare.html");
        let ui = if native_page || native_compare {
            i18n.langs().map(|lang| (lang.to_owned(), native::Ui::new(&i18n, lang))).collect()
        } else {
            FxHashMap::default()
        };
        let view_strings = i18n.langs().map(|lang| (lang.to_owned(), compare::ViewStrings::new(&i18n, lang))).collect();
        let strings = i18n.clone();
        // `plurals(key=…, lang=…)`: a JSON object, plural category → the message with
        // `{count}`, for scripts that count in the browser (`data-…` attributes).
        tera.register_function("plurals", move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let key: &str = kwargs.must_get("key")?;
            let lang: &str = kwargs.must_get("lang")?;
            Ok(plurals_json(&strings, lang, key))
        });
        let strings = i18n.clone();
        tera.register_function("t", move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let key: &str = kwargs.must_get("key")?;
            let lang: &str = kwargs.must_get("lang")?;
            let mut args = FluentArgs::new();
            for (k, v) in kwargs.iter() {
                let Some(name) = k.as_str() else { continue };
                if name == "key" || name == "lang" {
                    continue;
                }
                let value = match (v.as_i64(), v.as_str()) {
                    (Some(n), _) => FluentValue::from(n),
                    (None, Some(s)) => FluentValue::from(s.to_owned()),
                    _ => FluentValue::from(v.to_string()),
                };
                args.set(name.to_owned(), value);
            }
            Ok(strings.t(lang, key, Some(&args)))
        });
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| Error::Theme(format!("{e}")))?;
        Ok(Self { tera, i18n, native_page, native_compare, ui, view_strings })
    }

    /// An article page (`page.html`).
    pub fn render_page(&self, view: &context::PageView<'_>) -> Result<String, Error> {
        match self.ui.get(view.common.lang) {
            Some(ui) if self.native_page => Ok(native::page(view, ui, &self.i18n)),
            _ => self.render("page.html", view),
        }
    }

    /// Where the search index may start reading an article page: the article's
    /// start tag, when `page.html` is written natively (its first occurrence is then
    /// the tag; a theme's own template may put anything before it).
    pub fn search_body_start(&self) -> Option<&'static str> {
        self.native_page.then_some(native::BODY_START)
    }

    /// The side-by-side view's strings in `lang` (a book locale's canonical tag).
    fn view_strings(&self, lang: &str) -> &compare::ViewStrings {
        self.view_strings.get(lang).expect("invariant: the UI strings have every locale of the book")
    }

    /// A side-by-side view (`compare.html`).
    fn render_compare(&self, view: &compare::CompareView<'_>) -> Result<String, Error> {
        match self.ui.get(view.common.lang) {
            Some(ui) if self.native_compare => Ok(native::compare(view, ui, &self.i18n)),
            _ => self.render("compare.html", view),
        }
    }

    /// Every template interpreted by Tera from now on (to compare the two ways).
    #[cfg(test)]
    pub(crate) fn interpret_all(&mut self) {
        self.native_page = false;
        self.native_compare = false;
    }

    /// Renders `template` with a serialisable context.
    pub fn render(&self, template: &str, context: &impl serde::Serialize) -> Result<String, Error> {
        let ctx = Context::from_serialize(context).map_err(|e| Error::Template(format!("{template}: {e}")))?;
        self.tera.render(template, &ctx).map_err(|e| Error::Template(format!("{template}: {e}")))
    }
}

/// `plurals(key, lang)`: a JSON object, plural category → the message with `{count}`.
fn plurals_json(i18n: &I18n, lang: &str, key: &str) -> String {
    let forms: serde_json::Map<String, serde_json::Value> =
        i18n.plural_forms(lang, key).into_iter().map(|(c, text)| (c.to_owned(), text.into())).collect();
    serde_json::Value::Object(forms).to_string()
}
