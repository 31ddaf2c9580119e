"""The export buttons' browser side, sent with ``rx.call_script`` (the CSP allows no inline
``<script>``): fetch the file from the export route while showing progress, then save it.

A PDF of thousands of rows takes seconds to build and a plain link shows nothing meanwhile, so
the click fetches the link's own ``href`` (the route still decides who gets what, from the
session cookie) and says what is happening in the status line: «Готовим файл PDF… 3 с» while the
server builds it, then the received percentage, then the file's name once saved. A refusal's
Russian message (too many rows, a bad filter) is shown there instead; an expired session follows
the link itself to the login page. Without JavaScript the link downloads as usual.
The scripts are constants per format: no value from a page or a user is put into them.
"""

from __future__ import annotations

BOX_ID = "labs-export"
STATUS_ID = "labs-export-status"
FAILED = "Не удалось подготовить файл. Проверьте соединение и повторите попытку."

_FETCH = """
(async function () {
  var link = document.getElementById('labs-export-%(kind)s');
  var box = document.getElementById('%(box)s');
  var say = document.getElementById('%(status)s');
  if (!link || !box || !say || box.hasAttribute('data-busy')) return 'busy';
  var started = Date.now();
  var tick = function () {
    say.textContent = 'Готовим файл %(label)s… ' + Math.round((Date.now() - started) / 1000) + ' с';
  };
  box.setAttribute('data-busy', '%(kind)s');
  link.setAttribute('aria-busy', 'true');
  say.removeAttribute('data-error');
  tick();
  var timer = setInterval(tick, 1000);
  try {
    var answer = await fetch(link.href, {credentials: 'same-origin', cache: 'no-store'});
    var disposition = answer.headers.get('content-disposition') || '';
    if (answer.redirected) { window.location.assign(link.href); return 'login'; }
    if (!answer.ok || disposition.indexOf('attachment') !== 0) {
      var text = answer.status < 500 ? (await answer.text()).slice(0, 400) : '';
      say.setAttribute('data-error', '1');
      say.textContent = text || '%(failed)s';
      return 'refused';
    }
    clearInterval(timer);
    var total = Number(answer.headers.get('content-length')) || 0;
    var reader = answer.body.getReader(), parts = [], got = 0;
    for (;;) {
      var step = await reader.read();
      if (step.done) break;
      parts.push(step.value);
      got += step.value.length;
      var percent = Math.min(100, Math.round((100 * got) / (total || 1)));
      if (total) say.textContent = 'Получаем файл %(label)s… ' + percent + '%%';
    }
    var type = answer.headers.get('content-type') || 'application/octet-stream';
    var name = (/filename="([^"]+)"/.exec(disposition) || [])[1] || 'analizy';
    var save = document.createElement('a');
    save.href = URL.createObjectURL(new Blob(parts, {type: type}));
    save.download = name;
    document.body.appendChild(save);
    save.click();
    save.remove();
    setTimeout(function () { URL.revokeObjectURL(save.href); }, 60000);
    say.textContent = 'Файл «' + name + '» сохранён.';
    return 'saved';
  } catch (error) {
    say.setAttribute('data-error', '1');
    say.textContent = '%(failed)s';
    return 'failed';
  } finally {
    clearInterval(timer);
    box.removeAttribute('data-busy');
    link.removeAttribute('aria-busy');
  }
})()
"""


def fetch_and_save(kind: str, label: str) -> str:
    """The script behind one export button (``kind``: csv, pdf or fhir)."""
    return _FETCH % {
        "kind": kind,
        "label": label,
        "box": BOX_ID,
        "status": STATUS_ID,
        "failed": FAILED,
    }
