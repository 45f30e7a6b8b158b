// Shown at / when the renderer has not been built: static HTML, no script.
export function fallbackPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>FastPix Live Monitor</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}code{background:#8882;padding:0 .3em}</style>
</head><body>
<h1>FastPix Live Monitor</h1>
<p>The monitor is running. The dashboard page has not been built yet: run <code>npm run build</code> and reload.</p>
<p>The JSON API is available now (send the token as <code>Authorization: Bearer …</code> or <code>?token=…</code>):
<code>/api/streams</code>, <code>/api/events</code>, <code>/api/receiver</code>, <code>/api/transitions</code>, <code>/api/rejected</code>, and the WebSocket <code>/api/updates</code>.</p>
</body></html>`
}
