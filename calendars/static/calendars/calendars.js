// Calendars pages: small progressive enhancements (every form works without them).
"use strict";

// The holiday form shows only the inputs the chosen kind needs.
const KIND_FIELDS = {
  date: ["date"],
  range: ["date", "end_date"],
  yearly: ["month", "day"],
  nth_weekday: ["month", "weekday", "nth"],
  easter: ["offset"],
  rrule: ["rule", "date"],
};
const KIND_DEPENDENT = new Set(Object.values(KIND_FIELDS).flat());

function showKindFields(form) {
  const kind = form.querySelector("select[name$='kind']");
  if (!kind) return;
  const update = () => {
    const wanted = new Set(KIND_FIELDS[kind.value] || []);
    form.querySelectorAll("[data-field]").forEach((wrapper) => {
      const name = wrapper.dataset.field;
      if (KIND_DEPENDENT.has(name)) wrapper.hidden = !wanted.has(name);
    });
  };
  kind.addEventListener("change", update);
  update();
}

// The import form offers the chosen country's subdivisions.
function offerSubdivisions(form) {
  const data = document.getElementById("subdivision-data");
  const list = document.getElementById("subdivision-options");
  const country = form.querySelector("select[name$='country']");
  if (!data || !list || !country) return;
  const subdivisions = JSON.parse(data.textContent);
  // Each suggestion is the code to type with its name as the label ("ZH": "Zürich (ZH)").
  const update = () => {
    list.replaceChildren(
      ...(subdivisions[country.value] || []).map(([code, name]) =>
        Object.assign(document.createElement("option"), { value: code, label: name === code ? name : `${name} (${code})` })
      )
    );
  };
  country.addEventListener("change", update);
  update();
}

document.querySelectorAll("form[data-holiday-form]").forEach(showKindFields);
document.querySelectorAll("form[data-import-form]").forEach(offerSubdivisions);

// "Cancel" in a confirmation closes it again; opening one puts the focus on its note.
document.querySelectorAll("details.emergency-confirm").forEach((details) => {
  details.addEventListener("toggle", () => {
    const note = details.querySelector("input[name='note']");
    if (details.open && note) {
      note.focus();
      note.select();
    }
  });
  details.querySelector("[data-close-details]")?.addEventListener("click", () => {
    details.open = false;
    details.querySelector("summary").focus();
  });
});
