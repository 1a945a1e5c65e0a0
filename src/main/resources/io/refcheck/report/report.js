// Inlined into conformance.html. Opens the formula a link points at; expands or collapses them all.
(function () {
  "use strict";
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id ? document.getElementById(id) : null;
    if (el && el.tagName === "DETAILS" && !el.open) {
      el.open = true;
      el.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  document.querySelectorAll("[data-toggle-all]").forEach(function (button) {
    button.addEventListener("click", function () {
      var open = button.getAttribute("data-toggle-all") === "open";
      document.querySelectorAll("details.formula").forEach(function (d) { d.open = open; });
    });
  });
  // Read by scripts/check-report-in-chromium.sh: no two family tables of the matrix overlap (a
  // table wider than its column spills over the next), and the header's links end inside the window.
  var layout = [];
  var tables = Array.prototype.slice.call(document.querySelectorAll("table.family"));
  tables.forEach(function (a, i) {
    var ra = a.getBoundingClientRect();
    tables.slice(i + 1).forEach(function (b) {
      var rb = b.getBoundingClientRect();
      if (ra.left < rb.right - 1 && rb.left < ra.right - 1 && ra.top < rb.bottom - 1 && rb.top < ra.bottom - 1) {
        layout.push("tables overlap: " + a.caption.textContent + " / " + b.caption.textContent);
      }
    });
  });
  var nav = document.querySelector("header nav");
  if (nav && nav.getBoundingClientRect().right > document.documentElement.clientWidth + 1) {
    layout.push("header links end past the window's right edge");
  }
  document.documentElement.setAttribute("data-layout", layout.length === 0 ? "ok" : layout.join("; "));
  // Read by scripts/check-report-in-chromium.sh: the script ran to its end without throwing.
  document.documentElement.setAttribute("data-script", "ok");
})();
