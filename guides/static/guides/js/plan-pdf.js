/*
 * Guides: "Download my plan as PDF" (loaded only where a page has a personal plan).
 *
 * The plan is kept in the browser by guides.js. Only when the tenant presses
 * this button does this script post the plan's current values once; the
 * server makes the PDF and neither stores nor logs them. The endpoint needs no
 * CSRF token (it changes nothing), so the page sets no cookie. Without
 * JavaScript the button stays hidden and the plan prints.
 */
(function () {
  "use strict";

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  /* The plan's values as the server's form names them: goal, done-/date-/note-<step>, fields. */
  function planValues(plan) {
    var values = [];
    var chosen = plan.querySelector('[data-plan-field="goal"]:checked');
    values.push(["goal", chosen ? chosen.value : ""]);
    all(plan, "[data-plan-field]").forEach(function (control) {
      var name = control.getAttribute("data-plan-field");
      var step = control.closest("[data-plan-step]");
      if (name === "goal" || (control.type === "checkbox" ? !control.checked : !control.value)) {
        return;
      }
      var value = control.type === "checkbox" ? "on" : control.value;
      values.push([step ? name + "-" + step.getAttribute("data-plan-step") : name, value]);
    });
    return values;
  }

  function post(box, plan) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = box.getAttribute("data-plan-pdf-url");
    form.hidden = true;
    [["plan", box.getAttribute("data-plan-block")]]
      .concat(planValues(plan))
      .forEach(function (pair) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = pair[0];
        input.value = pair[1];
        form.appendChild(input);
      });
    document.body.appendChild(form);
    form.submit();
    form.remove();
  }

  function setUp(box) {
    var plan = document.getElementById(box.getAttribute("data-plan-pdf-for"));
    if (!plan) {
      return;
    }
    box.hidden = false;
    box.querySelector("[data-plan-pdf]").addEventListener("click", function () {
      post(box, plan);
    });
  }

  function init() {
    all(document, "[data-plan-pdf-for]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
