// Classification of @ngrok/ngrok's errors; the network texts were observed from the real
// module on a machine without internet, the coded ones follow its "error_code: ERR_NGROK_n" form.
import { describe, expect, it } from 'vitest'
import {
  listenError,
  ngrokErrorCode,
  sessionError,
} from '../../../../../src/main/core/tunnel/ngrok-errors.ts'

const ngrokError = (message: string) => Object.assign(new Error(message), { code: 'GenericFailure' })

describe('sessionError', () => {
  it.each([
    [
      'failed to connect session: failed to establish tcp connection',
      'unreachable',
      'could not reach ngrok (no internet?)',
    ],
    [
      'failed to connect session: tls handshake error',
      'unreachable',
      'could not reach ngrok (the secure connection failed)',
    ],
    [
      'failed to connect session: The authtoken you specified does not look like a proper ngrok authtoken. error_code: ERR_NGROK_105',
      'config',
      'ngrok rejected the authtoken (ERR_NGROK_105)',
    ],
    [
      'failed to connect session: Usage of ngrok requires a verified account and authtoken. error_code: ERR_NGROK_4018',
      'config',
      'ngrok rejected the authtoken (ERR_NGROK_4018)',
    ],
    [
      'failed to connect session: Your account is limited to 1 simultaneous ngrok agent sessions. error_code: ERR_NGROK_108',
      'refused',
      'another ngrok agent is already online for this account (ERR_NGROK_108)',
    ],
    [
      'failed to connect session: something new error_code: ERR_NGROK_9999',
      'refused',
      'ngrok refused the session (ERR_NGROK_9999)',
    ],
  ] as const)('%s', (message, kind, plain) => {
    expect(sessionError(ngrokError(message))).toMatchObject({ kind, message: plain })
  })

  it('never repeats the raw text, which may quote the authtoken', () => {
    const error = sessionError(ngrokError('Your authtoken: 2abcSECRET is invalid error_code: ERR_NGROK_107'))
    expect(error.message).not.toContain('SECRET')
  })
})

describe('listenError', () => {
  it('a code while binding a domain points at the domain', () => {
    expect(
      listenError(ngrokError('failed to start listener: ... error_code: ERR_NGROK_319'), 'x.ngrok.app'),
    ).toMatchObject({
      kind: 'config',
      message: 'ngrok refused the domain x.ngrok.app (ERR_NGROK_319); check it in your ngrok dashboard',
    })
  })

  it('an endpoint already online elsewhere is retried later', () => {
    expect(
      listenError(ngrokError('endpoint is already online error_code: ERR_NGROK_334'), 'x.ngrok.app'),
    ).toMatchObject({
      kind: 'refused',
      message: 'x.ngrok.app is already online in another ngrok session (ERR_NGROK_334)',
    })
  })

  it('no code means the session went away: unreachable', () => {
    expect(listenError(ngrokError('session closed'), null).kind).toBe('unreachable')
    expect(listenError(ngrokError('x error_code: ERR_NGROK_1'), null).kind).toBe('refused')
  })
})

it('ngrokErrorCode finds the code anywhere in the message', () => {
  expect(ngrokErrorCode('a error_code: ERR_NGROK_4018')).toBe('ERR_NGROK_4018')
  expect(ngrokErrorCode('ERR_NGROK_105\r\n')).toBe('ERR_NGROK_105')
  expect(ngrokErrorCode('failed to establish tcp connection')).toBeNull()
})
