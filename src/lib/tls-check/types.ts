/**
 * The result shapes of `certs:check` (stable; see README). A check that fails with severity
 * `error` makes the command exit 10; a `warning` is reported but does not fail it.
 */

/** Stable names, in report order. */
export type CheckName = 'handshake' | 'hostname' | 'chain' | 'trust' | 'expiry' | 'platform' | 'tls1.0' | 'tls1.1'

/** `info` for a passed or skipped check; `warning` or `error` for one that did not pass. */
export type CheckSeverity = 'error' | 'info' | 'warning'

export interface CheckResult {
  name: CheckName
  ok: boolean
  severity: CheckSeverity
  /** One sentence, safe to print. */
  detail: string
  /** Present (true) when the check could not run or was not asked for; `ok` is then true. */
  skipped?: true
}

/** One certificate as the server sent it, leaf first. */
export interface ServedCertificate {
  subject: string
  issuer: string
  notBefore: string
  notAfter: string
  /** Upper-case hex with colons, as `openssl x509 -fingerprint -sha256`. */
  fingerprint256: string
}

export interface TlsTarget {
  host: string
  port: number
}

/** The `--json` shape of certs:check. */
export interface TlsCheckReport {
  hostname: string
  target: TlsTarget
  /** Null when the handshake failed. */
  protocol: string | null
  cipher: string | null
  chain: ServedCertificate[]
  checks: CheckResult[]
  /** No check failed with severity error. */
  ok: boolean
}

/** What the platform says HOSTNAME should serve. */
export type PlatformExpectation =
  | {kind: 'expected'; endpoint: string; fingerprint256: string}
  /** The platform associates no certificate with the hostname (a failure). */
  | {kind: 'missing'; reason: string}
  /** The comparison cannot be made (no --app, ...): reported as skipped. */
  | {kind: 'skipped'; reason: string}

export type LegacyProtocol = 'TLSv1' | 'TLSv1.1'

/** How a server answered a handshake limited to one old protocol version. */
export interface ProtocolProbe {
  version: LegacyProtocol
  /** `untestable`: this Node's OpenSSL could not offer the version; `unreachable`: no TCP connection. */
  outcome: 'accepted' | 'refused' | 'unreachable' | 'untestable'
  detail?: string
}
