// Which webhook addresses FastPix can reach: a public one, or the receiver on this
// computer (127.0.0.1, localhost), which only local senders (the demo's simulator, a
// tunnel or reverse proxy forwarding to it) can use. Shown, a local one is labelled local.

/** Selectors ask on every store change, about the same few addresses: parse each once. */
const answers = new Map<string, boolean>()
const MAX_ANSWERS = 64

/** 127.0.0.0/8, ::1, localhost and *.localhost: only this computer reaches them. */
export function isLocalAddress(url: string): boolean {
  let local = answers.get(url)
  if (local === undefined) {
    local = parseLocal(url)
    if (answers.size >= MAX_ANSWERS) answers.clear()
    answers.set(url, local)
  }
  return local
}

function parseLocal(url: string): boolean {
  let host: string
  try {
    host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '')
  } catch {
    return false
  }
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  )
}
