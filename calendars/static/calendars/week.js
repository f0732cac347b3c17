// The week view redraws its bars from the weekly-hours inputs as the supervisor types
// (same reading as calendars/parsing.py and calendars/week_view.py; the server still judges the save).
"use strict";

(() => {
  const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
  const LABELS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]; // never "Monday": that labels the input
  const DAY_MINUTES = 24 * 60;
  const INTERVAL = /^\s*(\d{1,2}):(\d{2})\s*[-\u2013\u2014]\s*(\d{1,2}):(\d{2})\s*$/;
  const SVG = "http://www.w3.org/2000/svg";

  const pad = (n) => String(n).padStart(2, "0");
  const clock = (minutes) => `${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`;

  // "08:00-12:00, 22:00-02:00" -> [[480, 720], [1320, 120]], or null when a part cannot be read.
  function parse(text) {
    const intervals = [];
    for (const part of text.split(/[,;\n]+/)) {
      if (!part.trim()) continue;
      const match = INTERVAL.exec(part);
      if (!match) return null;
      const [sh, sm, eh, em] = match.slice(1).map(Number);
      const endIsMidnight = eh === 24 && em === 0;
      if (sh > 23 || sm > 59 || (!endIsMidnight && (eh > 23 || em > 59))) return null;
      const [start, end] = [sh * 60 + sm, endIsMidnight ? 0 : eh * 60 + em];
      if (start === end && start !== 0) return null; // no length (00:00-00:00 is the whole day)
      intervals.push([start, end]);
    }
    return intervals;
  }

  function spansOfWeek(week) {
    const spans = DAYS.map(() => []);
    week.forEach((intervals, day) => {
      (intervals || []).forEach(([start, end]) => {
        const label = `${clock(start)}-${clock(end)}`;
        if (end <= start) {
          spans[day].push({ start, end: DAY_MINUTES, label });
          if (end > 0) spans[(day + 1) % 7].push({ start: 0, end, label: `${label} from ${LABELS[day]}`, spill: true });
        } else {
          spans[day].push({ start, end, label });
        }
      });
    });
    return spans.map((list) => list.sort((a, b) => a.start - b.start));
  }

  function rect(span) {
    const node = document.createElementNS(SVG, "rect");
    node.setAttribute("class", span.spill ? "week-view__open week-view__open--spill" : "week-view__open");
    node.setAttribute("x", span.start);
    node.setAttribute("y", 1);
    node.setAttribute("width", span.end - span.start);
    node.setAttribute("height", 10);
    const title = document.createElementNS(SVG, "title");
    title.textContent = span.label;
    node.append(title);
    return node;
  }

  function attach(figure) {
    const scope = figure.closest("section, form") || document;
    const inputs = DAYS.map((day) => scope.querySelector(`input[name$="${day}"]`));
    if (inputs.some((input) => !input)) return;
    const rows = DAYS.map((_, day) => figure.querySelector(`[data-weekday="${day}"]`));
    const redraw = () => {
      const week = inputs.map((input) => parse(input.value));
      spansOfWeek(week).forEach((spans, day) => {
        const row = rows[day];
        row.querySelector("[data-spans]").replaceChildren(...spans.map(rect));
        const unreadable = week[day] === null;
        const text = row.querySelector("[data-text]");
        text.textContent = unreadable ? "cannot read this yet" : inputs[day].value.trim() || "closed";
        row.classList.toggle("week-view__day--unreadable", unreadable);
        const words = spans.length ? `open ${spans.map((span) => span.label).join(", ")}` : "closed";
        row.querySelector("svg").setAttribute("aria-label", `${LABELS[day]}: ${unreadable ? "cannot read" : words}`);
      });
    };
    inputs.forEach((input) => input.addEventListener("input", redraw));
    redraw();
  }

  document.querySelectorAll("[data-week-view='live']").forEach(attach);
})();
