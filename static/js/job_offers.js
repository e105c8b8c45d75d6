/* The staff project page: while the offers of a search are being fetched
   (jobs.tasks.fetch_offers), their arrival is announced in place
   (poll_status.js); the link shows them. Nothing reloads by itself, so a
   form being filled on the page is never lost. Without JavaScript the
   section has the same link. */
(function () {
  "use strict";

  var box = document.getElementById("offres");
  var text = document.getElementById("offres-attente-texte");

  window.pollStatus(box, function (state) {
    if (state.status === "pending") { return false; }
    box.setAttribute("data-status", state.status);
    if (text) { text.textContent = "Les offres sont arrivées."; }
    return true;
  });
}());
