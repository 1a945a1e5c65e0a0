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
  // Read by scripts/check-report-in-chromium.sh: the script ran to its end without throwing.
  document.documentElement.setAttribute("data-script", "ok");
})();
