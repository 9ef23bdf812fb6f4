import {escapeForDisplay} from '../lib/cert/display-text.js'
import {usageError} from '../lib/sni-error.js'

/** Where requests go: an http:// origin, optionally with a base path that request paths are appended to. */
export interface Upstream {
  /** As given to http.request: no brackets around an IPv6 address. */
  hostname: string
  port: number
  /** '' or a path without the trailing slash, e.g. '/app'. */
  basePath: string
  /** For messages: `http://127.0.0.1:3000`. */
  origin: string
}

function invalid(value: string, problem: string): never {
  throw usageError(
    // Credentials in the URL are not repeated back.
    `--upstream "${escapeForDisplay(value.slice(0, 200).replace(/\/\/[^/@]*@/, '//***@'))}" ${problem}.`,
    'ROUTER_UPSTREAM_INVALID',
    'Give the app\'s address as http://HOST:PORT, e.g. --upstream http://127.0.0.1:3000.',
  )
}

/** Validates --upstream: http only, a host, no credentials, query or fragment. Any host the user names is allowed. */
export function parseUpstream(value: string): Upstream {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    invalid(value, 'is not a URL')
  }

  if (url.protocol !== 'http:') invalid(value, 'must be an http:// URL (the router terminates TLS and speaks plain HTTP to the app)')
  if (!url.hostname) invalid(value, 'has no host')
  if (url.username || url.password) invalid(value, 'must not contain credentials')
  if (url.search || url.hash) invalid(value, 'must not have a query or fragment')
  return {
    basePath: url.pathname.replace(/\/+$/, ''),
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    origin: url.origin,
    port: url.port ? Number(url.port) : 80,
  }
}
