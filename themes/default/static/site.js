/* sitegen small enhancements. Each runs only where its data-module element is on the page.
   sg-print: a button that opens the browser's print dialogue (hidden without JavaScript, where
   the text beside it says how to print instead).
   sg-exit: "Exit this page" (site.yml quick_exit): hides the page at once and replaces it, in the
   history too, with a neutral site; pressing Shift three times (within 5 seconds, with no other
   key between) does the same from anywhere, as GOV.UK's component does. */
(function () {
  'use strict';
  document.querySelectorAll('[data-module="sg-print"]').forEach(function (holder) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'sg-button sg-button--secondary sg-print-button';
    button.textContent = holder.getAttribute('data-label') || 'Print this page';
    button.addEventListener('click', function () { window.print(); });
    holder.appendChild(button);
  });

  document.querySelectorAll('[data-module="sg-exit"]').forEach(function (holder) {
    var link = holder.querySelector('.sg-exit__button');
    var hint = holder.querySelector('.sg-exit__hint');
    var status = holder.querySelector('.sg-exit__status');
    var presses = 0;
    var timer = null;
    if (hint) { hint.hidden = false; }
    function leave(event) {
      if (event) { event.preventDefault(); }
      document.documentElement.classList.add('sg-exiting');
      document.title = 'Loading';
      window.location.replace(link.href);
    }
    function reset() { presses = 0; status.textContent = ''; }
    link.addEventListener('click', leave);
    document.addEventListener('keydown', function (event) {
      if (event.key !== 'Shift') { reset(); }
    });
    document.addEventListener('keyup', function (event) {
      if (event.key !== 'Shift') { return; }
      presses += 1;
      window.clearTimeout(timer);
      timer = window.setTimeout(reset, 5000);
      if (presses >= 3) {
        status.textContent = 'Leaving this page';
        leave();
      } else {
        status.textContent = 'Shift, press ' + (3 - presses) + ' more ' + (presses === 2 ? 'time' : 'times') + ' to exit.';
      }
    });
  });
}());
