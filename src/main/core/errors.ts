// An operation refused for a reason the user can act on: the message is for them, and
// hosts pass it on (HTTP 4xx, the IPC error envelope) instead of "internal error".
export class RequestError extends Error {
  readonly statusCode: 400 | 404 | 409

  constructor(message: string, statusCode: 400 | 404 | 409 = 400) {
    super(message)
    this.name = 'RequestError'
    this.statusCode = statusCode
  }
}
