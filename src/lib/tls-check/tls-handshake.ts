import type {X509Certificate} from 'node:crypto'
import type {ConnectionOptions, TLSSocket} from 'node:tls'

import {ExitCode} from '../exit-codes.js'
import {SniError} from '../sni-error.js'
import {formatTarget} from './connect-target.js'
import type {LegacyProtocol, ProtocolProbe, TlsTarget} from './types.js'

export interface HandshakeOptions {
  target: TlsTarget
  /** Sent as SNI. */
  servername: string
  timeoutMs: number
}

type Attempt =
  | {phase: 'connect'; reason: string}
  | {phase: 'timeout'; connected: boolean}
  | {phase: 'handshake'; code?: string; reason: string}
  | {phase: 'done'; certificates: Buffer[]; cipher: string; protocol: string}

/** At most this many certificates are read from a served chain (a real one has 2 to 4). */
const MAX_CHAIN = 16

/** The served chain as DER, leaf first, exactly as the peer sent it (Node links each certificate to the next served one). */
function servedChain(socket: TLSSocket): Buffer[] {
  const out: Buffer[] = []
  const seen = new Set<string>()
  let cert: X509Certificate | undefined = socket.getPeerX509Certificate()
  while (cert && out.length < MAX_CHAIN && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256)
    out.push(cert.raw)
    cert = cert.issuerCertificate
  }

  return out
}

/** OpenSSL's reason text (`tlsv1 alert protocol version`) from its long error string, else the message. */
function describeTlsError(error: NodeJS.ErrnoException): string {
  return /:SSL routines:[^:]*:([^:]+):/.exec(error.message)?.[1] ?? error.code ?? error.message
}

/**
 * One TLS handshake with SNI. Never verifies the peer (the caller judges what was served) and never
 * rejects: it says how far it got. Errors before the TCP connection is up are connection failures;
 * errors after it are the server's answer to the handshake.
 */
function attemptHandshake(options: HandshakeOptions, extra: ConnectionOptions = {}): Promise<Attempt> {
  return new Promise<Attempt>((resolve) => {
    let connected = false
    let settled = false
    let socket: TLSSocket | undefined
    const finish = (attempt: Attempt): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket?.destroy()
      resolve(attempt)
    }

    const timer = setTimeout(() => finish({connected, phase: 'timeout'}), options.timeoutMs)
    try {
      // node:tls loaded on first use: this module is in the command registry every command loads.
      socket = process.getBuiltinModule('node:tls').connect({
        host: options.target.host,
        port: options.target.port,
        rejectUnauthorized: false,
        servername: options.servername,
        ...extra,
      })
    } catch (error) {
      // Options this Node's OpenSSL cannot honour are refused synchronously.
      finish({
        code: (error as NodeJS.ErrnoException).code,
        phase: 'handshake',
        reason: describeTlsError(error as NodeJS.ErrnoException),
      })
      return
    }

    const connectedSocket = socket
    connectedSocket.once('connect', () => {
      connected = true
    })
    connectedSocket.once('secureConnect', () => {
      const cipher = connectedSocket.getCipher()
      finish({
        certificates: servedChain(connectedSocket),
        cipher: cipher.standardName || cipher.name,
        phase: 'done',
        protocol: connectedSocket.getProtocol() ?? 'unknown',
      })
    })
    connectedSocket.once('error', (error: NodeJS.ErrnoException) => {
      if (connected) finish({code: error.code, phase: 'handshake', reason: describeTlsError(error)})
      else finish({phase: 'connect', reason: error.code ?? error.message})
    })
    connectedSocket.once('close', () => {
      finish(
        connected
          ? {phase: 'handshake', reason: 'the server closed the connection during the handshake'}
          : {phase: 'connect', reason: 'connection closed'},
      )
    })
  })
}

export function connectError(target: TlsTarget, reason: string): SniError {
  return new SniError(`could not connect to ${formatTarget(target)} (${reason})`, {
    code: 'CONNECT_FAILED',
    exit: ExitCode.transient,
    hint: 'Check that the server is running and reachable at that address, then try again.',
  })
}

export type HandshakeOutcome =
  | {ok: true; certificates: Buffer[]; cipher: string; protocol: string}
  | {ok: false; reason: string}

/**
 * The main handshake of certs:check. Resolves with what was served, or with the reason the server
 * refused the handshake; rejects (exit 7) when no connection could be made or it timed out.
 */
export async function tlsHandshake(options: HandshakeOptions): Promise<HandshakeOutcome> {
  const attempt = await attemptHandshake(options)
  switch (attempt.phase) {
    case 'done': {
      return {certificates: attempt.certificates, cipher: attempt.cipher, ok: true, protocol: attempt.protocol}
    }

    case 'handshake': {
      return {ok: false, reason: attempt.reason}
    }

    case 'connect': {
      throw connectError(options.target, attempt.reason)
    }

    case 'timeout': {
      const seconds = options.timeoutMs / 1000
      const what = attempt.connected ? 'the TLS handshake timed out' : 'timed out'
      throw connectError(options.target, `${what} after ${seconds} s`)
    }
  }
}

/** Errors OpenSSL raises on our side when it cannot offer the version at all (before the server has a say). */
const LOCAL_REFUSALS = new Set([
  'ERR_SSL_NO_CIPHERS_AVAILABLE',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_TLS_INVALID_PROTOCOL_VERSION',
])

/**
 * A handshake that offers only one old protocol version. OpenSSL 3 refuses TLS 1.0/1.1 at its
 * default security level, so the probe lowers it (`@SECLEVEL=0`): this is a test, nothing is sent.
 */
export async function probeProtocol(options: HandshakeOptions, version: LegacyProtocol): Promise<ProtocolProbe> {
  const attempt = await attemptHandshake(options, {
    ciphers: 'DEFAULT:@SECLEVEL=0',
    maxVersion: version,
    minVersion: version,
  })
  switch (attempt.phase) {
    case 'done': {
      return {outcome: 'accepted', version}
    }

    case 'handshake': {
      return {
        detail: attempt.reason,
        outcome: attempt.code && LOCAL_REFUSALS.has(attempt.code) ? 'untestable' : 'refused',
        version,
      }
    }

    case 'connect': {
      return {detail: attempt.reason, outcome: 'unreachable', version}
    }

    case 'timeout': {
      // A server that accepts TCP and then says nothing to an old ClientHello has not accepted it.
      return attempt.connected
        ? {detail: `no answer within ${options.timeoutMs / 1000} s`, outcome: 'refused', version}
        : {detail: `timed out after ${options.timeoutMs / 1000} s`, outcome: 'unreachable', version}
    }
  }
}
