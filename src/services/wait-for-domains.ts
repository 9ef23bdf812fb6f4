import {quoteForShell} from '../lib/cli-command.js'
import {ExitCode} from '../lib/exit-codes.js'
import {refusedError, SniError} from '../lib/sni-error.js'
import type {Domain} from '../lib/models.js'
import type {PlatformClient} from '../platform/platform-client.js'

/** Heroku's domains:wait polls every 5 seconds. */
export const DEFAULT_POLL_INTERVAL_MS = 5000

/** The interval between reads: SNI_POLL_INTERVAL_MS when set (tests, impatient scripts; at least 100 ms), else Heroku's 5 s. */
export function pollIntervalMs(env: NodeJS.ProcessEnv): number {
  const value = Number(env.SNI_POLL_INTERVAL_MS)
  return Number.isFinite(value) && value >= 100 ? value : DEFAULT_POLL_INTERVAL_MS
}

/** What the caller shows while waiting (stderr progress). */
export interface WaitProgress {
  start(domain: Domain): void
  /** After each read that still shows the domain pending. */
  poll(domain: Domain, elapsedMs: number): void
  done(domain: Domain): void
  /** The wait ended without success (timeout or failed status). */
  stop(domain: Domain): void
}

export interface WaitForDomainsOptions {
  /** Between reads of one domain. */
  intervalMs: number
  /** For all the domains together; then exit 7 naming the ones still pending. */
  timeoutMs: number
  progress?: WaitProgress
  /** The CLI's name and the app flag for the hints (`sni`, ` --app example`). */
  bin: string
  appArgument: string
  sleep?: (ms: number) => Promise<void>
  now?: () => number
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms)
  })

/**
 * Heroku's waitForDomain for each domain in turn: while its status is `pending`, read it again (by id)
 * every interval. Unlike Heroku's, the wait is bounded: past the deadline it stops with exit 7, naming
 * every domain still pending. A domain that ends `failed` (or anything but succeeded/none) is exit 5,
 * with Heroku's wording. Returns the domains as last read.
 */
export async function waitForDomains(
  platform: PlatformClient,
  app: string,
  domains: Domain[],
  options: WaitForDomainsOptions,
): Promise<Domain[]> {
  const sleep = options.sleep ?? defaultSleep
  const now = options.now ?? Date.now
  const started = now()
  const deadline = started + options.timeoutMs
  const settled: Domain[] = []
  for (const [index, first] of domains.entries()) {
    let domain = first
    options.progress?.start(domain)
    while (domain.status === 'pending') {
      if (now() + options.intervalMs > deadline) {
        options.progress?.stop(domain)
        const pending = [domain, ...domains.slice(index + 1).filter((d) => d.status === 'pending')].map(
          (d) => d.hostname,
        )
        throw new SniError(
          `Timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${pending.join(', ')} (still pending on ${app}).`,
          {
            code: 'DOMAIN_WAIT_TIMEOUT',
            details: {pending},
            exit: ExitCode.transient,
            hint: `The platform keeps working on ${pending.length === 1 ? 'it' : 'them'}; check again later with \`${options.bin} domains:wait${pending.length === 1 ? ` ${quoteForShell(pending[0] as string)}` : ''}${options.appArgument}\`.`,
          },
        )
      }

      await sleep(options.intervalMs)
      domain = await platform.getDomain(app, domain.id)
      if (domain.status === 'pending') options.progress?.poll(domain, now() - started)
    }

    if (domain.status !== 'succeeded' && domain.status !== 'none') {
      options.progress?.stop(domain)
      throw refusedError(
        `The domain creation finished with status ${domain.status}.`,
        'DOMAIN_FAILED',
        `Check ${domain.hostname} with \`${options.bin} domains:info ${quoteForShell(domain.hostname)}${options.appArgument}\`; remove it and add it again to retry.`,
        {domainStatus: domain.status, hostname: domain.hostname},
      )
    }

    options.progress?.done(domain)
    settled.push(domain)
  }

  return settled
}
