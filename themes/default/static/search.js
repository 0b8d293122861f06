/* polybook search box. Searches the page's locale through pagefind's JS API: the
   index (one per locale) is written with the site, and is loaded only when the reader
   first uses the box. Its strings come from the page (the locale's Fluent files).
   Keys: "/" focuses the box, arrows move through the results, Enter opens one, Esc
   closes them. Each result shows the article's title, the section the words were
   found in, and an excerpt with the words marked; it links to that section. */
(function () {
  "use strict";
  var box = document.querySelector(".search[data-index]");
  if (!box) return;
  var input = box.querySelector(".search-input");
  var panel = box.querySelector(".search-panel");
  var status = box.querySelector(".search-status");
  var list = box.querySelector(".search-results");
  var lang = document.documentElement.lang || "en";
  var forms = {};
  try { forms = JSON.parse(box.dataset.results || "{}"); } catch (e) { /* keep the defaults */ }
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  var MAX_RESULTS = 10;
  var index = null;  /* a promise of pagefind's module, once asked for */
  var generation = 0;  /* the latest query; older answers are dropped */
  var timer = 0;

  function count(n) {
    var form = forms[plural ? plural.select(n) : "other"] || forms.other || "{count}";
    return form.replace("{count}", String(n));
  }

  function say(text) {
    status.textContent = text;
    panel.hidden = false;
  }

  function close() {
    panel.hidden = true;
  }

  /* Browsers refuse to load modules and fetch files from file:// pages. */
  function served() {
    return location.protocol !== "file:";
  }

  function load() {
    if (!index) {
      var url = new URL(box.dataset.index, document.baseURI).href;
      index = import(url).then(function (pagefind) {
        /* Ranking measured on the corpus query set (tests/fixtures/search-queries.tsv):
           the title counts more, long pages less, and near forms of a word less than
           the word itself. zh-CN hit@5 26 → 30 of 34; es-ES stays 35 of 35. */
        var ranking = { metaWeights: { title: 10 }, pageLength: 0.5, termSimilarity: 3 };
        return pagefind.options({ excerptLength: 28, ranking: ranking }).then(function () {
          pagefind.init();
          return pagefind;
        });
      });
      index.catch(function () { index = null; });
    }
    return index;
  }

  /* The section (a heading's sub-result) holding most of the matched words' weight;
     the page itself when the words are only in its title or above its first heading. */
  function bestSection(data) {
    var best = null, bestScore = 0;
    (data.sub_results || []).forEach(function (sub) {
      if (!sub.anchor || /^h1$/i.test(sub.anchor.element)) return;
      var score = 0;
      (sub.weighted_locations || []).forEach(function (l) { score += l.balanced_score || l.weight || 1; });
      if (score > bestScore) { best = sub; bestScore = score; }
    });
    if (!best) return { title: "", url: data.url, excerpt: data.excerpt };
    return { title: best.title, url: best.url, excerpt: best.excerpt };
  }

  /* pagefind's excerpts are text with < and > escaped and <mark> around the matched
     words: rebuilt as nodes, never parsed as HTML. */
  function excerptNodes(target, excerpt) {
    var parts = String(excerpt || "").split(/(<mark>|<\/mark>)/);
    var marked = false;
    parts.forEach(function (part) {
      if (part === "<mark>") { marked = true; return; }
      if (part === "</mark>") { marked = false; return; }
      if (!part) return;
      var text = document.createTextNode(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
      if (marked) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        target.appendChild(mark);
      } else {
        target.appendChild(text);
      }
    });
  }

  function span(cls) {
    var s = document.createElement("span");
    s.className = cls;
    return s;
  }

  function show(query, results, datas) {
    list.textContent = "";
    datas.forEach(function (data) {
      var section = bestSection(data);
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = section.url;
      var title = span("search-title");
      title.textContent = (data.meta && data.meta.title) || data.url;
      a.appendChild(title);
      if (section.title) {
        var sec = span("search-section");
        sec.textContent = section.title;
        a.appendChild(sec);
      }
      var excerpt = span("search-excerpt");
      excerptNodes(excerpt, section.excerpt);
      a.appendChild(excerpt);
      li.appendChild(a);
      list.appendChild(li);
    });
    say(results.length ? count(results.length) : (box.dataset.none || "").replace("{query}", query));
  }

  function run() {
    var query = input.value.trim();
    var mine = ++generation;
    if (!query) { list.textContent = ""; close(); return; }
    if (!served()) { list.textContent = ""; say(box.dataset.needsServer); return; }
    if (!list.children.length) say(box.dataset.loading);
    load().then(function (pagefind) {
      return pagefind.search(query);
    }).then(function (found) {
      if (mine !== generation || !found) return null;
      var top = found.results.slice(0, MAX_RESULTS);
      return Promise.all(top.map(function (r) { return r.data(); })).then(function (datas) {
        if (mine === generation) show(query, found.results, datas);
      });
    }).catch(function () {
      if (mine !== generation) return;
      list.textContent = "";
      say(box.dataset.error);
    });
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 80);
  });
  input.addEventListener("focus", function () {
    if (!served()) { say(box.dataset.needsServer); return; }
    load();
    if (input.value.trim() && list.children.length) panel.hidden = false;
  });
  box.addEventListener("keydown", function (e) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (e.key === "ArrowDown" && all.length && !panel.hidden) {
      e.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (e.key === "ArrowUp" && at >= 0) {
      e.preventDefault();
      if (at === 0) input.focus(); else all[at - 1].focus();
    } else if (e.key === "Enter" && e.target === input) {
      e.preventDefault();
      clearTimeout(timer);
      if (all.length && !panel.hidden) all[0].click(); else run();
    } else if (e.key === "Escape") {
      e.preventDefault();
      if (panel.hidden) { input.value = ""; input.blur(); } else { close(); input.focus(); }
    }
  });
  /* A result on this same page only moves to the section: close the results. */
  list.addEventListener("click", function () { close(); });
  document.addEventListener("click", function (e) {
    if (!box.contains(e.target)) close();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName))) return;
    e.preventDefault();
    input.focus();
    input.select();
  });
})();
