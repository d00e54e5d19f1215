// Small keyboard and print helpers; every page works without them.
document.addEventListener("DOMContentLoaded", function () {
  // A form that came back with mistakes: the summary of all of them takes the focus, so a
  // screen reader reads it and Tab goes on to the links to each field.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
  // The three ways in of a new visit: the code field shows only for a visitor with a card
  // (without the script it always shows, and the form says when it should be empty).
  var ways = document.querySelectorAll(".ways-in input[type=radio]");
  var codeField = document.querySelector(".typed-code");
  if (ways.length && codeField) {
    var reveal = function () {
      // Hidden and disabled (so not posted) but kept: arrowing through the radios must not
      // wipe a code already typed.
      var card = document.querySelector(".ways-in input[value=card]").checked;
      codeField.hidden = !card;
      codeField.querySelector("input").disabled = !card;
    };
    ways.forEach(function (way) { way.addEventListener("change", reveal); });
    reveal();
  }
  // The print button on the visitor card.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  // Enter saves the form from a checkbox too (browsers only submit from text fields), so a
  // volunteer types the code, ticks the help with Tab and Space, and presses Enter.
  document.querySelectorAll("form input[type=checkbox]").forEach(function (box) {
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        box.form.requestSubmit();
      }
    });
  });
  // The idle timeout: two minutes before the session ends, a warning with "stay logged in",
  // which asks the server for nothing but to reset the idle time.
  var warning = document.querySelector("[data-timeout-warning]");
  if (warning) {
    var idle = parseInt(warning.getAttribute("data-idle-seconds"), 10) * 1000;
    var lead = Math.min(120000, idle / 2);
    var button = warning.querySelector("button");
    var timer, before;
    var arm = function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        before = document.activeElement;  // the field being typed in gets the focus back
        warning.hidden = false;
        button.focus();
      }, idle - lead);
    };
    warning.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      var form = event.target;
      fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                          redirect: "manual", headers: {"Accept": "application/json"}})
        .then(function (response) {
          if (response.status === 204) {
            warning.hidden = true;
            if (before && before.focus) { before.focus(); }
            arm();
          } else {  // the session had already ended: the login page says why
            window.location.reload();
          }
        });
    });
    arm();
  }
});
