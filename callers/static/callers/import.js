// Refuse a file over the import limit before uploading it (the server refuses it too, but only after
// the upload): the supervisor gets the message at once, with the form as they filled it.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("import-form");
  if (!form) return;
  const limit = Number(form.dataset.maxBytes);
  const note = document.getElementById("import-too-large");
  form.addEventListener("submit", (event) => {
    const file = form.querySelector('input[type="file"]').files[0];
    if (file && file.size > limit) {
      event.preventDefault();
      const mb = (size) => (size / 1024 / 1024).toFixed(1);
      note.textContent = `The file is ${mb(file.size)} MB; an import takes at most ${mb(limit)} MB. Split it and import the parts.`;
      note.hidden = false;
    }
  });
});
