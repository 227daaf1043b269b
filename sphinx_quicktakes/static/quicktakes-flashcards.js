/* sphinx-quicktakes flashcards: flip, move, shuffle and mark cards.
 * Marks stay in this browser (localStorage); nothing is sent anywhere.
 * Without this script every card still works: answers are native <details>. */
(function () {
  "use strict";
  var STORE = "quicktakes-flashcards";
  var cards = Array.prototype.slice.call(document.querySelectorAll("details.quicktakes-flashcard"));
  if (!cards.length) return;
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var marks = load();
  var current = 0;
  var progress;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(STORE) || "{}") || {}; }
    catch (e) { return {}; }
  }
  function save() {
    try { window.localStorage.setItem(STORE, JSON.stringify(marks)); } catch (e) { /* private mode */ }
  }
  function button(label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "sd-btn sd-btn-outline-primary";
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }
  function showMark(card) {
    var mark = marks[card.id] || "";
    if (mark) card.setAttribute("data-mark", mark); else card.removeAttribute("data-mark");
    card.querySelectorAll(".quicktakes-flashcard-marks button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-mark") === mark));
    });
  }
  function update() {
    var got = 0, again = 0;
    cards.forEach(function (card) {
      if (marks[card.id] === "got") got += 1;
      else if (marks[card.id] === "again") again += 1;
    });
    progress.textContent = "Got it: " + got + " of " + cards.length + " \u00b7 Again: " + again;
  }
  function mark(card, value) {
    if (marks[card.id] === value) delete marks[card.id]; else marks[card.id] = value;
    save();
    showMark(card);
    update();
  }
  function focusCard(index) {
    var order = ordered();
    current = (index + order.length) % order.length;
    order.forEach(function (card, i) { card.classList.toggle("quicktakes-current", i === current); });
    var summary = order[current].querySelector("summary");
    summary.focus({ preventScroll: true });
    order[current].scrollIntoView({ block: "nearest", behavior: reduced ? "auto" : "smooth" });
  }
  function ordered() {
    return Array.prototype.slice.call(document.querySelectorAll("details.quicktakes-flashcard"));
  }
  function reorder(list) {
    var first = ordered()[0];
    var parent = first.parentNode;
    var anchor = document.createComment("cards");
    parent.insertBefore(anchor, first);
    list.forEach(function (card) { parent.insertBefore(card, anchor); });
    parent.removeChild(anchor);
    focusCard(0);
  }
  function shuffle() {
    var list = cards.slice();
    for (var i = list.length - 1; i > 0; i -= 1) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = list[i]; list[i] = list[j]; list[j] = t;
    }
    reorder(list);
  }

  cards.forEach(function (card, index) {
    var body = card.querySelector(".sd-summary-content") || card;
    var box = document.createElement("div");
    box.className = "quicktakes-flashcard-marks";
    [["got", "Got it"], ["again", "Again"]].forEach(function (pair) {
      var b = button(pair[1], function () { mark(card, pair[0]); });
      b.setAttribute("data-mark", pair[0]);
      box.appendChild(b);
    });
    body.appendChild(box);
    showMark(card);
    card.querySelector("summary").addEventListener("focus", function () {
      current = ordered().indexOf(card);
    });
  });

  var tools = document.createElement("div");
  tools.className = "quicktakes-flashcards-tools";
  tools.setAttribute("role", "group");
  tools.setAttribute("aria-label", "Flashcards");
  tools.appendChild(button("Shuffle", shuffle));
  tools.appendChild(button("Original order", function () { reorder(cards); }));
  tools.appendChild(button("Clear marks", function () {
    cards.forEach(function (card) { delete marks[card.id]; showMark(card); });
    save();
    update();
  }));
  progress = document.createElement("p");
  progress.className = "quicktakes-flashcards-progress";
  progress.setAttribute("aria-live", "polite");
  tools.appendChild(progress);
  cards[0].parentNode.insertBefore(tools, cards[0]);
  update();

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
    var order = ordered();
    // Left/right only: up/down and Space keep scrolling the page; Space/Enter on a focused
    // question (a <summary>) flips its card natively.
    if (event.key === "ArrowRight") {
      event.preventDefault();
      focusCard(current + 1);
    } else if (event.key === "ArrowLeft") {
      event.preventDefault();
      focusCard(current - 1);
    } else if ((event.key === " " || event.key === "Enter") && tag === "DETAILS") {
      event.preventDefault();
      order[current].open = !order[current].open;
    }
  });
  // Print every answer, whatever the browser's support for styling <details>.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = ordered().filter(function (card) { return !card.open; });
    opened.forEach(function (card) { card.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (card) { card.open = false; });
    opened = [];
  });
})();
