// Behaviour that would otherwise be inline handlers, which the Content-Security-Policy forbids.
// Loaded with defer: the page is parsed when this runs.

// A select marked data-submit-on-change sends its form as soon as a choice is made (the
// language switch, the period); a <noscript> button does the same without JavaScript.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-submit-on-change]");
  if (select && select.form) {
    select.form.requestSubmit();
  }
});

// After a refused submit the keyboard focus goes to the first thing to fix: the first field
// marked invalid, or else the errors that belong to no one field. A screen reader then reads
// the field with its error (aria-describedby), and a keyboard user types on from there.
function focusFirstError(root) {
  const target = root.querySelector('[aria-invalid="true"]') || root.querySelector(".form-errors");
  if (target) {
    target.focus();
  }
  return target;
}

// Focus on an element that is not a control, without adding it to the tab order.
function focusHere(element) {
  if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) {
    element.tabIndex = -1;
  }
  element.focus();
}

// A whole page answering a submit (no htmx, or a form without it).
const main = document.querySelector("main");
if (main) {
  focusFirstError(main);
}

// htmx swapped in the answer to a submitted form: the button that was pressed is gone with the
// old form, and the focus would fall to the page's start. It goes to the first error; else to
// the same button in the new form (a reaction), else to what the answer says (a decision).
// Validation as you type swaps only error lists, from a hidden element, not a form: the focus
// stays where the person types.
document.addEventListener("htmx:afterSwap", (event) => {
  const request = event.detail.requestConfig; // detail.elt is the swapped element, not the source
  const swapped = event.target;
  if (!request || !request.elt || request.elt.tagName !== "FORM" || !(swapped instanceof Element)) {
    return;
  }
  if (focusFirstError(swapped)) {
    return;
  }
  if (document.activeElement && document.activeElement !== document.body) {
    return; // still on something that was not replaced
  }
  const pressed = request.triggeringEvent && request.triggeringEvent.submitter;
  const same =
    pressed && pressed.name
      ? swapped.querySelector(
          `[name="${CSS.escape(pressed.name)}"][value="${CSS.escape(pressed.value)}"]`,
        )
      : null;
  focusHere(same || swapped.querySelector('[role="status"], .done') || swapped);
});
