// Per operation of the table: arguments it answers (or refuses in words) the same way
// twice against the demo workspace, and bad ones. Shared by the transport contract and
// the roles gate, so every operation is called with valid input in both.
import type { ArgsOf, OperationName } from '../../src/shared/operations.ts'

const LONG_ID = 'x'.repeat(300)

/** Per operation: arguments it answers (or refuses in words) the same way twice, and bad ones. */
export type Samples = { [N in OperationName]: { good: () => ArgsOf<N>; bad?: unknown[] } }

/** The samples, reading the demo's stream and event ids when called (they are known only once it runs). */
export function operationSamples(ids: () => { stream: string; event: string }): Samples {
  const stream = (): string => ids().stream
  const event = (): string => ids().event
  return {
    getSnapshot: { good: () => [] },
    getStream: { good: () => [stream()], bad: [LONG_ID] },
    listEvents: { good: () => [{ limit: 5, types: ['video.live_stream.active'] }], bad: [{ limit: 0 }] },
    getEvent: { good: () => [event()], bad: [LONG_ID] },
    listTransitions: { good: () => [{ limit: 5 }], bad: [{ limit: 0 }] },
    listRejected: { good: () => [{ limit: 5 }], bad: [{ limit: 5000 }] },
    getReceiver: { good: () => [] },
    updateSettings: {
      good: () => [{ retention: { maxAgeDays: 20 } }],
      bad: [{ thresholds: { flapCount: -1 } }],
    },
    listNotifications: { good: () => [{ limit: 5 }], bad: [{ limit: 0 }] },
    updateNotificationSettings: { good: () => [{}], bad: [{ quietHours: { start: '25:00' } }] },
    muteStream: { good: () => [stream(), null], bad: [stream(), '2h'] },
    pauseNotifications: { good: () => [null], bad: ['forever'] },
    listBroadcasts: { good: () => [stream()], bad: [LONG_ID] },
    getBroadcastReport: { good: () => [stream(), 'latest'], bad: [stream(), 'yesterday'] },
    getStreamSeries: {
      good: () => [stream(), { from: Date.now() - 3_600_000, to: Date.now() }],
      bad: [stream(), { from: 2000, to: 1000 }],
    },
    exportBroadcastReport: {
      good: () => [stream(), 'latest', { format: 'md', tz: 'UTC' }],
      bad: [stream(), 'latest', { format: 'pdf' }],
    },
    // A fixed range (the demo's clock keeps moving): the same buckets on both; a negative start is refused.
    getWorkspaceSeries: { good: () => [{ from: 60_000, to: 3_660_000 }], bad: [{ from: -1 }] },
    setSchedule: {
      good: () => [
        stream(),
        {
          kind: 'weekly',
          days: [0],
          time: '10:00',
          graceMin: 5,
          end: null,
          endGraceMin: 5,
          timeZone: 'Europe/Berlin',
        },
      ],
      bad: [stream(), { kind: 'weekly', days: [0], time: '10:00', timeZone: 'Mars/Olympus' }],
    },
    listSchedules: { good: () => [] },
    getWorkspaceStatus: { good: () => [] },
    // The configured FastPix is a closed local port: refused in the same words on both.
    testCredentials: {
      good: () => [{ accessTokenId: 'tok', secretKey: 'key' }],
      bad: [{ accessTokenId: '', secretKey: 'key' }],
    },
    connectWorkspace: {
      good: () => [
        { accessTokenId: 'tok', secretKey: 'key', publicUrl: { mode: 'own', url: 'https://m.example.com' } },
      ],
      bad: [
        { accessTokenId: 'tok', secretKey: 'key', publicUrl: { mode: 'own', url: 'http://m.example.com' } },
      ],
    },
    // The demo signs its own deliveries: refused (409) in the same words on both.
    setSigningSecret: { good: () => ['c2VjcmV0'], bad: ['not base64!'] },
    useDemo: { good: () => [] },
    reconcileNow: { good: () => [] },
    reconnectTunnel: { good: () => [] },
    runStreamAction: {
      good: () => [{ streamId: 'no-such-stream', action: 'enable' }],
      bad: [{ streamId: '../x', action: 'disable' }],
    },
    listAudit: { good: () => [{ limit: 5 }], bad: [{ limit: 0 }] },
  }
}
