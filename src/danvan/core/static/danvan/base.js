/* Behaviour shared by every page (no inline scripts: the Content-Security-Policy forbids them). */
document.addEventListener("change", function (e) {
  if (e.target.matches && e.target.matches("select[data-autosubmit]")) { e.target.form.requestSubmit(); }
});
/* A form marked data-once is sent once: its buttons are disabled while the answer comes (a second
   click would only be refused by the server; the server stays the guarantee). */
document.addEventListener("submit", function (e) {
  var form = e.target;
  if (!form.matches || !form.matches("form[data-once]")) { return; }
  if (form.dataset.sent) { e.preventDefault(); return; }
  form.dataset.sent = "1";
  setTimeout(function () {
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
  }, 0);
});
