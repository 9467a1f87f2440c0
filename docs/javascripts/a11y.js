/* Material's search dialog has no accessible name (axe: aria-dialog-name). */
(function () {
  "use strict";
  document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])').forEach(function (el) {
    el.setAttribute("aria-label", "搜索");
  });
})();
