/* polybook search box. Searches the page's locale in the index written with the
   site (one per locale, `search-index/`: a small meta.json, the terms in sorted
   chunks, the pages' texts in bundles), fetched only when the reader first uses the
   box and then only the chunks of the words typed and the bundles of the results
   shown. Words are split, folded and stemmed by the same rules as at build time
   (polybook's search/tokenize.rs and stem.rs). Its strings come from the page (the
   locale's Fluent files).
   Keys: "/" focuses the box, arrows move through the results, Enter opens one, Esc
   closes them. Each result shows the article's title, the section the words were
   found in, and an excerpt with the words marked; it links to that section, and the
   page it opens marks the words found in its article (kept for that one page load in
   sessionStorage: the URL stays the page's own). */
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
  var EXCERPT = 160;        /* characters of text around the matched words */
  var MAX_EXPANSIONS = 40;  /* indexed words a prefix may stand for */
  var NEAR = 0.5;           /* what a word found by its prefix counts, against 1 */
  var index = null;         /* a promise of the Index, once asked for */
  var generation = 0;       /* the latest query; older answers are dropped */
  var timer = 0;
  var lastFound = null;     /* the words the results shown were found by */
  var HIGHLIGHT_KEY = "polybook-search-highlight";

  /* ---- Words: the build's rules (tokenize.rs, stem.rs) ---- */

  var CJK = "\\u1100-\\u11ff\\u3040-\\u30ff\\u3130-\\u318f\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff";
  var IS_CJK = new RegExp("^[" + CJK + "]");
  var WORD_CHAR = "(?:(?![" + CJK + "])[\\p{L}\\p{N}\\p{M}])";
  var TOKEN = new RegExp("[" + CJK + "]+|" + WORD_CHAR + "+(?:[-_]" + WORD_CHAR + "+)*", "gu");
  var MAX_TERM_CHARS = 64;

  function fold(word) {
    return word.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
  }

  var STEMMERS = {
    /* Spanish light stemmer (number and gender). */
    es: function (w) {
      var n = w.length;
      if (n < 5) return w;
      var last = w[n - 1], prev = w[n - 2];
      if (last === "o" || last === "a" || last === "e") return w.slice(0, -1);
      if (last === "s") {
        if (prev === "e" && w[n - 3] === "s" && w[n - 4] === "e") return w.slice(0, -2);
        if (prev === "e" && w[n - 3] === "c") return w.slice(0, -3) + "z";
        if (prev === "o" || prev === "a" || prev === "e") return w.slice(0, -2);
      }
      return w;
    },
    /* English minimal stemmer (plurals). */
    en: function (w) {
      var n = w.length;
      if (n < 3 || w[n - 1] !== "s") return w;
      var p = w[n - 2];
      if (p === "u" || p === "s") return w;
      if (p === "e") {
        if (n > 3 && w[n - 3] === "i" && w[n - 4] !== "a" && w[n - 4] !== "e") return w.slice(0, -3) + "y";
        if ("iaoe".indexOf(w[n - 3]) >= 0) return w;
      }
      return w.slice(0, -1);
    }
  };

  function stemmer(name) {
    var stem = STEMMERS[name];
    if (!stem) return function (w) { return w; };
    return function (w) { return /^\p{Alphabetic}+$/u.test(w) ? stem(w) : w; };
  }

  /* The terms of a word (not CJK): its folded form, stemmed; a joined word gives
     its whole form and each part. */
  function wordTerms(word, stem) {
    var f = fold(word);
    var all = /[-_]/.test(f) ? [f].concat(f.split(/[-_]/).map(stem)) : [stem(f)];
    return all.filter(function (t) { return Array.from(t).length <= MAX_TERM_CHARS; });
  }

  /* Calls fn(term, start, end, cjk) for each term of the text. */
  function eachTerm(text, stem, fn) {
    TOKEN.lastIndex = 0;
    var m;
    while ((m = TOKEN.exec(text))) {
      var w = m[0], at = m.index;
      if (IS_CJK.test(w)) {
        if (w.length === 1) fn(w, at, at + 1, true);
        for (var i = 0; i + 1 < w.length; i++) fn(w.substr(i, 2), at + i, at + i + 2, true);
      } else {
        wordTerms(w, stem).forEach(function (t) { fn(t, at, at + w.length, false); });
      }
    }
  }

  /* ---- The index ---- */

  function Index(metaUrl, meta) {
    this.folder = new URL(".", metaUrl);
    this.site = new URL("..", metaUrl);  /* the locale's folder: page URLs start there */
    this.meta = meta;
    this.stem = stemmer(meta.stemmer);
    this.files = {};
  }

  Index.prototype.file = function (name) {
    var files = this.files;
    if (!files[name]) {
      files[name] = fetch(new URL(name, this.folder).href).then(function (r) {
        if (!r.ok) throw new Error(name + ": " + r.status);
        return r.json();
      });
      files[name].catch(function () { delete files[name]; });
    }
    return files[name];
  };

  /* The index of the last entry of a sorted table [[first, file], …] whose first
     is at most `key`. */
  function lastAtMost(table, key) {
    var lo = 0, hi = table.length - 1, at = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (table[mid][0] <= key) { at = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return at;
  }

  /* The chunks that may hold `term` (and, for a prefix, the words after it). */
  Index.prototype.chunksFor = function (term, prefix) {
    var table = this.meta.terms;
    if (!table.length) return [];
    var at = lastAtMost(table, term), names = [table[at][1]];
    for (var i = at + 1; prefix && i < table.length && i <= at + 2 && table[i][0].lastIndexOf(term, 0) === 0; i++) {
      names.push(table[i][1]);
    }
    return names;
  };

  /* A word may stand for the indexed words it begins: when it is the word being
     typed, or a word the index does not have. Short words would stand for too many. */
  function prefixable(term) {
    return IS_CJK.test(term) ? term.length === 1 : Array.from(term).length >= 3;
  }

  /* Ranks the pages for a query: each query term adds its rarity (BM25's idf) times
     its score in the page; a page missing some of the query's words is ranked down
     by the share of the query's rarity it has, squared. */
  Index.prototype.search = function (query, typing) {
    var self = this, seen = {}, wanted = [];
    eachTerm(query, this.stem, function (term, start, end, cjk) {
      if (seen[term]) return;
      seen[term] = true;
      wanted.push({ term: term, cjk: cjk, last: false });
    });
    if (wanted.length && typing) wanted[wanted.length - 1].last = true;
    var names = {};
    wanted.forEach(function (w) {
      w.chunks = self.chunksFor(w.term, prefixable(w.term));
      w.chunks.forEach(function (n) { names[n] = true; });
    });
    var files = Object.keys(names);
    return Promise.all(files.map(function (n) { return self.file(n); })).then(function (loaded) {
      var chunks = {};
      files.forEach(function (n, i) { chunks[n] = loaded[i]; });
      var n = self.meta.pages, scale = self.meta.scale || 1;
      var score = {}, share = {}, total = 0, words = {}, cjk = [];
      wanted.forEach(function (w) {
        var exact = null, near = [];
        w.chunks.forEach(function (name) {
          var c = chunks[name];
          if (!exact && Object.prototype.hasOwnProperty.call(c, w.term)) exact = c[w.term];
          if (!prefixable(w.term) || (exact && !w.last)) return;
          for (var k in c) {
            if (near.length >= MAX_EXPANSIONS) break;
            if (k !== w.term && k.lastIndexOf(w.term, 0) === 0) near.push(k);
          }
        });
        if (exact && !w.last) near = [];
        var mine = {};
        function add(postings, factor) {
          var page = 0;
          for (var i = 0; i < postings.length; i += 2) {
            page += postings[i];
            var s = factor * postings[i + 1] / scale;
            if (!(mine[page] >= s)) mine[page] = s;
          }
        }
        if (exact) { add(exact, 1); words[w.term] = true; }
        near.forEach(function (k) {
          var c = null;
          w.chunks.forEach(function (name) { if (!c && chunks[name][k]) c = chunks[name][k]; });
          add(c, NEAR);
          words[k] = true;
        });
        if (w.cjk && (exact || near.length)) cjk.push(w.term);
        var pages = Object.keys(mine), df = pages.length;
        var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        total += idf;
        pages.forEach(function (p) {
          score[p] = (score[p] || 0) + idf * mine[p];
          share[p] = (share[p] || 0) + idf;
        });
      });
      var ranked = Object.keys(score).map(function (p) {
        var s = share[p] / (total || 1);
        return { page: +p, score: score[p] * s * s };
      });
      ranked.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
      return { pages: ranked, words: words, cjk: cjk };
    });
  };

  /* A page's record: [url, title, text, headings]. */
  Index.prototype.page = function (id) {
    var table = this.meta.bundles, at = lastAtMost(table, id);
    return this.file(table[at][1]).then(function (bundle) { return bundle[id - table[at][0]]; });
  };

  /* ---- A result: section and excerpt ---- */

  /* Where the query's words are in a text: [start, end] pairs, sorted, merged. */
  function marksIn(text, found, stem) {
    var marks = [];
    eachTerm(text, stem, function (term, start, end, cjk) {
      if (!cjk && found.words[term]) marks.push([start, end]);
    });
    found.cjk.forEach(function (q) {
      for (var i = text.indexOf(q); i >= 0; i = text.indexOf(q, i + 1)) marks.push([i, i + q.length]);
    });
    marks.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    marks.forEach(function (m) {
      var last = merged[merged.length - 1];
      if (last && m[0] <= last[1]) last[1] = Math.max(last[1], m[1]);
      else merged.push([m[0], m[1]]);
    });
    return merged;
  }

  /* The section holding most of the marked words (those in its heading count
     three times); the page itself when they are only in its title or above its
     first heading. */
  function bestSection(headings, marks) {
    var scores = headings.map(function () { return 0; });
    var h = -1;
    marks.forEach(function (m) {
      while (h + 1 < headings.length && headings[h + 1][0] <= m[0]) h++;
      if (h >= 0) scores[h] += m[0] < headings[h][1] ? 3 : 1;
    });
    var best = -1;
    headings.forEach(function (x, i) {
      if (x[2] > 1 && x[3] && scores[i] > 0 && (best < 0 || scores[i] > scores[best])) best = i;
    });
    return best;
  }

  /* The window of the text from `from` to `to` holding most marks; "…" where it cuts
     that range. */
  function excerpt(text, marks, from, to) {
    var inside = marks.filter(function (m) { return m[0] >= from && m[1] <= to; });
    var start = from;
    if (inside.length) {
      var best = 0, bestAt = 0;
      for (var i = 0, j = 0; i < inside.length; i++) {
        while (j < inside.length && inside[j][1] <= inside[i][0] + EXCERPT) j++;
        if (j - i > best) { best = j - i; bestAt = i; }
      }
      /* From the start of the range when the words are near it, else a little before them. */
      start = inside[bestAt][1] - from <= EXCERPT - 20 ? from : inside[bestAt][0] - 40;
      var space = text.lastIndexOf(" ", start);
      if (start > from && space >= from && start - space < 20) start = space + 1;
    }
    while (start < to && text.charAt(start) === " ") start++;
    var end = Math.min(to, start + EXCERPT);
    var after = text.indexOf(" ", end);
    if (end < to && after >= 0 && after - end < 20) end = after;
    return {
      before: start > from + 1, after: end < to, text: text.slice(start, end),
      marks: inside.filter(function (m) { return m[0] >= start && m[1] <= end; })
        .map(function (m) { return [m[0] - start, m[1] - start]; })
    };
  }

  function describe(index, found, record) {
    var text = record[2], headings = record[3];
    var marks = marksIn(text, found, index.stem);
    var url = new URL(record[0], index.site);
    var best = bestSection(headings, marks);
    var section = "", part;
    if (best >= 0) {
      var next = headings.length;
      for (var i = best + 1; i < headings.length; i++) {
        if (headings[i][2] <= headings[best][2]) { next = i; break; }
      }
      url.hash = headings[best][3];
      section = text.slice(headings[best][0], headings[best][1]);
      /* The section's title is shown above: the excerpt is taken from its text. */
      part = excerpt(text, marks, headings[best][1], next < headings.length ? headings[next][0] : text.length);
    } else {
      var from = headings.length && headings[0][2] === 1 ? headings[0][1] : 0;
      part = excerpt(text, marks, from, text.length);
    }
    return { href: url.href, title: record[1], section: section, excerpt: part };
  }

  /* ---- The box ---- */

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

  /* Browsers refuse to fetch files from file:// pages. */
  function served() {
    return location.protocol !== "file:";
  }

  function load() {
    if (!index) {
      var url = new URL(box.dataset.index, document.baseURI);
      /* meta.json is the one file whose name stays: ask the server if it changed. */
      index = fetch(url.href, { cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.json();
      }).then(function (meta) { return new Index(url, meta); });
      index.catch(function () { index = null; });
    }
    return index;
  }

  function span(cls, text) {
    var s = document.createElement("span");
    s.className = cls;
    if (text) s.textContent = text;
    return s;
  }

  /* The excerpt as nodes (text and <mark>), never parsed as HTML. */
  function excerptNode(part) {
    var node = span("search-excerpt"), at = 0;
    function text(t) { if (t) node.appendChild(document.createTextNode(t)); }
    text(part.before ? "… " : "");
    part.marks.forEach(function (m) {
      text(part.text.slice(at, m[0]));
      var mark = document.createElement("mark");
      mark.textContent = part.text.slice(m[0], m[1]);
      node.appendChild(mark);
      at = m[1];
    });
    text(part.text.slice(at));
    text(part.after ? " …" : "");
    return node;
  }

  function show(query, total, results) {
    list.textContent = "";
    results.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r.href;
      a.appendChild(span("search-title", r.title));
      if (r.section) a.appendChild(span("search-section", r.section));
      a.appendChild(excerptNode(r.excerpt));
      li.appendChild(a);
      list.appendChild(li);
    });
    say(total ? count(total) : (box.dataset.none || "").replace("{query}", query));
  }

  function run() {
    var raw = input.value, query = raw.trim();
    var mine = ++generation;
    if (!query) { list.textContent = ""; close(); return; }
    if (!served()) { list.textContent = ""; say(box.dataset.needsServer); return; }
    if (!list.children.length) say(box.dataset.loading);
    var idx;
    load().then(function (i) {
      idx = i;
      return idx.search(query, !/\s$/.test(raw));
    }).then(function (found) {
      if (mine !== generation) return null;
      var top = found.pages.slice(0, MAX_RESULTS);
      return Promise.all(top.map(function (r) { return idx.page(r.page); })).then(function (records) {
        if (mine !== generation) return;
        lastFound = { words: Object.keys(found.words), cjk: found.cjk, stemmer: idx.meta.stemmer };
        show(query, found.pages.length, records.map(function (rec) { return describe(idx, found, rec); }));
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
    timer = setTimeout(run, 60);
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
  /* ---- The page a result opens: the words found, marked in its article ---- */

  /* Wraps the words of `found` in the article's text nodes in <mark class="search-hit">. */
  function highlight(found) {
    var article = document.querySelector("[data-search-body]");
    if (!article || !found) return;
    /* The marks of an earlier search go first. */
    Array.prototype.slice.call(article.querySelectorAll("mark.search-hit")).forEach(function (m) {
      m.parentNode.replaceChild(document.createTextNode(m.textContent), m);
    });
    article.normalize();
    var words = {};
    (found.words || []).forEach(function (w) { words[w] = true; });
    var wanted = { words: words, cjk: found.cjk || [] };
    var stem = stemmer(found.stemmer);
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) {
      if (!walker.currentNode.parentNode.closest("mark.search-hit, script, style")) nodes.push(walker.currentNode);
    }
    nodes.forEach(function (node) {
      var text = node.data, marks = marksIn(text, wanted, stem);
      if (!marks.length) return;
      var out = document.createDocumentFragment(), at = 0;
      marks.forEach(function (m) {
        if (m[0] > at) out.appendChild(document.createTextNode(text.slice(at, m[0])));
        var mark = document.createElement("mark");
        mark.className = "search-hit";
        mark.textContent = text.slice(m[0], m[1]);
        out.appendChild(mark);
        at = m[1];
      });
      if (at < text.length) out.appendChild(document.createTextNode(text.slice(at)));
      node.parentNode.replaceChild(out, node);
    });
  }

  /* A result opened: its page marks the words (this page at once, if the result is
     on it; else the next page load). A result on this same page only moves to the
     section: close the results. */
  list.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a");
    if (a && lastFound) {
      if (a.pathname === location.pathname) {
        highlight(lastFound);
      } else {
        try {
          sessionStorage.setItem(HIGHLIGHT_KEY, JSON.stringify({ path: a.pathname, found: lastFound }));
        } catch (err) { /* storage refused: no marks */ }
      }
    }
    close();
  });
  try {
    var saved = JSON.parse(sessionStorage.getItem(HIGHLIGHT_KEY) || "null");
    sessionStorage.removeItem(HIGHLIGHT_KEY);
    if (saved && saved.path === location.pathname) highlight(saved.found);
  } catch (err) { /* nothing saved, or storage refused */ }
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
