/* Split pages: a link to an anchor that lives on another page of the same family.
 *
 * A topic, the timeline or the predictions ledger of a big corpus is cut
 * into pages (generator/site/writers/paging.py). An address from before the cut,
 * or from before an edit moved an anchor (`timeline/#t-1a2b3c4d`), lands
 * on a page without that id. Each page of a family links, hidden, its
 * `anchors.json` (anchor -> page number) and every other page in its map
 * (`data-pg`); this script reads the table only then and goes to the page
 * that holds the anchor. Without it, the map of pages gets the reader there.
 */
(function () {
  "use strict";

  function follow() {
    var table = document.querySelector("a.pg-anchors");
    var id = "";
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (e) {
      return;
    }
    if (!table || !id || document.getElementById(id)) return;
    fetch(table.href)
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (map) {
        var anchors = map && map.anchors;
        if (!anchors || !Object.prototype.hasOwnProperty.call(anchors, id)) return;
        var page = Number(anchors[id]);
        var link = Number.isInteger(page) && document.querySelector('.pg-map a[data-pg="' + page + '"]');
        if (link) location.replace(link.href.split("#")[0] + "#" + encodeURIComponent(id));
      })
      .catch(function () { /* no table: the map of pages is still there */ });
  }

  // A page's query (the timeline's `?topic=` filter) goes along to the page the map or the steps lead to.
  function carryQuery(event) {
    var a = event.target.closest && event.target.closest(".pg-map a[href], .pg-steps a[href]");
    if (!a || !location.search || a.classList.contains("pg-anchors")) return;
    var url = new URL(a.href, location.href);
    if (url.search || url.origin !== location.origin) return;
    url.search = location.search;
    a.href = url.href;
  }

  follow();
  window.addEventListener("hashchange", follow);
  document.addEventListener("click", carryQuery, true);
})();
