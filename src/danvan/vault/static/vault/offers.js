/* Reuse a stored document: one pick per component; the upload field is disabled while picked.
   The offers arrive by htmx swap, so the handlers are bound once on the document. */
(function () {
  function pick(box) {
    var file = document.getElementById("file_" + box.name.slice(6));
    document.querySelectorAll('input[name="' + box.name + '"]').forEach(function (o) { if (o !== box) o.checked = false; });
    if (file) { file.disabled = box.checked; if (box.checked) file.value = ""; }
  }
  function applyPicked() {
    document.querySelectorAll("#vault-offers label.reuse input:checked").forEach(pick);
  }
  if (!window.danvanOffersBound) {
    window.danvanOffersBound = true;
    document.addEventListener("change", function (e) {
      if (e.target.matches && e.target.matches("#vault-offers label.reuse input")) { pick(e.target); }
    });
    document.addEventListener("htmx:afterSwap", applyPicked);
  }
  applyPicked();
})();
