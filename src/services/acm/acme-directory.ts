import {escapeForDisplay} from '../../lib/display-text.js'
import {ExitCode} from '../../lib/exit-codes.js'
import {SniError, usageError} from '../../lib/sni-error.js'

const TLS_TRUST_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
])

function unreachable(url: string, code: string): SniError {
  if (TLS_TRUST_CODES.has(code)) {
    return usageError(
      `The ACME directory ${url} answers with a TLS certificate this machine does not trust (${code}).`,
      'ACME_DIRECTORY_UNTRUSTED',
      'For a private CA (pebble, step-ca), put its root in a file and set NODE_EXTRA_CA_CERTS to it for sni and for the router.',
    )
  }

  return new SniError(`The ACME directory ${url} could not be reached (${code}).`, {
    code: 'ACME_DIRECTORY_UNREACHABLE',
    exit: ExitCode.transient,
    hint: 'Check the URL and that the CA is up; nothing was changed.',
  })
}

/**
 * Fetches the directory once, before ACM is turned on, so a typo, a CA that is down or an untrusted
 * private CA fails at once with a clear message (acme-client would retry for 75 s and then lose the
 * cause). The answer must be an RFC 8555 directory (newNonce, newAccount, newOrder).
 */
export async function probeAcmeDirectory(url: string, timeoutMs = 10_000): Promise<void> {
  const shown = escapeForDisplay(url)
  // Imported here: the command registry loads this module for every command, and node:https (with
  // node:http's client and agent) cost every start-up several ms.
  const {get} = await import('node:https')
  return new Promise((resolve, reject) => {
    const request = get(url, {headers: {accept: 'application/json'}, timeout: timeoutMs}, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => {
        if (body.length < 65_536) body += chunk
      })
      response.on('end', () => {
        let directory: Record<string, unknown> | undefined
        try {
          directory = JSON.parse(body) as Record<string, unknown>
        } catch {
          directory = undefined
        }

        const ok =
          response.statusCode === 200 &&
          directory &&
          ['newNonce', 'newAccount', 'newOrder'].every((k) => typeof directory?.[k] === 'string')
        if (ok) resolve()
        else
          reject(
            usageError(
              `${shown} is not an ACME directory (HTTP ${response.statusCode ?? '?'}, no newNonce/newAccount/newOrder).`,
              'ACME_DIRECTORY_INVALID',
              "Give the CA's RFC 8555 directory URL (it usually ends in /directory or /dir).",
            ),
          )
      })
    })
    request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), {code: 'TIMEOUT'})))
    request.on('error', (error: NodeJS.ErrnoException) => reject(unreachable(shown, error.code ?? 'network error')))
  })
}
