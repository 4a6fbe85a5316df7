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

/** A block was written by someone else after it was read (its sequence number moved on). */
export class BlockChangedError extends IpamError {
  override name = 'BlockChangedError';
}

/** Why a release was refused for an address (Calico's ErrorBadSequenceNumber / ErrorBadHandle). */
export type ReleaseMismatch =
  | { kind: 'sequenceNumber'; ip: string; expected: bigint; actual: bigint | undefined }
  | { kind: 'handle'; ip: string; expected: string; actual: string | undefined };

/**
 * A release asked for an allocation that is not the stored one (its sequence number or handle
 * differ): nothing was released from that block (Calico: ErrorResourceUpdateConflict wrapping
 * ErrorBadSequenceNumber or ErrorBadHandle).
 */
export class ReleaseConflictError extends IpamError {
  override name = 'ReleaseConflictError';
  constructor(
    readonly block: string,
    readonly mismatch: ReleaseMismatch,
  ) {
    super(
      mismatch.kind === 'sequenceNumber'
        ? `update conflict on block ${block}: ${mismatch.ip} has sequence number ${mismatch.actual ?? 'none'}, not the requested ${mismatch.expected}`
        : `update conflict on block ${block}: ${mismatch.ip} is held by handle ${mismatch.actual ?? '<none>'}, not the requested ${mismatch.expected}`,
    );
  }
}
