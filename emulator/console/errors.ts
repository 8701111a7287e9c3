/** The console's one error type: an HTTP status and a message naming the field, the limit and the value. */

/** A refused console request (a refusal by the model stays an ApiRefusal and keeps its IM code). */
export class ConsoleError extends Error {
  /**
   * @param status HTTP status of the answer: 400 bad input, 401 no or wrong credential, 403 another
   *   site, 404, 405, 413 or 415.
   */
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ConsoleError";
  }
}
