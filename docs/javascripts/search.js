/*
 * Site search: a small dialog over Pagefind's JS API, in the header where
 * Material keeps its own search. The index is made from the built pages by
 * the briefing plugin (generator/site/search_index.py) and loaded chunk by
 * chunk, only what a query needs, from `pagefind/` at the site root: it
 * works offline from any static server, whatever built the pages.
 *
 * Nothing of Pagefind loads until a reader opens the dialog; then only
 * pagefind.js, its worker, its wasm and the index's metadata. A query
 * fetches the index chunks of its words, and each result shown fetches its
 * page's fragment (PAGE_SIZE at a time). The filters' chunks load when a
 * reader first reaches for a filter.
 *
 * Keys as in Material: `/`, `s` or `f` open the dialog (Ctrl/Cmd+K too);
 * Escape closes it; arrow keys move through the results, Enter opens one.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || document.querySelector(".briefing-search__dialog")) return;
  // This file is javascripts/search.js: the site root is one folder up.
  var bundle = new URL("../pagefind/", script.src).href;

  // Ranking: how often a word occurs counts half as much as Pagefind's
  // default and long pages are fully normalised, so the timeline and the
  // glossary, which mention everything, do not bury the page about a thing.
  var RANKING = { termFrequency: 0.5, pageLength: 1.0 };
  var HIGHLIGHT = "highlight";
  var PAGE_SIZE = 5;
  var MAX_SECTIONS = 3;
  var DEBOUNCE_MS = 80; // short: it counts in the time to the first result
  var FILTERS = [
    { name: "类型", all: "全部类型" },
    { name: "专题", all: "全部专题" },
  ];

  var pagefind = null; // the module's promise, once the dialog first opens
  var filtersLoaded = null;
  var current = null; // the search shown: { results, shown }
  var ui = {};

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(function (module) {
        return module.options({ ranking: RANKING, highlightParam: HIGHLIGHT }).then(function () {
          module.init();
          return module;
        });
      });
    }
    return pagefind;
  }

  // Pagefind's excerpts are its text with `<` and `>` escaped and the
  // query's words in <mark>: rebuilt as text nodes and marks, never parsed
  // as HTML, so nothing in a page's text can become markup here.
  function excerpt(html) {
    var node = element("p", { class: "briefing-search__excerpt" });
    html.split(/(<mark>|<\/mark>)/).reduce(function (marked, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      if (part) {
        var text = document.createTextNode(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
        node.appendChild(marked ? element("mark", {}, [text]) : text);
      }
      return marked;
    }, false);
    return node;
  }

  function resultItem(data) {
    var title = data.meta && data.meta.title;
    var item = element("li", { class: "briefing-search__result" }, [
      element("a", { class: "briefing-search__link", href: data.url }, [
        element("span", { class: "briefing-search__title" }, [title || data.url]),
        excerpt(data.excerpt || ""),
      ]),
    ]);
    // Sections: headings below the title (the title's own anchor would repeat the page).
    var sections = (data.sub_results || []).filter(function (sub) {
      return sub.url.indexOf("#") >= 0 && sub.title !== title;
    }).slice(0, MAX_SECTIONS);
    if (sections.length) {
      item.appendChild(element("ul", { class: "briefing-search__sections" }, sections.map(function (sub) {
        return element("li", {}, [element("a", { class: "briefing-search__section", href: sub.url }, [
          element("span", { class: "briefing-search__title" }, [sub.title]),
          excerpt(sub.excerpt || ""),
        ])]);
      })));
    }
    return item;
  }

  function status(text) {
    ui.summary.textContent = text;
  }

  // The next PAGE_SIZE results, each shown as soon as its fragment arrives.
  function showMore(search) {
    var batch = search.results.slice(search.shown, search.shown + PAGE_SIZE);
    search.shown += batch.length;
    ui.more.hidden = search.shown >= search.results.length;
    batch.forEach(function (result) {
      var slot = element("li", { class: "briefing-search__result briefing-search__result--loading", "aria-busy": "true" });
      ui.results.appendChild(slot);
      result.data().then(function (data) {
        if (current === search) slot.replaceWith(resultItem(data));
      });
    });
  }

  function chosenFilters() {
    var chosen = {};
    ui.filters.forEach(function (select) {
      if (select.value) chosen[select.dataset.filter] = select.value;
    });
    return chosen;
  }

  function run() {
    var query = ui.input.value.trim();
    if (!query) {
      current = null;
      ui.results.replaceChildren();
      ui.more.hidden = true;
      status("");
      return;
    }
    status("正在搜索“" + query + "”…");
    loadPagefind().then(function (module) {
      return module.debouncedSearch(query, { filters: chosenFilters() }, DEBOUNCE_MS);
    }).then(function (found) {
      // null: a later keystroke superseded this search.
      if (!found || ui.input.value.trim() !== query) return;
      var search = { results: found.results, shown: 0 };
      current = search;
      ui.results.replaceChildren();
      status(search.results.length ? "“" + query + "”：" + search.results.length + " 个结果" : "没有找到“" + query + "”");
      showMore(search);
    });
  }

  // Filter values and counts come from Pagefind's filter chunks: fetched
  // once, when a reader first reaches for a filter, never for a query alone.
  function loadFilters() {
    if (!filtersLoaded) {
      filtersLoaded = loadPagefind().then(function (module) { return module.filters(); }).then(function (all) {
        ui.filters.forEach(function (select) {
          var values = all[select.dataset.filter] || {};
          Object.keys(values).sort().forEach(function (value) {
            select.appendChild(element("option", { value: value }, [value + "（" + values[value] + "）"]));
          });
        });
      });
    }
    return filtersLoaded;
  }

  function links() {
    return Array.prototype.slice.call(ui.results.querySelectorAll("a"));
  }

  // Arrow keys: from the box into the results, and through them.
  function onKeydown(event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var all = links();
    if (!all.length) return;
    var at = all.indexOf(document.activeElement);
    var next = event.key === "ArrowDown" ? at + 1 : at - 1;
    if (at < 0 && event.key === "ArrowUp") return;
    event.preventDefault();
    if (next < 0) ui.input.focus();
    else all[Math.min(next, all.length - 1)].focus();
  }

  function open() {
    if (ui.dialog.open) return;
    loadPagefind();
    ui.dialog.showModal();
    ui.input.focus();
    ui.input.select();
  }

  function build() {
    ui.input = element("input", {
      type: "search", class: "briefing-search__input", placeholder: "搜索来源、专题、时间线与术语",
      "aria-label": "搜索", autocomplete: "off", spellcheck: "false", enterkeyhint: "search",
    });
    ui.filters = FILTERS.map(function (filter) {
      return element("select", { class: "briefing-search__filter", "data-filter": filter.name, "aria-label": filter.name }, [
        element("option", { value: "" }, [filter.all]),
      ]);
    });
    ui.summary = element("p", { class: "briefing-search__summary", role: "status" });
    ui.results = element("ol", { class: "briefing-search__results", "aria-label": "搜索结果" });
    ui.more = element("button", { type: "button", class: "briefing-search__more" }, ["更多结果"]);
    ui.more.hidden = true;
    var close = element("button", { type: "button", class: "briefing-search__close", "aria-label": "关闭搜索" }, ["×"]);
    ui.dialog = element("dialog", { class: "briefing-search__dialog", "aria-label": "搜索" }, [
      element("form", { role: "search", class: "briefing-search__form" }, [ui.input, close]),
      element("div", { class: "briefing-search__filters" }, ui.filters),
      ui.summary,
      ui.results,
      ui.more,
      element("p", { class: "briefing-search__keys" }, [
        element("kbd", {}, ["↑"]), element("kbd", {}, ["↓"]), " 选择 · ", element("kbd", {}, ["Enter"]), " 打开 · ",
        element("kbd", {}, ["Esc"]), " 关闭",
      ]),
    ]);
    ui.trigger = element("button", { type: "button", class: "briefing-search__trigger", "aria-label": "搜索（快捷键 /）" }, [
      element("span", { class: "briefing-search__label" }, ["搜索"]),
      element("kbd", {}, ["/"]),
    ]);

    ui.trigger.addEventListener("click", open);
    ui.dialog.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); });
    close.addEventListener("click", function () { ui.dialog.close(); });
    // A click on the backdrop (the dialog box itself, outside its content) closes it.
    ui.dialog.addEventListener("click", function (event) { if (event.target === ui.dialog) ui.dialog.close(); });
    ui.input.addEventListener("input", run);
    ui.dialog.addEventListener("keydown", onKeydown);
    ui.more.addEventListener("click", function () { if (current) showMore(current); });
    ui.filters.forEach(function (select) {
      select.addEventListener("pointerdown", loadFilters);
      select.addEventListener("focus", loadFilters);
      select.addEventListener("change", run);
    });
  }

  function mount() {
    build();
    var slot = element("div", { class: "md-header__option briefing-search" }, [ui.trigger]);
    var header = document.querySelector(".md-header__inner");
    if (header) {
      header.insertBefore(slot, document.querySelector(".md-header__source") || null);
    } else {
      document.body.insertBefore(slot, document.body.firstChild);
    }
    document.body.appendChild(ui.dialog);

    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey) return;
      var modK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k";
      if (!modK) {
        // Material's own keys, where typing is not going to a field.
        if (event.ctrlKey || event.metaKey || (event.key !== "/" && event.key !== "s" && event.key !== "f")) return;
        var target = event.target;
        if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      }
      event.preventDefault();
      open();
    });

    // A page opened from a result marks the words searched for.
    if (new URLSearchParams(location.search).has(HIGHLIGHT)) {
      import(bundle + "pagefind-highlight.js").then(function (module) {
        new module.default({ highlightParam: HIGHLIGHT, markContext: "article" });
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
