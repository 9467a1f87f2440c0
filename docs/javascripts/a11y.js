/* A wide table scrolls inside the wrapper Material adds around it (after this
   script runs): the wrapper takes keyboard focus, so the table can be
   scrolled without a mouse (axe: scrollable-region-focusable). */
(function () {
  "use strict";
  function focusable() {
    document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "可横向滚动的表格");
      }
    });
  }
  new MutationObserver(focusable).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("load", focusable);
  window.addEventListener("resize", focusable);
})();
