// FastPix REST client (SPEC §6): validated responses, plain-words errors, retries.
export {
  createFastPixClient,
  DEFAULT_BASE_URL,
  type FastPixCallOptions,
  type FastPixClient,
  type FastPixClientOptions,
  type FastPixOrder,
  type FastPixRetryOptions,
  type ListAllStreamsOptions,
  type ListStreamsQuery,
  type StreamPage,
} from './client.ts'
export { FastPixError, type FastPixErrorKind, RETRY_STATUSES } from './errors.ts'
export {
  type FastPixPagination,
  type FastPixSimulcast,
  type FastPixStream,
  paginationSchema,
  simulcastSchema,
  streamSchema,
} from './schemas.ts'
