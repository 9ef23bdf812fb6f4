import {ExitCode, type ExitCodeValue} from './exit-codes.js'

export interface SniErrorOptions {
  /** Stable machine-readable code, e.g. `KEY_MISMATCH`, `FILE_NOT_FOUND`. */
  code: string
  /** Process exit code (see exit-codes.ts). */
  exit?: ExitCodeValue
  /** What to do next, one sentence. */
  hint?: string
  /** Structured details safe to print and serialise (never key material). */
  details?: Record<string, unknown>
  /** What was thrown underneath; shown only under DEBUG, never serialised. */
  cause?: unknown
  /** For `not_found`: which resource was looked for, by the name or id given (not serialised). */
  notFound?: NotFound
}

/** What a not-found error is about; the message follows Heroku's wording for each. */
export type PlatformResource = 'app' | 'SNI endpoint' | 'domain'

/** The resource a not-found error did not find: callers branch on this, never on the message. */
export interface NotFound {
  resource: PlatformResource
  /** The app name, endpoint name or id, or hostname or id, as it was asked for. */
  id: string
}

/** Marks SniErrors across copies of this module (see Symbol.hasInstance below). */
const BRAND = Symbol.for('sni-certs.SniError')

/**
 * The only error type the domain layer throws on purpose. Its message is one sentence that names
 * the file or argument and the problem; `hint` says what to do next. Messages never contain key
 * material, passphrases or tokens.
 */
export class SniError extends Error {
  /**
   * `instanceof` by brand, not by class identity: a process can load this module twice (mocha loads
   * test files through tsx's CommonJS hook, while src's lazy import() goes through the ESM loader), and
   * both copies must recognise each other.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true
  }

  readonly [BRAND] = true
  readonly code: string
  readonly exit: ExitCodeValue
  readonly hint?: string
  readonly details?: Record<string, unknown>
  readonly notFound?: NotFound

  constructor(message: string, options: SniErrorOptions) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.name = 'SniError'
    this.code = options.code
    this.exit = options.exit ?? ExitCode.internal
    this.hint = options.hint
    this.details = options.details
    this.notFound = options.notFound
  }
}

/** An input was rejected by local checks (exit 3). */
export function inputError(message: string, code: string, hint?: string, details?: Record<string, unknown>): SniError {
  return new SniError(message, {code, exit: ExitCode.inputRejected, hint, details})
}

/** A flag, argument or configuration problem (exit 2). */
export function usageError(message: string, code: string, hint?: string): SniError {
  return new SniError(message, {code, exit: ExitCode.usage, hint})
}

interface OclifLikeError extends Error {
  code?: unknown
  oclif: {exit?: number | false}
}

/** An error oclif made (parser, CLIError): it carries `oclif.exit`. */
export function isOclifError(err: unknown): err is OclifLikeError {
  return err instanceof Error && 'oclif' in err && typeof (err as OclifLikeError).oclif === 'object'
}

/**
 * Maps anything thrown to our error type. Unknown errors keep only their message (never their
 * enumerable properties, which for HTTP or crypto errors could hold request bodies or key bytes).
 */
export function toSniError(err: unknown): SniError {
  if (err instanceof SniError) return err
  if (isOclifError(err)) {
    const exit = typeof err.oclif.exit === 'number' ? err.oclif.exit : ExitCode.usage
    return new SniError(err.message, {
      code: typeof err.code === 'string' ? err.code : 'USAGE',
      exit: exit as ExitCodeValue,
    })
  }

  const message = err instanceof Error ? err.message : String(err)
  return new SniError(`Unexpected error: ${message}`, {
    code: 'INTERNAL',
    exit: ExitCode.internal,
    hint: 'Run again with DEBUG=* for details, and report it if it persists.',
  })
}

/**
 * Nothing found, worded exactly as the Heroku API does (`Couldn't find that app.`, id `not_found`), so
 * scripts see the same text on either platform. Exit 5: nothing changed.
 */
export function notFoundError(notFound: NotFound, hint: string, details?: Record<string, unknown>): SniError {
  return new SniError(`Couldn't find that ${notFound.resource}.`, {
    code: 'not_found',
    details,
    exit: ExitCode.platformRefused,
    hint,
    notFound,
  })
}

/** Whether ERROR says that this resource (of any id) was not found. */
export function isNotFound(error: unknown, resource?: PlatformResource): boolean {
  return (
    error instanceof SniError &&
    error.code === 'not_found' &&
    (resource === undefined || error.notFound?.resource === resource)
  )
}

/**
 * A change was sent but its result is unknown (no answer, or an answer that does not say): the one
 * flag for it is `details.outcomeUnknown` (what --json shows too). Such errors exit 7.
 */
export function isOutcomeUnknown(error: unknown): boolean {
  return error instanceof SniError && error.exit === ExitCode.transient && error.details?.outcomeUnknown === true
}

/** The platform refused the request (invalid or conflicting); exit 5, nothing changed. */
export function refusedError(message: string, code: string, hint: string, details?: Record<string, unknown>): SniError {
  return new SniError(message, {code, details, exit: ExitCode.platformRefused, hint})
}

/** The local store could not be read or written; exit 8. Codes start with `STORE_`. */
export function storeError(message: string, code: `STORE_${string}`, hint: string): SniError {
  return new SniError(message, {code, exit: ExitCode.store, hint})
}
