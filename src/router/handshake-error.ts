import {escapeForDisplay} from '../lib/cert/display-text.js'

/** Why a TLS handshake was refused, in a few words (OpenSSL's messages are long and name source files). */
export function describeHandshakeError(error: Error & {code?: string; reason?: string}, servername: string | undefined): string {
  switch (error.code) {
    case 'ERR_SSL_NO_SUITABLE_SIGNATURE_ALGORITHM':
    case 'ERR_SSL_NO_SHARED_CIPHER': {
      // No context was given for the name, so there is no certificate to sign with.
      return servername ? 'no certificate serves this name' : 'the client sent no SNI name'
    }

    case 'ERR_SSL_UNSUPPORTED_PROTOCOL':
    case 'ERR_SSL_WRONG_VERSION_NUMBER': {
      return 'protocol version not accepted (TLS 1.2 and 1.3 only)'
    }

    case 'ECONNRESET': {
      return 'the client closed the connection during the handshake'
    }

    default: {
      // OpenSSL: `...:error:CODE:LIBRARY:FUNCTION:REASON:FILE:LINE:`
      const reason = error.reason ?? /:error:[\dA-F]+:[^:]*:[^:]*:([^:]+)/.exec(error.message)?.[1] ?? error.message.split('\n')[0] ?? ''
      return escapeForDisplay(reason.slice(0, 200))
    }
  }
}

/** One stderr line for a refused handshake. */
export function formatHandshakeRefusal(info: {clientIp: string; message: string; servername: string | undefined}): string {
  const sni = info.servername === undefined ? 'none' : escapeForDisplay(info.servername.slice(0, 253))
  return `TLS handshake from ${info.clientIp} refused (SNI ${sni}): ${info.message}`
}
