/* Behaviour shared by every page (no inline scripts: the Content-Security-Policy forbids them). */
document.addEventListener("change", function (e) {
  if (e.target.matches && e.target.matches("select[data-autosubmit]")) { e.target.form.requestSubmit(); }
});
