// What a rejected delivery keeps of its request headers: enough to see what was sent,
// never a credential.
import { describe, expect, it } from 'vitest'
import { REDACTED } from '../../../../../src/main/core/events/redact.ts'
import { MAX_HEADERS, safeHeaders } from '../../../../../src/main/core/receiver/headers.ts'

const SIGNATURE = 'q0hM1yBq0nKJ0m3b1Ew2g6V7S8Nf5pD4tR9uW2xY6zA='

describe('safeHeaders', () => {
  it('keeps ordinary headers as sent and redacts the signature and every credential', () => {
    const lines = safeHeaders({
      host: 'calm-otter.ngrok-free.app',
      'content-type': 'application/json',
      'content-length': '512',
      'user-agent': 'FastPix-Webhooks/1.0',
      'fastpix-signature': SIGNATURE,
      authorization: 'Basic dXNlcjpwYXNz',
      'proxy-authorization': 'Bearer abc.def.ghi',
      cookie: 'sid=s3cr3t-session-value',
      'x-api-key': 'k-1234567890',
      'x-amz-security-token': 'tok',
      'x-session-id': 'abc',
      'x-custom': 'Bearer hidden-by-value',
      'x-forwarded-for': ['203.0.113.7', '10.0.0.1'],
      'x-empty-signature': '',
    })
    expect(lines).toEqual([
      { name: 'host', value: 'calm-otter.ngrok-free.app' },
      { name: 'content-type', value: 'application/json' },
      { name: 'content-length', value: '512' },
      { name: 'user-agent', value: 'FastPix-Webhooks/1.0' },
      { name: 'fastpix-signature', value: REDACTED },
      { name: 'authorization', value: REDACTED },
      { name: 'proxy-authorization', value: REDACTED },
      { name: 'cookie', value: REDACTED },
      { name: 'x-api-key', value: REDACTED },
      { name: 'x-amz-security-token', value: REDACTED },
      { name: 'x-session-id', value: REDACTED },
      { name: 'x-custom', value: REDACTED },
      { name: 'x-forwarded-for', value: '203.0.113.7, 10.0.0.1' },
      { name: 'x-empty-signature', value: '' },
    ])
    const text = JSON.stringify(lines)
    for (const secret of [SIGNATURE, 'dXNlcjpwYXNz', 'abc.def.ghi', 's3cr3t', 'k-1234567890'])
      expect(text).not.toContain(secret)
  })

  it('scrubs secret-looking values under harmless names and bounds the size', () => {
    const token = 'sk_live_9fT2mQ7xLp4Rz8Vb1Nc6Hd3Jw5Ke0Yu'
    const many: Record<string, string> = { 'x-note': `see ${token}`, 'x-long': 'a'.repeat(5000) }
    for (let i = 0; i < 100; i++) many[`x-h${i}`] = String(i)
    const lines = safeHeaders(many)
    expect(lines).toHaveLength(MAX_HEADERS)
    expect(lines[0]!.value).not.toContain(token)
    expect(lines[1]!.value.length).toBeLessThanOrEqual(200)
  })
})
