/* polybook serve: live reload. Pages whose file changed reload (keeping their
   scroll position); a broken edit of this page is shown over it until fixed. */
(function () {
  var here = decodeURIComponent(location.pathname).replace(/^\//, '');
  if (here === '' || here.charAt(here.length - 1) === '/') { here += 'index.html'; }
  var key = 'polybook-scroll:' + here;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = parseFloat(saved);
    window.scrollTo(0, y);
    window.addEventListener('load', function () { window.scrollTo(0, y); });
  }
  function overlay(text) {
    var box = document.getElementById('polybook-overlay');
    if (!text) { if (box) { box.remove(); } return; }
    if (!box) {
      box = document.createElement('div');
      box.id = 'polybook-overlay';
      box.setAttribute('role', 'alert');
      box.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;' +
        'background:#1e1e1e;color:#f5f5f5;border-top:4px solid #e5534b;padding:1rem;font:14px/1.4 monospace;';
      var close = document.createElement('button');
      close.type = 'button';
      close.textContent = '\u00d7';
      close.setAttribute('aria-label', 'Close');
      close.style.cssText = 'float:right;font-size:1.5rem;background:none;color:inherit;border:0;cursor:pointer;';
      close.onclick = function () { box.remove(); };
      var pre = document.createElement('pre');
      pre.style.cssText = 'margin:0;white-space:pre-wrap;';
      box.appendChild(close);
      box.appendChild(pre);
      document.body.appendChild(box);
    }
    box.querySelector('pre').textContent = text;
  }
  function connect() {
    var ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/__polybook/ws');
    ws.onmessage = function (e) {
      var m = JSON.parse(e.data);
      if (m.reload && m.reload.indexOf(here) >= 0) {
        sessionStorage.setItem(key, String(window.scrollY));
        location.reload();
        return;
      }
      if (m.errors) {
        var mine = m.errors.filter(function (x) { return x.url === here || x.url === null; });
        overlay(mine.map(function (x) { return x.text; }).join('\n'));
      }
    };
    ws.onclose = function () { setTimeout(connect, 1000); };
  }
  connect();
})();
