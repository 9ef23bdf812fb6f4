import type {SniEndpoint} from '../../platform/models.js'
import type {PlatformClient} from '../../platform/platform-client.js'
import {quoteForShell} from '../cli-command.js'
import {toSniError} from '../sni-error.js'

/** The outcome for one hostname, printed as a per-domain result and returned in --json. */
export interface AssociationResult {
  hostname: string
  ok: boolean
  /** DNS target to point the hostname at (CNAME, or ALIAS/ANAME at the apex). */
  cname: string | null
  error?: string
  /** The command that finishes this domain after a failure. */
  resume?: string
}

/**
 * Points each hostname at the endpoint, one after another, and never stops at the first failure:
 * every domain is attempted and reported, so a partial result can be resumed (exit 6 upstream).
 */
export async function associateDomains(
  platform: PlatformClient,
  app: string,
  endpointName: string,
  hostnames: string[],
  /** The CLI's name in the resume command: `sni`, or `heroku` when running as its plugin. */
  bin = 'sni',
): Promise<AssociationResult[]> {
  const results: AssociationResult[] = []
  for (const hostname of hostnames) {
    try {
      const domain = await platform.updateDomain(app, hostname, {sniEndpoint: endpointName})
      results.push({cname: domain.cname, hostname, ok: true})
    } catch (error) {
      results.push({
        cname: null,
        error: toSniError(error).message,
        hostname,
        ok: false,
        resume: `${bin} domains:update ${quoteForShell(hostname)} --cert ${endpointName} --app ${app}`,
      })
    }
  }

  return results
}

/** The endpoint as it stands after association (it was read before): its domains plus those just associated. */
export function withAssociatedDomains(endpoint: SniEndpoint, results: AssociationResult[]): SniEndpoint {
  const associated = results.filter((r) => r.ok).map((r) => r.hostname)
  return {...endpoint, domains: [...new Set([...endpoint.domains, ...associated])].sort()}
}
