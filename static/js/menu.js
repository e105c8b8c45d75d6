/* The staff menu folds behind its "Menu" button on a narrow screen. The page
   sends it unfolded with the button hidden, so that without JavaScript (or
   without Bootstrap) every link stays reachable as a plain list; Bootstrap's
   collapse (its data API: data-bs-toggle) opens and closes it and keeps
   aria-expanded in step. */
(function () {
  "use strict";
  var menu = document.querySelector("[data-menu]");
  var toggler = document.querySelector("[data-menu-toggler]");
  if (!menu || !toggler || !window.bootstrap || !window.bootstrap.Collapse) { return; }
  menu.classList.add("collapse");
  toggler.hidden = false;
})();
