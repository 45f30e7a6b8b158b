import { describe, expect, it } from 'vitest'
import { deliveryOrigin, urlChange } from '../../../../../src/main/core/tunnel/url-watch.ts'

describe('deliveryOrigin', () => {
  it.each([
    [{ host: 'abc.ngrok-free.app', 'x-forwarded-proto': 'https' }, 'https://abc.ngrok-free.app'],
    [{ host: 'ABC.ngrok-free.app:443', 'x-forwarded-proto': 'https' }, 'https://abc.ngrok-free.app'],
    [{ host: 'abc.ngrok-free.app', 'x-forwarded-proto': 'http, https' }, 'https://abc.ngrok-free.app'],
    [{ host: 'abc.ngrok-free.app', 'x-forwarded-proto': ['http', 'https'] }, 'https://abc.ngrok-free.app'],
    [
      { host: 'abc.ngrok-free.app', 'x-forwarded-host': 'spoofed.example', 'x-forwarded-proto': 'https' },
      'https://abc.ngrok-free.app',
    ],
    [
      { host: '127.0.0.1:8787', 'x-forwarded-host': 'abc.ngrok-free.app', 'x-forwarded-proto': 'https' },
      'https://abc.ngrok-free.app',
    ],
    [{ host: '127.0.0.1:8787' }, 'http://127.0.0.1:8787'],
    [
      { 'x-forwarded-host': 'abc.ngrok-free.app', 'x-forwarded-proto': 'https' },
      'https://abc.ngrok-free.app',
    ],
    [{}, null],
    [{ host: 'a.example/evil' }, null],
    [{ host: 'user@a.example' }, null],
    [{ host: 'a.example', 'x-forwarded-proto': 'ftp' }, null],
  ] as const)('%j → %s', (headers, expected) => {
    expect(deliveryOrigin(headers)).toBe(expected)
  })
})

describe('urlChange', () => {
  const NEW = 'https://new.ngrok-free.app'

  it('says which URL to put in FastPix when deliveries went to another public origin', () => {
    expect(urlChange({ publicUrl: NEW, lastDeliveryOrigin: 'https://old.ngrok-free.app' })).toEqual({
      changed: true,
      message:
        'FastPix is configured with the old URL (https://old.ngrok-free.app) — update it to https://new.ngrok-free.app/webhooks/fastpix',
    })
  })

  it.each([
    ['same origin', NEW, NEW],
    ['same origin, other spelling', 'https://NEW.ngrok-free.app/', 'https://new.ngrok-free.app:443'],
    ['no tunnel URL', null, 'https://old.ngrok-free.app'],
    ['no delivery seen yet', NEW, null],
    ['local test delivery', NEW, 'http://127.0.0.1:8787'],
    ['demo on localhost', NEW, 'http://localhost:8787'],
    ['IPv6 loopback', NEW, 'http://[::1]:8787'],
    ['a *.localhost name', NEW, 'http://demo.localhost:8787'],
    ['garbage origin', NEW, 'not a url'],
  ] as const)('unchanged: %s', (_label, publicUrl, lastDeliveryOrigin) => {
    expect(urlChange({ publicUrl, lastDeliveryOrigin })).toEqual({ changed: false, message: null })
  })
})
