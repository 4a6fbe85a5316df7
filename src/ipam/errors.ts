/** Errors the IPAM library throws (besides datastore errors, which pass through unchanged). */

export class IpamError extends Error {
  override name = 'IpamError';
}

/** An address or handle that is not allocated. */
export class IpamNotFoundError extends IpamError {
  override name = 'IpamNotFoundError';
}

/** The node already has maxBlocksPerHost blocks and they are full. */
export class BlockLimitError extends IpamError {
  override name = 'BlockLimitError';
  constructor() {
    super('cannot allocate new block due to per host block limit');
  }
}

/** Every compare-and-swap attempt lost (extreme contention). */
export class RetriesExhaustedError extends IpamError {
  override name = 'RetriesExhaustedError';
}
