// Walking every page of GET /live/streams without knowing what `offset` counts. FastPix calls
// it "the starting point for data retrieval" with default 1 (SPEC §6.2): a 1-based page index
// is inferred, a 1-based item index is as plausible. Both readings give the first `limit`
// streams at offset 1 and differ from offset 2 on: a page index moves on a whole page, an item
// index by one stream. Offset 2 is asked first (right for pages, harmless for items) and its
// answer tells which reading the server has.
import { FastPixError } from './errors.ts'
import type { FastPixPagination, FastPixStream } from './schemas.ts'

export interface StreamPage {
  streams: FastPixStream[]
  pagination: FastPixPagination
}

export interface WalkOptions {
  pageSize: number
  /** Requests in total; past it the walk fails rather than loop on a server that never ends. */
  maxPages: number
}

/**
 * The page at offset 2 is the one at offset 1 moved on by one stream: offset counts items.
 * With fewer than 3 per page that could also be a page index after streams were created
 * mid-walk, so small pages never switch (stepping one by one is right under both readings).
 */
function movedByOne(first: readonly string[], second: readonly string[], pageSize: number): boolean {
  if (pageSize < 3 || first.length !== pageSize) return false
  return first.slice(1).every((id, i) => second[i] === id)
}

/**
 * Every stream once (first sighting wins: a stream created mid-walk shifts later pages).
 * Complete or it fails: the reconciler reads what is missing from the list as deleted.
 * Ends on an empty page or once `totalRecords` streams are listed. A page of streams already
 * listed means paging did not move on (a server ignoring offset): that fails in words, as
 * does running into `maxPages`.
 */
export async function walkAllStreams(
  fetchPage: (offset: number) => Promise<StreamPage>,
  { pageSize, maxPages }: WalkOptions,
): Promise<FastPixStream[]> {
  const streams: FastPixStream[] = []
  const seen = new Set<string>()
  let byItem = false
  let firstIds: string[] = []
  let offset = 1
  for (let request = 1; request <= maxPages; request++) {
    const page = await fetchPage(offset)
    const ids = page.streams.map((s) => s.streamId)
    let added = 0
    for (const stream of page.streams) {
      if (seen.has(stream.streamId)) continue
      seen.add(stream.streamId)
      streams.push(stream)
      added += 1
    }
    const { totalRecords } = page.pagination
    if (ids.length === 0 || seen.size >= totalRecords) return streams
    if (added === 0)
      throw new FastPixError({
        kind: 'bad-response',
        status: null,
        field: 'pagination',
        message: `FastPix answered offset ${offset} with streams already listed (it may ignore offset): ${seen.size} of ${totalRecords} listed; stopped listing.`,
      })
    if (request === 1) firstIds = ids
    if (request === 2) byItem = movedByOne(firstIds, ids, pageSize)
    offset += byItem ? ids.length : 1
  }
  throw new FastPixError({
    kind: 'bad-response',
    status: null,
    field: 'pagination',
    message: `FastPix still had more streams after ${maxPages} pages of ${pageSize}; stopped listing.`,
  })
}
