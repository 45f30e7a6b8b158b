// Streams by id, plus the workspace picture that comes with them (health, receiver, settings).
import type { MonitorSettings, MonitorSnapshot, ReceiverStatus, UpdateBatch } from '../../../shared/api.ts'
import type { StreamSnapshot, WorkspaceHealth } from '../../../shared/domain.ts'

export interface StreamsSlice {
  streams: Record<string, StreamSnapshot>
  workspaceHealth: WorkspaceHealth
  receiver: ReceiverStatus | null
  settings: MonitorSettings | null
}

export const initialStreams: StreamsSlice = {
  streams: {},
  workspaceHealth: 'empty',
  receiver: null,
  settings: null,
}

export function streamsFromSnapshot(snapshot: MonitorSnapshot): StreamsSlice {
  const streams: Record<string, StreamSnapshot> = {}
  for (const stream of snapshot.streams) streams[stream.id] = stream
  return {
    streams,
    workspaceHealth: snapshot.workspaceHealth,
    receiver: snapshot.receiver,
    settings: snapshot.settings,
  }
}

/** Streams replace by id; unchanged streams keep their object identity (rows skip re-rendering). */
export function streamsOnBatch(state: StreamsSlice, batch: UpdateBatch): Partial<StreamsSlice> {
  const next: Partial<StreamsSlice> = {}
  const removed = batch.removedStreamIds ?? []
  if (batch.streams.length > 0 || removed.length > 0) {
    const streams = { ...state.streams }
    for (const stream of batch.streams) streams[stream.id] = stream
    for (const id of removed) delete streams[id]
    next.streams = streams
  }
  if (batch.workspaceHealth !== null && batch.workspaceHealth !== undefined)
    next.workspaceHealth = batch.workspaceHealth
  if (batch.receiver) next.receiver = batch.receiver
  if (batch.settings) next.settings = batch.settings
  return next
}
