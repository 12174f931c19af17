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
