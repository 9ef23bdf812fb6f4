import {escapeForDisplay} from '../lib/display-text.js'

/** The client went away (closed, reset) before the server saw the handshake finish: nothing was refused. */
function isClientGone(error: Error & {code?: string}): boolean {
  return error.code === 'ECONNRESET' || error.code === 'EPIPE' || error.code === 'ERR_STREAM_PREMATURE_CLOSE'
}

/**
 * Why a TLS handshake was refused, in a few words (OpenSSL's messages are long and name source
 * files), or undefined when nothing was refused. `served` says whether the SNI name has a
 * certificate: then "no shared cipher" is a cipher or protocol mismatch with the client, not a
 * missing certificate.
 *
 * A client that closes the connection during the handshake is not logged: with TLS 1.3 a client
 * (certs:check, a health check, a client loop) is done once it has the server's Finished and may
 * close before the server has read the client's, which Node reports as a reset during the handshake.
 */
export function describeHandshakeError(
  error: Error & {code?: string; reason?: string},
  servername: string | undefined,
  served = false,
): string | undefined {
  if (isClientGone(error)) return undefined
  switch (error.code) {
    case 'ERR_SSL_NO_SUITABLE_SIGNATURE_ALGORITHM':
    case 'ERR_SSL_NO_SHARED_CIPHER': {
      if (!servername) return 'the client sent no SNI name'
      if (!served) return 'no certificate serves this name'
      return error.code === 'ERR_SSL_NO_SHARED_CIPHER'
        ? 'no cipher in common with the client (the router offers TLS 1.2 and 1.3 with Mozilla "intermediate" ciphers)'
        : "no signature algorithm in common with the client for this name's certificate"
    }

    case 'ERR_SSL_UNSUPPORTED_PROTOCOL':
    case 'ERR_SSL_WRONG_VERSION_NUMBER': {
      return 'protocol version not accepted (TLS 1.2 and 1.3 only)'
    }

    default: {
      // OpenSSL: `...:error:CODE:LIBRARY:FUNCTION:REASON:FILE:LINE:`
      const reason =
        error.reason ??
        /:error:[\dA-F]+:[^:]*:[^:]*:([^:]+)/.exec(error.message)?.[1] ??
        error.message.split('\n')[0] ??
        ''
      return escapeForDisplay(reason.slice(0, 200))
    }
  }
}

/** One stderr line for a refused handshake. */
export function formatHandshakeRefusal(info: {
  clientIp: string
  message: string
  servername: string | undefined
}): string {
  const sni = info.servername === undefined ? 'none' : escapeForDisplay(info.servername.slice(0, 253))
  return `TLS handshake from ${info.clientIp} refused (SNI ${sni}): ${info.message}`
}
