// Every form page: when a save comes back with errors, list them all at the top (where the page opens),
// open the form that failed, and put the focus on the first error, scrolled into view.
"use strict";

(() => {
  const main = document.getElementById("main");
  const failed = [...document.querySelectorAll("#main .field--error, #main .errorlist.nonfield")];
  if (!main || !failed.length) return;

  const text = (node) => (node ? node.textContent.replace(/\s+/g, " ").trim().replace(/:$/, "") : "");
  const formName = (node) => {
    const details = node.closest("details");
    if (details && details.querySelector("summary")) return text(details.querySelector("summary"));
    const section = node.closest("section, article");
    return text(section && section.querySelector("h2, h3"));
  };

  const problems = [];
  failed.forEach((node) => {
    node.closest("details")?.setAttribute("open", "");
    node.closest("[hidden]")?.removeAttribute("hidden");
    const field = node.matches(".field--error");
    const target = field
      ? node.querySelector("input:not([type='hidden']), select, textarea") || node
      : node.closest("form")?.querySelector("input:not([type='hidden']), select, textarea") || node;
    const where = [formName(node), field ? text(node.querySelector("label")) : ""].filter(Boolean);
    const errors = field ? node.querySelectorAll(".errorlist li") : node.querySelectorAll("li");
    errors.forEach((error) => problems.push({ target, where: where.join(" › "), message: text(error) }));
  });
  if (!problems.length) return;

  // Focus a field and scroll it, with its label and message, into view below the summary, which stays at
  // the top of the window (sticky); near the page's end, room is added below so that it can get there.
  const reveal = (target) => {
    const wrapper = target.closest(".field") || target;
    target.focus({ preventScroll: true });
    wrapper.scrollIntoView({ block: "center" });
    const hidden = summary.getBoundingClientRect().bottom + 12 - wrapper.getBoundingClientRect().top;
    if (hidden > 0) {
      const room = parseFloat(document.body.style.paddingBottom) || 0;
      document.body.style.paddingBottom = `${room + hidden}px`;
      window.scrollBy(0, hidden);
    }
  };

  const summary = document.createElement("div");
  summary.className = "error-summary";
  summary.setAttribute("role", "alert");
  summary.setAttribute("aria-labelledby", "error-summary-title");
  const title = document.createElement("h2");
  title.id = "error-summary-title";
  title.textContent = problems.length === 1 ? "1 problem to fix" : `${problems.length} problems to fix`;
  const list = document.createElement("ul");
  problems.forEach(({ target, where, message }) => {
    if (!target.id) target.id = `problem-${list.children.length + 1}`;
    const link = Object.assign(document.createElement("a"), { href: `#${target.id}` });
    if (where) link.append(Object.assign(document.createElement("strong"), { textContent: `${where}: ` }));
    link.append(message);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      reveal(target);
    });
    list.append(Object.assign(document.createElement("li"), { className: "error-summary__item" }));
    list.lastChild.append(link);
  });
  summary.append(title, list);
  const messages = main.querySelector(":scope > .messages");
  main.insertBefore(summary, messages ? messages.nextSibling : main.firstChild);

  // Once every stylesheet has laid the page out (this script may run before a page's own CSS applies).
  if (document.readyState === "complete") reveal(problems[0].target);
  else window.addEventListener("load", () => reveal(problems[0].target), { once: true });
})();
