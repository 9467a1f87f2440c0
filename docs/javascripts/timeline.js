/* Topic filter for the timeline.
 *
 * Every entry is in the page and visible without this script; it only
 * shows the topic buttons (hidden in the HTML) and hides entries whose
 * `data-topics` lack the chosen topic. The choice is kept in `?topic=`
 * so a topic page can link to its slice of the timeline. Material's
 * `document$` re-runs it after instant navigation.
 */
(function () {
  "use strict";

  function setup() {
    var nav = document.querySelector("[data-tl-filter]");
    if (!nav) return;
    var root = nav.parentElement;
    var buttons = Array.prototype.slice.call(nav.querySelectorAll("button[data-topic]"));
    var known = buttons.map(function (b) { return b.getAttribute("data-topic"); });

    function apply(topic, remember) {
      if (known.indexOf(topic) < 0) topic = "";
      root.querySelectorAll(".tl-entry[data-topics]").forEach(function (el) {
        var topics = (el.getAttribute("data-topics") || "").split(" ");
        el.hidden = topic !== "" && topics.indexOf(topic) < 0;
      });
      // A month or year with nothing left to show disappears with its heading.
      root.querySelectorAll(".tl-group, .tl-year").forEach(function (group) {
        group.hidden = !group.querySelector(".tl-entry:not([hidden])");
      });
      buttons.forEach(function (b) {
        b.setAttribute("aria-pressed", String(b.getAttribute("data-topic") === topic));
      });
      if (remember) {
        var url = new URL(window.location.href);
        if (topic) url.searchParams.set("topic", topic); else url.searchParams.delete("topic");
        window.history.replaceState(null, "", url.toString());
      }
    }

    nav.hidden = false;
    nav.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-topic]");
      if (button) apply(button.getAttribute("data-topic"), true);
    });
    // A topic chip on an entry narrows to that topic too.
    root.addEventListener("click", function (event) {
      var chip = event.target.closest(".tl-topic[data-topic]");
      if (chip) apply(chip.getAttribute("data-topic"), true);
    });
    apply(new URLSearchParams(window.location.search).get("topic") || "", false);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
