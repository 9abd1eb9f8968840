/* Batch forms: "check all" and the live count of checked dossiers. */
(function () {
  document.querySelectorAll("#batch-form, #seal-form").forEach(function (form) {
    var boxes = form.querySelectorAll("input[name=dossier]");
    var all = form.querySelector("#check-all, .check-all");
    var counter = form.querySelector("#batch-count, .batch-count");
    var submit = form.querySelector("button[type=submit]");
    function count() {
      var n = 0;
      boxes.forEach(function (b) { if (b.checked) { n += 1; } });
      counter.textContent = n;
      submit.disabled = n === 0;
    }
    boxes.forEach(function (b) { b.addEventListener("change", count); });
    all.addEventListener("change", function () { boxes.forEach(function (b) { b.checked = all.checked; }); count(); });
    count();
  });
})();
