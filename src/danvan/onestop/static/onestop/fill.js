/* Fill empty applicant fields: from the CCCD QR text (instant, the server parses it again on submit)
   and from the known-applicant lookup (htmx swap of #known). */
(function () {
  function set(name, value, force) {
    var el = document.getElementById("f-" + name);
    // Never the field the clerk is typing in: a lookup answered while they type would be
    // written first and their keystrokes appended to it ("0912345678" + "0912345678").
    if (el && value && (force || (!el.value && el !== document.activeElement))) { el.value = value; }
  }
  function isoDate(s) { return /^\d{8}$/.test(s) ? s.slice(4) + "-" + s.slice(2, 4) + "-" + s.slice(0, 2) : ""; }
  window.danvanFillFromQr = function (text) {
    var p = (text || "").trim().split("|");
    if (p.length < 6 || !/^\d{12}$/.test(p[0])) { return false; }
    set("national_id", p[0], true); set("name", p[2].replace(/\s+/g, " ").trim(), true);
    set("date_of_birth", isoDate(p[3]), true); set("sex", p[4], true); set("address", p[5], true);
    var id = document.getElementById("f-national_id");
    if (id) { id.dispatchEvent(new Event("change", {bubbles: true})); }
    return true;
  };
  var qr = document.getElementById("f-qr");
  if (qr) { qr.addEventListener("input", function () { window.danvanFillFromQr(qr.value); }); }
  document.addEventListener("htmx:afterSwap", function (e) {
    var known = document.getElementById("known");
    if (!known || !known.dataset.name) { return; }
    ["name", "phone", "email", "address", "sex", "date_of_birth"].forEach(function (k) { set(k, known.dataset[k], false); });
  });
})();
