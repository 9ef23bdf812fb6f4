import {escapeForDisplay} from '../../../lib/display-text.js'
import {usageError} from '../../../lib/sni-error.js'

export const DEFAULT_HEROKU_API_URL = 'https://api.heroku.com'

/** Hosts the Heroku CLI sends its token to; a host must be one of them or under one (compared label-wise). */
const HEROKU_DOMAINS = ['heroku.com', 'herokai.com', 'herokuspace.com', 'herokudev.com'] as const

const HINT =
  'Unset HEROKU_HOST, or set it to a host under heroku.com (https only) or to a loopback URL such as http://localhost:5000.'

/** `localhost`, 127.0.0.0/8 or `[::1]`, judged on a hostname already parsed (and normalised) by WHATWG URL. */
export function isLoopbackHostname(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

function isHerokuHostname(hostname: string): boolean {
  return HEROKU_DOMAINS.some((domain) => hostname === domain || hostname.endsWith(`.${domain}`))
}

function invalid(reason: string): never {
  throw usageError(`HEROKU_HOST ${reason}`, 'HEROKU_HOST_INVALID', HINT)
}

/**
 * The Platform API base URL: `https://api.heroku.com`, or `HEROKU_HOST` read as the Heroku CLI reads it
 * (a bare host `example.heroku.com` becomes `https://api.example.heroku.com`; a value starting with a scheme is a
 * full URL). Unlike the Heroku CLI (substring checks, then a warning and the default), anything but a Heroku host
 * over https or a loopback host is refused (exit 2), judged on the parsed hostname; the token is sent only there.
 * Called before any file is read.
 */
export function resolveHerokuBaseUrl(env: NodeJS.ProcessEnv): URL {
  const raw = (env.HEROKU_HOST ?? '').trim()
  if (raw === '') return new URL(DEFAULT_HEROKU_API_URL)

  const shown = `"${escapeForDisplay(raw.slice(0, 80))}${raw.length > 80 ? '…' : ''}"`
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw)
  let url: URL
  try {
    url = new URL(hasScheme ? raw : `https://api.${raw}`)
  } catch {
    return invalid(`${shown} is not a valid host name or URL`)
  }

  // Never echo a value holding credentials.
  if (url.username !== '' || url.password !== '') return invalid('must not contain a user name or password')
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return invalid(`${shown} must be an https URL`)
  if (url.search !== '' || url.hash !== '') return invalid(`${shown} must not have a query or fragment`)

  const {hostname} = url
  if (isLoopbackHostname(hostname)) return url
  if (!isHerokuHostname(hostname)) return invalid(`${shown} is not a Heroku API host`)
  if (url.protocol !== 'https:') return invalid(`${shown} must use https; http is allowed only for localhost`)
  return url
}
