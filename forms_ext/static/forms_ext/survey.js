// Progressive enhancement of a survey step: apply the "show only if" rules live,
// move focus to the error summary and from its links to the questions. Without
// this script every question of the step is shown and the server applies the
// rules when the step is sent.
(function () {
  "use strict";

  function answersOf(form, key) {
    var inputs = form.querySelectorAll('[name="' + key + '"]');
    var values = [];
    inputs.forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      if (input.tagName === "SELECT") {
        Array.prototype.forEach.call(input.selectedOptions, function (o) { if (o.value) values.push(o.value); });
        return;
      }
      if (input.type === "checkbox" && input.value === "on") { values.push("yes"); return; }
      if (input.value !== "") values.push(input.value);
    });
    return values;
  }

  function holds(op, answers, expected) {
    if (op === "answered") return answers.length > 0;
    if (answers.length === 0) return op === "ne";
    if (op === "in") {
      var wanted = expected.split(/[\n,]/).map(function (s) { return s.trim(); });
      return answers.some(function (a) { return wanted.indexOf(a) !== -1; });
    }
    if (op === "gt" || op === "lt") {
      var number = parseFloat(String(answers[0]).replace(",", "."));
      var limit = parseFloat(String(expected).replace(",", "."));
      if (isNaN(number) || isNaN(limit)) return false;
      return op === "gt" ? number > limit : number < limit;
    }
    var matches = answers.indexOf(String(expected).trim()) !== -1;
    return op === "eq" ? matches : !matches;
  }

  function apply(form) {
    form.querySelectorAll("[data-rule-field]").forEach(function (question) {
      var key = question.getAttribute("data-rule-field");
      if (!form.querySelector('[data-key="' + key + '"]')) return; // asked on another step
      var source = form.querySelector('[data-key="' + key + '"]');
      var answers = source.hidden ? [] : answersOf(form, key);
      question.hidden = !holds(question.getAttribute("data-rule-op"), answers,
        question.getAttribute("data-rule-value") || "");
    });
  }

  // A link of the error summary focuses its input, and scrolls so that the
  // question's label or legend and its error message are in view above it.
  function followErrorLink(event) {
    var link = event.target.closest('a[href^="#"]');
    var input = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!input) return;
    event.preventDefault();
    (input.closest("fieldset, .bp-field") || input).scrollIntoView();
    input.focus({ preventScroll: true });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.addEventListener("click", followErrorLink);
      summary.focus();
    }
    document.querySelectorAll("form.bp-form").forEach(function (form) {
      apply(form);
      form.addEventListener("change", function () { apply(form); });
      form.addEventListener("input", function () { apply(form); });
    });
  });
})();
