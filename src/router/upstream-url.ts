import {escapeForDisplay} from '../lib/display-text.js'
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
    "Give the app's address as http://HOST:PORT, e.g. --upstream http://127.0.0.1:3000.",
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

  if (url.protocol !== 'http:')
    invalid(value, 'must be an http:// URL (the router terminates TLS and speaks plain HTTP to the app)')
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

/** Where a request goes upstream, or why it does not (the client gets that status). */
export type UpstreamTarget = {path: string} | {reason: string; status: 400 | 421}

/** Only to parse and normalise a request target; never contacted. */
const PLACEHOLDER_ORIGIN = 'http://router.invalid'

/**
 * The upstream path for a request target, never outside `basePath`:
 * - origin-form (`/a/b?q`): dot segments resolved (`/a/../../etc` is `/etc`, `%2e%2e` counts as
 *   `..`, backslashes as slashes) without ever climbing above the root, then appended to basePath;
 * - absolute-form (`http://host/path`, which HTTP/1.1 servers must accept): its path, when its host
 *   is the name the client asked for in SNI; another host is 421 Misdirected Request (this
 *   connection serves only that name);
 * - anything else (`*`, `example.com:443`): 400.
 * Before this, an absolute-form target reached the app as `/basehttp://evil.test/abs`.
 */
export function upstreamTarget(
  basePath: string,
  requestTarget: string,
  servername: string | undefined,
): UpstreamTarget {
  let url: URL
  if (requestTarget.startsWith('/')) {
    url = new URL(requestTarget, PLACEHOLDER_ORIGIN)
    // `//evil.test/x` is a path here, not an authority: new URL would read it as a host.
    if (requestTarget.startsWith('//')) url = new URL(`/${requestTarget.replace(/^\/+/, '')}`, PLACEHOLDER_ORIGIN)
  } else if (/^https?:\/\//i.test(requestTarget)) {
    try {
      url = new URL(requestTarget)
    } catch {
      return {reason: 'the request target is not a valid URL', status: 400}
    }

    if (servername === undefined || url.hostname.toLowerCase() !== servername.toLowerCase()) {
      return {
        reason: `this connection serves ${servername ?? 'no name'} only, not ${escapeForDisplay(url.host)}`,
        status: 421,
      }
    }
  } else {
    return {reason: 'the request target must be a path (or an absolute URL for this host)', status: 400}
  }

  return {path: `${basePath}${url.pathname}${url.search}`}
}
