// Webhook bodies in both FastPix envelope dialects (SPEC §3–§5, examples/webhooks).
import type { DemoCatalog, DemoDialect, DemoRestStatus, DemoStreamDef, DemoTargetDef } from './types.ts'

type Json = Record<string, unknown>

/** Newer `data` of live-stream events: the REST Stream object (key order as the real API). */
export function streamObject(
  def: DemoStreamDef,
  status: DemoRestStatus,
  metadata: Record<string, string>,
): Json {
  return {
    streamId: def.id,
    streamKey: def.streamKey,
    srtSecret: def.srtSecret,
    trial: false,
    status,
    maxResolution: def.maxResolution,
    maxDuration: 0,
    createdAt: def.createdAt,
    reconnectWindow: def.reconnectWindowSec,
    enableRecording: def.enableRecording,
    enableDvrMode: def.enableDvrMode,
    mediaPolicy: def.mediaPolicy,
    metadata: { ...metadata },
    lowLatency: def.lowLatency,
    closedCaptions: def.closedCaptions,
    playbackIds: [{ id: def.playbackId, accessPolicy: 'public' }],
    srtPlaybackResponse: { srtPlaybackStreamId: `play${def.id}`, srtPlaybackSecret: def.srtPlaybackSecret },
  }
}

/** Legacy docs `data` (older event pages + the newer crawl's extra keys, typos included). */
function legacyStreamData(
  def: DemoStreamDef,
  status: DemoRestStatus,
  metadata: Record<string, string>,
): Json {
  return {
    test: false,
    streamId: def.id,
    status,
    audioOnly: false,
    streamKey: def.streamKey,
    srtSecert: def.srtSecret,
    maxResolution: def.maxResolution,
    createdAt: def.createdAt,
    reconnectWindow: def.reconnectWindowSec,
    maxDuration: 0,
    enableRecording: def.enableRecording,
    mediapolicy: def.mediaPolicy,
    metadata: { ...metadata },
    playback_ids: [{ id: def.playbackId, accessPolicy: 'public' }],
  }
}

export function streamData(
  def: DemoStreamDef,
  status: DemoRestStatus,
  metadata: Record<string, string>,
  dialect: DemoDialect,
): Json {
  return dialect === 'workspace'
    ? streamObject(def, status, metadata)
    : legacyStreamData(def, status, metadata)
}

/** Simulcast `data` per the docs table; `rtmpUrl` carries the key path. `isEnabled` only on `updated`. */
export function simulcastData(def: DemoStreamDef, target: DemoTargetDef, isEnabled?: boolean): Json {
  const data: Json = {
    simulcastId: target.id,
    livestreamId: def.id,
    rtmpUrl: `${target.url}${target.streamKey}`,
    streamKey: target.streamKey,
    metadata: { ...target.metadata },
  }
  if (isEnabled !== undefined) data.isEnabled = isEnabled
  return data
}

export interface EnvelopeInput {
  dialect: DemoDialect
  type: string
  eventId: string
  streamId: string
  data: Json
  occurredAt: number
  /** Legacy only: the docs field-table variant (`webhookId`, `object.name`) instead of the JSON examples' keys. */
  fieldTable?: boolean
}

export function envelope(catalog: DemoCatalog, input: EnvelopeInput): Json {
  const createdAt = new Date(input.occurredAt).toISOString()
  const object = { type: 'live', id: input.streamId }
  if (input.dialect === 'workspace') {
    return {
      type: input.type,
      object,
      id: input.eventId,
      workspace: { id: catalog.workspace.id, name: catalog.workspace.name },
      data: input.data,
      createdAt,
      attempts: [],
    }
  }
  if (input.fieldTable) {
    return {
      type: input.type,
      webhookId: input.eventId,
      object: { name: 'live', id: input.streamId },
      environment: { name: catalog.workspace.name, id: catalog.workspace.id },
      data: input.data,
      created_at: createdAt,
      attempts: [],
      accessor_source: null,
      accessor: null,
    }
  }
  return {
    type: input.type,
    request_id: null,
    object,
    id: input.eventId,
    environment: { name: catalog.workspace.name, id: catalog.workspace.id },
    data: input.data,
    created_at: createdAt,
    attempts: [],
    accessor_source: null,
    accessor: null,
  }
}

/** The exact bytes a delivery sends (signature input). */
export function deliveryBytes(body: Json | null): string {
  return body === null ? '' : JSON.stringify(body)
}
