import type {X509Certificate} from 'node:crypto'

import {parseCertificateDer} from '../x509/parse-certificate.js'
import type {ParsedCertificate} from '../x509/types.js'
import {allPassed, evaluateTlsCheck, type HandshakeResult} from './evaluate-checks.js'
import {probeProtocol, tlsHandshake} from './tls-handshake.js'
import type {LegacyProtocol, PlatformExpectation, ServedCertificate, TlsCheckReport, TlsTarget} from './types.js'

export interface RunTlsCheckOptions {
  hostname: string
  target: TlsTarget
  extraRoots: X509Certificate[]
  platform: PlatformExpectation
  /** Also probe TLS 1.0 and 1.1. */
  protocols?: boolean
  timeoutMs: number
  now?: Date
}

/** How served certificates are named in chain findings: `served chain: certificate 2 (...)`. */
export const SERVED_SOURCE = 'served chain'

function toServed(cert: ParsedCertificate): ServedCertificate {
  const {fingerprint256, issuer, notAfter, notBefore, subject} = cert.summary
  return {fingerprint256, issuer, notAfter, notBefore, subject}
}

/** Parses what the server sent; a certificate we cannot read makes the handshake count as failed. */
function parseServed(certificates: Buffer[]): {reason?: string; served: ParsedCertificate[]} {
  try {
    return {served: certificates.map((der, i) => parseCertificateDer(der, SERVED_SOURCE, i))}
  } catch (error) {
    return {reason: `the server sent a certificate that cannot be read: ${(error as Error).message}`, served: []}
  }
}

const LEGACY: LegacyProtocol[] = ['TLSv1', 'TLSv1.1']

/**
 * Connects to the target with SNI, reads the served chain and runs every check. Throws SniError
 * (exit 7) only when the main connection cannot be made; everything the server did is a check.
 */
export async function runTlsCheck(options: RunTlsCheckOptions): Promise<TlsCheckReport> {
  const connection = {servername: options.hostname, target: options.target, timeoutMs: options.timeoutMs}
  const outcome = await tlsHandshake(connection)
  const probes = options.protocols
    ? await Promise.all(LEGACY.map((version) => probeProtocol(connection, version)))
    : undefined
  let handshake: HandshakeResult
  let served: ParsedCertificate[] = []
  if (outcome.ok) {
    const parsed = parseServed(outcome.certificates)
    served = parsed.served
    handshake = parsed.reason
      ? {ok: false, reason: parsed.reason}
      : {cipher: outcome.cipher, ok: true, protocol: outcome.protocol}
  } else {
    handshake = outcome
  }

  const checks = evaluateTlsCheck({
    extraRoots: options.extraRoots,
    handshake,
    hostname: options.hostname,
    now: options.now ?? new Date(),
    platform: options.platform,
    protocols: probes,
    served,
  })
  return {
    chain: served.map((cert) => toServed(cert)),
    checks,
    cipher: outcome.ok ? outcome.cipher : null,
    hostname: options.hostname,
    ok: allPassed(checks),
    protocol: outcome.ok ? outcome.protocol : null,
    target: options.target,
  }
}
