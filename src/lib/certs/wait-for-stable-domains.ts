import {ExitCode} from '../exit-codes.js'
import {SniError} from '../sni-error.js'
import type {Domain} from '../../platform/models.js'
import type {PlatformClient} from '../../platform/platform-client.js'

export interface WaitOptions {
  attempts?: number
  intervalMs?: number
  sleep?: (ms: number) => Promise<void>
}

const defaultSleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms)
  })

/**
 * Heroku gives a new custom domain its DNS target (cname) a moment after creation, so after adding
 * a certificate the Heroku CLI polls the domain list once a second, 30 times at most. Same here.
 * On time-out the endpoint already exists: exit 6 with the way to finish.
 */
export async function waitForStableDomains(platform: PlatformClient, app: string, endpointName: string, options: WaitOptions = {}): Promise<Domain[]> {
  const attempts = options.attempts ?? 30
  const sleep = options.sleep ?? defaultSleep
  for (let attempt = 1; ; attempt++) {
    const domains = await platform.listDomains(app)
    if (!domains.some((d) => d.kind === 'custom' && d.cname === null)) return domains
    if (attempt >= attempts) {
      throw new SniError(`Certificate ${endpointName} was added to ${app}, but its domains were not ready in time.`, {
        code: 'DOMAINS_NOT_STABLE',
        exit: ExitCode.partial,
        hint: `Associate domains later with: sni domains:update HOSTNAME --cert ${endpointName} --app ${app}`,
      })
    }

    await sleep(options.intervalMs ?? 1000)
  }
}
