// Fills the counter form from the population-data answer (no inline script: CSP).
(function () {
  document.addEventListener("htmx:afterSwap", function () {
    var found = document.getElementById("population-answer");
    if (!found || !found.dataset.name) { return; }
    ["national_id", "name", "date_of_birth", "sex", "address"].forEach(function (k) {
      var el = document.getElementById("f-" + k);
      if (el && found.dataset[k]) { el.value = found.dataset[k]; }
    });
  });
})();
