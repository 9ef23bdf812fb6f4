import {usageError} from '../lib/sni-error.js'
import {resolveSniHome} from './local/store-location.js'
import type {PlatformKind} from '../lib/models.js'
import type {LocalPlatformClient} from './local/local-platform-client.js'
import type {PlatformClient} from './platform-client.js'

const KINDS: readonly PlatformKind[] = ['heroku', 'local']

function toPlatformKind(value: string, origin: string): PlatformKind {
  if ((KINDS as readonly string[]).includes(value)) return value as PlatformKind
  throw usageError(
    `${origin} "${value.slice(0, 40).replace(/[^\x20-\x7e]/g, '?')}" is not a known platform.`,
    'PLATFORM_UNKNOWN',
    'Use heroku or local.',
  )
}

/**
 * Chooses the platform: the --platform flag, else SNI_PLATFORM, else heroku when sni runs as the
 * `heroku` CLI's plugin, else the embedded local platform. An unknown value is a usage error (exit 2).
 */
export function resolvePlatformKind(options: {env: NodeJS.ProcessEnv; flag?: string; hostBin?: string}): PlatformKind {
  if (options.flag !== undefined && options.flag !== '') return toPlatformKind(options.flag, 'Platform')
  const fromEnv = options.env.SNI_PLATFORM
  if (fromEnv !== undefined && fromEnv !== '') return toPlatformKind(fromEnv, 'SNI_PLATFORM')
  return options.hostBin === 'heroku' ? 'heroku' : 'local'
}

/** Bounds of SNI_HTTP_TIMEOUT_MS and SNI_UPLOAD_GRACE_MS: from a tenth of a second to ten minutes. */
const DURATION_MIN_MS = 100
const DURATION_MAX_MS = 600_000

/**
 * Heroku timing from the environment: SNI_HTTP_TIMEOUT_MS (each API request, default 30 s) and
 * SNI_UPLOAD_GRACE_MS (how long a certs:add upload that got no answer is looked for before its
 * outcome is reported unknown, default 30 s). For slow links, and for tests. A bad value is exit 2.
 */
export function readHerokuTiming(env: NodeJS.ProcessEnv): {timeoutMs?: number; uploadGraceMs?: number} {
  const read = (name: string): number | undefined => {
    const raw = env[name]
    if (raw === undefined || raw === '') return undefined
    const value = /^\d{1,7}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN
    if (!(value >= DURATION_MIN_MS && value <= DURATION_MAX_MS)) {
      throw usageError(
        `${name} "${raw.slice(0, 20).replace(/[^\x20-\x7e]/g, '?')}" is not a duration in milliseconds from ${DURATION_MIN_MS} to ${DURATION_MAX_MS}.`,
        'ENV_INVALID',
        `Unset ${name}, or set it to e.g. 60000 for a minute.`,
      )
    }

    return value
  }

  return {timeoutMs: read('SNI_HTTP_TIMEOUT_MS'), uploadGraceMs: read('SNI_UPLOAD_GRACE_MS')}
}

export interface PlatformClientOptions {
  env: NodeJS.ProcessEnv
  /** One-line notices for the user (e.g. an app was created); the caller decides where they go. */
  onNotice?: (message: string) => void
}

/**
 * Checks the platform's configuration without touching the network or any file: a bad HEROKU_HOST is
 * a usage error (exit 2) before a command reads its certificate and key files.
 */
export async function checkPlatformConfig(kind: PlatformKind, env: NodeJS.ProcessEnv): Promise<void> {
  if (kind !== 'heroku') return
  const {resolveHerokuBaseUrl} = await import('./heroku/http/resolve-heroku-base-url.js')
  resolveHerokuBaseUrl(env)
  readHerokuTiming(env)
}

/** The only place that builds a platform client (with createLocalPlatformClient). Implementations load lazily, for start-up time. */
export async function createPlatformClient(
  kind: PlatformKind,
  options: PlatformClientOptions,
): Promise<PlatformClient> {
  switch (kind) {
    case 'heroku': {
      const [
        {resolveHerokuBaseUrl},
        {resolveHerokuToken},
        {HerokuHttpClient},
        {HerokuPlatformClient},
        {createRequire},
      ] = await Promise.all([
        import('./heroku/http/resolve-heroku-base-url.js'),
        import('./heroku/http/resolve-heroku-token.js'),
        import('./heroku/http/heroku-http-client.js'),
        import('./heroku/heroku-platform-client.js'),
        import('node:module'),
      ])
      // The base URL first: a bad HEROKU_HOST is a usage error (exit 2) before any token is looked for.
      const baseUrl = resolveHerokuBaseUrl(options.env)
      const token = await resolveHerokuToken(options.env, {warn: options.onNotice})
      // package.json sits two levels up from both src/platform and dist/platform.
      const {version} = createRequire(import.meta.url)('../../package.json') as {version: string}
      const {timeoutMs, uploadGraceMs} = readHerokuTiming(options.env)
      const http = new HerokuHttpClient({baseUrl, env: options.env, timeoutMs, token, userAgent: `sni/${version}`})
      return new HerokuPlatformClient({http, onNotice: options.onNotice, uploadGraceMs})
    }

    case 'local': {
      return createLocalPlatformClient(options)
    }
  }
}

/**
 * The local platform with what only it has (its store directory, ACM jobs and serving material), for
 * the router: the same construction as createPlatformClient('local'), with the concrete type.
 */
export async function createLocalPlatformClient(options: PlatformClientOptions): Promise<LocalPlatformClient> {
  const {openLocalPlatformClient} = await import('./local/local-platform-client.js')
  return openLocalPlatformClient({home: resolveSniHome(options.env), onNotice: options.onNotice})
}
