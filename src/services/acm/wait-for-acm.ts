import {customDomains, humanizeAcmStatus, isAcmSettled} from '../../lib/acm/acm-status.js'
import type {Domain} from '../../lib/models.js'
import type {PlatformClient} from '../../platform/platform-client.js'
import type {AcmWaitOutcome} from '../../lib/display/acm-status-view.js'

export interface WaitForAcmOptions {
  timeoutMs: number
  /** Wait before the n-th poll (n from 1). */
  intervalMs: (poll: number) => number
  /** A domain's status changed (first sighting included): for live progress. */
  onChange: (domain: Domain, status: string, elapsedMs: number) => void
  /** Called before each poll; throws to stop waiting (e.g. the local router stopped). */
  check?: () => void
  sleep?: (ms: number) => Promise<void>
  now?: () => number
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms)
  })

/**
 * Polls the app's domains until every custom domain is `cert issued` or `failed` (Heroku's rule),
 * reporting each change as it is seen, or until the timeout. Bounded: it never sleeps past the
 * deadline.
 */
export async function waitForAcm(
  platform: PlatformClient,
  app: string,
  options: WaitForAcmOptions,
): Promise<AcmWaitOutcome> {
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? defaultSleep
  const started = now()
  const seen = new Map<string, string>()
  for (let poll = 1; ; poll++) {
    options.check?.()
    const domains = customDomains(await platform.listDomains(app))
    for (const d of domains) {
      const status = humanizeAcmStatus(d.acmStatus)
      const shown = d.acmStatusReason ? `${status} (${d.acmStatusReason})` : status
      if (seen.get(d.hostname) !== shown) {
        seen.set(d.hostname, shown)
        options.onChange(d, status, now() - started)
      }
    }

    const pending = domains.filter((d) => !isAcmSettled(d.acmStatus, d.acmStatusReason ?? null)).map((d) => d.hostname)
    const failed = domains.filter((d) => d.acmStatus === 'failed').map((d) => d.hostname)
    const elapsed = now() - started
    const outcome = {failed, pending, seconds: Math.round(elapsed / 100) / 10}
    if (pending.length === 0) return {...outcome, done: true, timedOut: false}
    if (elapsed >= options.timeoutMs) return {...outcome, done: false, timedOut: true}
    await sleep(Math.min(options.intervalMs(poll), options.timeoutMs - elapsed))
  }
}
