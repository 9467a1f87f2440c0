/*
 * Site search: Pagefind's component UI, in the header where Material keeps
 * its own search. The index is made from the built pages by the briefing
 * plugin (generator/site/search_index.py) and loaded chunk by chunk, only
 * what a query needs, from `pagefind/` at the site root: it works offline
 * from any static server, whatever built the pages.
 *
 * Keys as in Material: `/`, `s` or `f` open the dialog (Ctrl/Cmd+K too);
 * Escape closes it; arrow keys move through the results.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || document.querySelector("pagefind-modal")) return;
  // This file is javascripts/search.js: the site root is one folder up.
  var root = new URL("..", script.src);
  // A path from the origin: the component UI takes no full URL here.
  var bundle = new URL("pagefind/", root).pathname.replace(/\/{2,}/g, "/");

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  // Ranking: how often a word occurs counts half as much as Pagefind's
  // default and long pages are fully normalised, so the timeline and the
  // glossary, which mention everything, do not bury the page about a thing.
  var RANKING = { termFrequency: 0.5, pageLength: 1.0 };
  var HIGHLIGHT = "highlight";

  function load() {
    document.head.appendChild(element("link", { rel: "stylesheet", href: bundle + "pagefind-component-ui.css" }));
    var ui = element("script", { src: bundle + "pagefind-component-ui.js" });
    ui.addEventListener("load", function () {
      // Before any element asks for the instance, so the options hold.
      window.PagefindComponents.configureInstance("default", { bundlePath: bundle, ranking: RANKING, highlightParam: HIGHLIGHT });
      mount();
    });
    document.head.appendChild(ui);
    // A page opened from a result marks the words searched for.
    if (new URLSearchParams(location.search).has(HIGHLIGHT)) {
      import(bundle + "pagefind-highlight.js").then(function (module) {
        new module.default({ highlightParam: HIGHLIGHT, markContext: "article" });
      });
    }
  }

  function mount() {
    var config = element("pagefind-config", { "bundle-path": bundle, lang: "zh-cn" });
    var trigger = element("pagefind-modal-trigger", { placeholder: "搜索", shortcut: "mod+k", compact: "" });
    var modal = element("pagefind-modal", { "reset-on-close": "false" }, [
      element("pagefind-modal-header", {}, [element("pagefind-input", { placeholder: "搜索来源、专题、时间线与术语" })]),
      element("pagefind-modal-body", {}, [
        element("div", { class: "briefing-search-filters" }, [
          element("pagefind-filter-dropdown", { filter: "类型", label: "类型" }),
          element("pagefind-filter-dropdown", { filter: "专题", label: "专题" }),
        ]),
        element("pagefind-summary"),
        element("pagefind-results", { "show-sub-results": "", "max-sub-results": "3" }),
      ]),
      element("pagefind-modal-footer", {}, [element("pagefind-keyboard-hints")]),
    ]);
    var slot = element("div", { class: "md-header__option briefing-search" }, [config, trigger]);
    var header = document.querySelector(".md-header__inner");
    if (header) {
      header.insertBefore(slot, document.querySelector(".md-header__source") || null);
    } else {
      document.body.insertBefore(slot, document.body.firstChild);
    }
    document.body.appendChild(modal);

    // Material's own keys, where typing is not going to a field.
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (event.key !== "/" && event.key !== "s" && event.key !== "f") return;
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      if (typeof modal.open !== "function") return;
      event.preventDefault();
      modal.open();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", load);
  } else {
    load();
  }
})();
