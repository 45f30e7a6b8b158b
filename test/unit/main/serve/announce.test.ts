import { describe, expect, it } from 'vitest'
// @ts-expect-error — a plain .mjs script without type declarations
import { browserModeLine } from '../../../../scripts/start.mjs'
import { terminalLine, withoutSecret } from '../../../../src/main/serve/announce.ts'

const URL_WITH_TOKEN = 'http://127.0.0.1:8791/?token=abcDEF123_-xyz'

describe('the dashboard link for a person (13b)', () => {
  it('goes to a terminal with its token, Jupyter-style', () => {
    expect(terminalLine(URL_WITH_TOKEN, true)).toBe(`Dashboard: ${URL_WITH_TOKEN}\n`)
  })

  it('is not printed when stderr is a file or a pipe', () => {
    expect(terminalLine(URL_WITH_TOKEN, false)).toBeNull()
  })

  it('log lines never carry the token, wherever it appears in them', () => {
    const lines: string[] = []
    const write = withoutSecret((line) => lines.push(line), 'abcDEF123_-xyz')
    write(`x ${URL_WITH_TOKEN} and again abcDEF123_-xyz\n`)
    expect(lines).toEqual(['x http://127.0.0.1:8791/?token=[token] and again [token]\n'])
  })
})

describe('npm start in browser mode (13b)', () => {
  const json = JSON.stringify({
    apiUrl: 'http://127.0.0.1:8791',
    dashboardUrl: URL_WITH_TOKEN,
    apiToken: 'abcDEF123_-xyz',
  })

  it('says nothing more in a terminal (serve printed the link there)', () => {
    expect(browserModeLine(json, true)).toBeNull()
  })

  it('names the address without the token elsewhere', () => {
    const line = browserModeLine(json, false) as string
    expect(line).toContain('http://127.0.0.1:8791/')
    expect(line).not.toContain('abcDEF123_-xyz')
    expect(line).not.toContain('token=')
  })

  it('does not echo a line it cannot read (it might hold anything)', () => {
    expect(browserModeLine('not json ?token=secret', false)).not.toContain('secret')
  })
})
