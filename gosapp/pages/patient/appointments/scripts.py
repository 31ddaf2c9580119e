"""The picker's two bits of browser behaviour, sent with ``rx.call_script`` (the CSP allows no
inline ``<script>``): arrow keys across the month grid, and the hold's countdown.

The countdown runs on the browser's clock from the seconds the server says are left, so a skewed
clock does not matter; when it reaches zero it presses the hidden ``#hold-expired`` button, whose
handler releases the slot and returns to the time grid.
"""

from __future__ import annotations

import json

# Arrows move focus to the nearest bookable day in that direction (±1 day, ±1 week); closed
# days are not buttons, so they are skipped. Installed once per tab.
CALENDAR_KEYS = """
if (!window.__gosappGridKeys) {
  window.__gosappGridKeys = true;
  document.addEventListener('keydown', function (e) {
    var grid = e.target.closest && e.target.closest('#slot-calendar');
    var steps = {ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7};
    var step = steps[e.key];
    var cell = e.target.closest && e.target.closest('[data-date]');
    if (!grid || !step || !cell) return;
    e.preventDefault();
    var day = new Date(cell.getAttribute('data-date') + 'T00:00:00Z');
    for (var i = 0; i < 62; i++) {
      day = new Date(day.getTime() + step * 86400000);
      var next = grid.querySelector('[data-date="' + day.toISOString().slice(0, 10) + '"]');
      if (!next) return;
      var link = next.querySelector('a');
      if (link) { link.focus(); return; }
    }
  });
}
"""


def reveal(element_id: str) -> str:
    """Once drawn, scroll ``element_id`` to the top when it sits low on the screen or below it
    (the day's times under the calendar on a phone, an error above the grid)."""
    return REVEAL.replace("ELEMENT", json.dumps(element_id))


REVEAL = """
setTimeout(function () {
  var el = document.getElementById(ELEMENT);
  var top = el ? el.getBoundingClientRect().top : 0;
  if (el && (top < 0 || top > window.innerHeight * 0.6)) el.scrollIntoView({block: 'start'});
}, 120);
"""
STOP_COUNTDOWN = "clearInterval(window.__gosappHold);"
COUNTDOWN = """
clearInterval(window.__gosappHold);
(function () {
  var end = Date.now() + SECONDS * 1000;
  var until = new Date(end).toLocaleTimeString('ru-RU', {hour: '2-digit', minute: '2-digit'});
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    var shown = document.getElementById('hold-countdown');
    var text = Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0');
    if (shown) shown.textContent = text;
    var at = document.getElementById('hold-until');
    if (at) at.textContent = until;
    if (left <= 0) {
      clearInterval(window.__gosappHold);
      var expired = document.getElementById('hold-expired');
      if (expired) expired.click();
    }
  }
  tick();
  window.__gosappHold = setInterval(tick, 1000);
})();
"""


def countdown(seconds: int) -> str:
    """Show the time left (``#hold-countdown``) and the local end (``#hold-until``) each second;
    at zero, press ``#hold-expired``."""
    return COUNTDOWN.replace("SECONDS", str(max(0, int(seconds))))
