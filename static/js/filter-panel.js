// The program list's filter panel is a <details>: folded on phones, open beside the results
// on wide screens. site.css opens it there with ::details-content; a browser without that
// selector would show it folded, so this opens it instead. Without JavaScript the panel still
// works everywhere: folded, and a tap on its summary opens it.
(function () {
  "use strict";
  var panel = document.getElementById("filters");
  if (!panel || !window.CSS || !CSS.supports || !window.matchMedia) return;
  if (CSS.supports("selector(::details-content)")) return;
  var wide = window.matchMedia("(min-width: 992px)");
  var follow = function () { if (wide.matches) panel.open = true; };
  follow();
  if (wide.addEventListener) wide.addEventListener("change", follow);
})();
