// "Select all" on the admin export page, wired here instead of an onchange="" attribute
// (the Content-Security-Policy blocks inline handlers). onSelectToggleChange comes from
// django-import-export's export_selectable_fields.js.
document.addEventListener("DOMContentLoaded", () => {
  for (const toggle of document.querySelectorAll(".select-toggle")) {
    toggle.addEventListener("change", (event) => onSelectToggleChange(event));
  }
});
