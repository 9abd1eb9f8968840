/* Ctrl+Enter submits the counter intake form from any field. */
document.getElementById("intake").addEventListener("keydown", function (e) {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); this.requestSubmit(); }
});
