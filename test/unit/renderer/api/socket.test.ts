// The words the page gives for a closed update socket.
import { describe, expect, it } from 'vitest'
import { describeClose } from '../../../../src/renderer/src/api/socket.ts'

const closed = (code: number, reason = '') => ({ code, reason }) as CloseEvent

describe('describeClose', () => {
  it('says why the socket closed, in words', () => {
    expect(describeClose(closed(1008, 'token revoked'))).toBe(
      'your access to this monitor was revoked; ask an admin for a new token',
    )
    expect(describeClose(closed(1013))).toBe('the connection fell behind; resynchronising')
    expect(describeClose(closed(1001))).toBe('the server closed the connection')
    expect(describeClose(closed(1006))).toBe('the connection to the monitor was lost')
    // Another policy close is not a revocation.
    expect(describeClose(closed(1008, 'something else'))).toBe('the connection to the monitor was lost')
  })
})
