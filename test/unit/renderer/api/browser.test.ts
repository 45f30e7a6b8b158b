import { describe, expect, it, vi } from 'vitest'
import { type PageEnv, TOKEN_KEY, takeToken } from '../../../../src/renderer/src/api/browser.ts'

function env(href: string, stored: string | null = null) {
  const storage = new Map<string, string>()
  if (stored !== null) storage.set(TOKEN_KEY, stored)
  const replaceState = vi.fn()
  const page: PageEnv = {
    location: { href, origin: new URL(href).origin },
    history: { replaceState, state: null },
    storage: {
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, value) => {
        storage.set(key, value)
      },
    },
  }
  return { page, storage, replaceState }
}

describe('browser token handling', () => {
  it('takes the token from the URL, remembers it and removes it from the address bar', () => {
    const { page, storage, replaceState } = env('http://127.0.0.1:8791/?token=abc&x=1#/streams/s1')
    expect(takeToken(page)).toBe('abc')
    expect(storage.get(TOKEN_KEY)).toBe('abc')
    expect(replaceState).toHaveBeenCalledWith(null, '', '/?x=1#/streams/s1')
  })

  it('falls back to the remembered token on reload', () => {
    const { page, replaceState } = env('http://127.0.0.1:8791/#/events', 'remembered')
    expect(takeToken(page)).toBe('remembered')
    expect(replaceState).not.toHaveBeenCalled()
  })

  it('prefers a new token in the URL over a remembered one', () => {
    const { page, storage } = env('http://127.0.0.1:8791/?token=new', 'old')
    expect(takeToken(page)).toBe('new')
    expect(storage.get(TOKEN_KEY)).toBe('new')
  })

  it('has nothing without either', () => {
    expect(takeToken(env('http://127.0.0.1:8791/').page)).toBeNull()
  })
})
