// Names for the admin's autocomplete widgets (Select2 4.0.13, vendored by Django), which
// leave screen readers without them (WCAG 4.1.2; axe aria-input-field-name, label, list):
// the combobox is labelled by the chosen value alone (nothing when empty), the value is a
// nameless read-only "textbox", the search box of a many-valued widget has no label, and
// its mouse-only "clear all" cross sits in a <ul> as a <span>. Each widget is named for its
// field's <label> (or, in a table row, the aria-label core.admin.RowLabelsFormSet gives the
// <select>). Select2 builds widgets on load, for added inline rows and on every change, so
// an observer names whatever it adds. Two more admin controls are named at the end.
(() => {
  "use strict";

  const labelText = (select) => {
    if (select.getAttribute("aria-label")) return select.getAttribute("aria-label");
    const label = select.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  };

  // Select2 puts its container just after the <select> it replaces.
  const nameContainer = (container) => {
    const select = container.previousElementSibling;
    if (!select || select.tagName !== "SELECT") return;
    const name = labelText(select);
    if (!name) return;
    const selection = container.querySelector(".select2-selection[role='combobox']");
    if (selection && selection.getAttribute("aria-label") !== name) {
      selection.removeAttribute("aria-labelledby");
      selection.setAttribute("aria-label", name);
    }
    // The chosen value is the combobox's text, not a second control.
    for (const value of container.querySelectorAll(".select2-selection__rendered[role]")) {
      value.removeAttribute("role");
      value.removeAttribute("aria-readonly");
    }
    for (const search of container.querySelectorAll(".select2-search__field")) {
      search.setAttribute("aria-label", name);
    }
    // Backspace clears too; Select2 hides each value's own cross the same way.
    for (const clear of container.querySelectorAll("ul > .select2-selection__clear")) {
      clear.setAttribute("aria-hidden", "true");
    }
  };

  // An open drop-down's search box: its results list is named after the <select>'s id.
  const nameDropdownSearch = (search) => {
    const results = search.closest(".select2-dropdown")?.querySelector(".select2-results__options");
    const match = results?.id.match(/^select2-(.+)-results$/);
    const select = match && document.getElementById(match[1]);
    if (select) search.setAttribute("aria-label", labelText(select));
  };

  const nameAll = () => {
    // A date-and-time field (a user's "Last login") is two inputs after "Date:" and "Time:"
    // text, and its <label> points at neither (Django's split date-time widget).
    for (const input of document.querySelectorAll("p.datetime input:not([aria-label])")) {
      const field = input.closest(".form-row")?.querySelector("label");
      const part = input.previousSibling?.textContent.trim().replace(/:$/, "");
      if (field && part) {
        input.setAttribute("aria-label", `${field.textContent.replace(/:\s*$/, "").trim()}: ${part}`);
      }
    }
    // The filter boxes' help icons (SelectFilter2.js, many-to-many fields of users and
    // groups) carry an aria-label, which a <span> may only carry with a role.
    for (const icon of document.querySelectorAll(".search-label-icon[aria-label]:not([role])")) {
      icon.setAttribute("role", "img");
    }
    for (const container of document.querySelectorAll("select + .select2-container")) {
      nameContainer(container);
    }
    const dropdownSearches = ".select2-search--dropdown .select2-search__field:not([aria-label])";
    for (const search of document.querySelectorAll(dropdownSearches)) {
      nameDropdownSearch(search);
    }
  };

  nameAll();
  new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
})();
