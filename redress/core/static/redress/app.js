// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add("js");

document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("[data-autosubmit]")) el.form.submit();
});

// Show the name fields that match "person" or "organisation".
function syncKind(form) {
  const checked = form.querySelector("input[name=kind]:checked");
  if (!checked) return;
  form.querySelectorAll("[data-kind]").forEach((block) => {
    block.hidden = block.dataset.kind !== checked.value;
  });
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form").forEach((form) => {
    if (form.querySelector("input[name=kind]")) {
      syncKind(form);
      form.addEventListener("change", (e) => { if (e.target.name === "kind") syncKind(form); });
    }
  });
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
