/*
 * Guides: small enhancements of pages that work without this script.
 *
 * - Personal plan: what the tenant ticks and writes is kept in this browser's
 *   localStorage only (one entry per page and plan block) and is never sent
 *   anywhere: this file makes no network request of any kind.
 * - Questions and answers: a button that opens or closes all answers.
 * - Printing: every answer is opened before printing; "print" buttons.
 */
(function () {
  "use strict";

  var VERSION = 1;
  var SAVE_DELAY = 600;

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  /* ---- Storage: every call may fail (private mode, storage switched off, full). ---- */

  function readPlan(key) {
    try {
      var data = JSON.parse(window.localStorage.getItem(key) || "null");
      return data && data.v === VERSION ? data : null;
    } catch (error) {
      return null;
    }
  }

  function writePlan(key, data) {
    try {
      window.localStorage.setItem(key, JSON.stringify(data));
      return true;
    } catch (error) {
      return false;
    }
  }

  function removePlan(key) {
    try {
      window.localStorage.removeItem(key);
      return true;
    } catch (error) {
      return false;
    }
  }

  function storageWorks() {
    var probe = "boportal-plan:probe";
    return writePlan(probe, {}) && removePlan(probe);
  }

  /* ---- The plan's state, read from and written to its form controls. ---- */

  function collect(plan) {
    var data = { v: VERSION, goal: "", steps: {}, fields: {} };
    var chosen = plan.querySelector('[data-plan-field="goal"]:checked');
    data.goal = chosen ? chosen.value : "";
    all(plan, "[data-plan-step]").forEach(function (step) {
      var entry = {};
      all(step, "[data-plan-field]").forEach(function (control) {
        var name = control.getAttribute("data-plan-field");
        var value = control.type === "checkbox" ? control.checked : control.value;
        if (value) {
          entry[name] = value;
        }
      });
      if (Object.keys(entry).length) {
        data.steps[step.getAttribute("data-plan-step")] = entry;
      }
    });
    all(plan, "[data-plan-field]").forEach(function (control) {
      if (!control.closest("[data-plan-step]") && control.type !== "radio" && control.value) {
        data.fields[control.getAttribute("data-plan-field")] = control.value;
      }
    });
    return data;
  }

  function setControl(control, value) {
    if (control.type === "checkbox") {
      control.checked = value === true;
    } else {
      control.value = typeof value === "string" ? value : "";
    }
  }

  function restore(plan, data) {
    all(plan, '[data-plan-field="goal"]').forEach(function (radio) {
      radio.checked = Boolean(data) && radio.value === data.goal;
    });
    all(plan, "[data-plan-step]").forEach(function (step) {
      var entry = (data && data.steps[step.getAttribute("data-plan-step")]) || {};
      all(step, "[data-plan-field]").forEach(function (control) {
        setControl(control, entry[control.getAttribute("data-plan-field")]);
      });
    });
    all(plan, "[data-plan-field]").forEach(function (control) {
      if (!control.closest("[data-plan-step]") && control.type !== "radio") {
        setControl(control, data && data.fields[control.getAttribute("data-plan-field")]);
      }
    });
    showChosenGoal(plan);
  }

  /* With a goal chosen, only its steps show (and print); with none, all of them. */
  function showChosenGoal(plan) {
    var chosen = plan.querySelector('[data-plan-field="goal"]:checked');
    all(plan, "[data-plan-goal]").forEach(function (goal) {
      goal.hidden = Boolean(chosen) && goal.getAttribute("data-plan-goal") !== chosen.value;
    });
  }

  function announce(plan, text) {
    var status = plan.querySelector("[data-plan-status]");
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  function setUpConfirmation(plan, key, afterDelete) {
    var askButton = plan.querySelector("[data-plan-delete]");
    var confirmation = plan.querySelector("[data-plan-confirm]");
    function close(focusTarget) {
      confirmation.hidden = true;
      askButton.setAttribute("aria-expanded", "false");
      focusTarget.focus();
    }
    askButton.addEventListener("click", function () {
      confirmation.hidden = false;
      askButton.setAttribute("aria-expanded", "true");
      plan.querySelector("[data-plan-confirm-text]").focus();
    });
    plan.querySelector("[data-plan-confirm-no]").addEventListener("click", function () {
      close(askButton);
    });
    plan.querySelector("[data-plan-confirm-yes]").addEventListener("click", function () {
      removePlan(key);
      restore(plan, null);
      afterDelete();
      close(askButton);
      announce(plan, plan.getAttribute("data-text-deleted"));
    });
  }

  function setUpPlan(plan) {
    var key = plan.getAttribute("data-plan-key");
    var nojs = plan.querySelector("[data-plan-nojs]");
    if (!storageWorks()) {
      nojs.textContent = plan.getAttribute("data-text-unavailable");
      return;
    }
    nojs.hidden = true;
    plan.querySelector("[data-plan-actions]").hidden = false;
    restore(plan, readPlan(key));
    var timer = null;
    var last = JSON.stringify(collect(plan));
    function save() {
      window.clearTimeout(timer);
      var data = collect(plan);
      if (JSON.stringify(data) === last) {
        return; // a "change" after the typing was saved: nothing new to say
      }
      last = JSON.stringify(data);
      var saved = writePlan(key, data);
      announce(plan, plan.getAttribute(saved ? "data-text-saved" : "data-text-unavailable"));
    }
    plan.addEventListener("change", function (event) {
      if (event.target.matches('[data-plan-field="goal"]')) {
        showChosenGoal(plan);
      }
      save();
    });
    plan.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, SAVE_DELAY);
    });
    plan.querySelector("[data-plan-print]").addEventListener("click", function () {
      window.print();
    });
    setUpConfirmation(plan, key, function () {
      last = JSON.stringify(collect(plan));
    });
  }

  /* ---- Questions and answers ---- */

  function setUpFaq(faq) {
    var actions = faq.querySelector("[data-faq-actions]");
    var button = faq.querySelector("[data-faq-toggle]");
    var items = all(faq, "details");
    if (!actions || items.length < 2) {
      return;
    }
    function update() {
      var allOpen = items.every(function (item) { return item.open; });
      button.textContent = button.getAttribute(allOpen ? "data-text-close" : "data-text-open");
    }
    button.addEventListener("click", function () {
      var open = !items.every(function (item) { return item.open; });
      items.forEach(function (item) { item.open = open; });
      update();
    });
    items.forEach(function (item) { item.addEventListener("toggle", update); });
    actions.hidden = false;
    update();
  }

  /* ---- Printing: closed answers would not print; open them for the printout only. ---- */

  function setUpPrinting() {
    var opened = [];
    window.addEventListener("beforeprint", function () {
      opened = all(document, "details:not([open])");
      opened.forEach(function (item) { item.open = true; });
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (item) { item.open = false; });
      opened = [];
    });
    all(document, "[data-guides-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function init() {
    all(document, "[data-guides-plan]").forEach(setUpPlan);
    all(document, "[data-guides-faq]").forEach(setUpFaq);
    setUpPrinting();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
