import type {Domain, SniEndpoint} from '../lib/models.js'
import type {PlatformClient} from '../platform/platform-client.js'
import {quoteForShell} from '../lib/cli-command.js'
import {toSniError} from '../lib/sni-error.js'
import type {StepJournal} from '../lib/step-journal.js'
import type {AssociationResult} from '../lib/domain-association.js'

/** The command that associates one domain later: printed to resume a failure or an interruption. */
export function resumeCommand(bin: string, hostname: string, endpointName: string, app: string): string {
  return `${bin} domains:update ${quoteForShell(hostname)} --cert ${quoteForShell(endpointName)} --app ${quoteForShell(app)}`
}

export const NONE_ASSOCIATED = 'no domain was associated'

/** `a.example.com, b.example.com were not associated with NAME`, for an interruption's account. */
export function describeNotAssociated(hostnames: string[], endpointName: string): string {
  const list =
    hostnames.length <= 3
      ? hostnames.join(', ')
      : `${hostnames.slice(0, 3).join(', ')} and ${hostnames.length - 3} more`
  return `${list} ${hostnames.length === 1 ? 'was' : 'were'} not associated with ${endpointName}`
}

/**
 * Points each hostname at the endpoint, one after another, and never stops at the first failure:
 * every domain is attempted and reported, so a partial result can be resumed (exit 6 upstream).
 * With a journal, each request is a step and the domains still to do stay in its account, so an
 * interruption at any moment says which are done and how to finish the others.
 */
export async function associateDomains(
  platform: PlatformClient,
  app: string,
  endpointName: string,
  hostnames: string[],
  /** The CLI's name in the resume command: `sni`, or `heroku` when running as its plugin. */
  bin = 'sni',
  journal?: StepJournal,
): Promise<AssociationResult[]> {
  const resume = (hostname: string): string => resumeCommand(bin, hostname, endpointName, app)
  const results: AssociationResult[] = []
  for (const [index, hostname] of hostnames.entries()) {
    // While this one is in flight its outcome is unknown (the step says so); the others are not done.
    const later = [...results.filter((r) => !r.ok).map((r) => r.hostname), ...hostnames.slice(index + 1)]
    journal?.remaining(
      later.length > 0 ? [describeNotAssociated(later, endpointName)] : [],
      [hostname, ...later].map((h) => resume(h)),
    )
    const update = (): Promise<Domain> => platform.updateDomain(app, hostname, {sniEndpoint: endpointName})
    try {
      const domain = journal
        ? await journal.step(
            `${hostname} may or may not have been associated with ${endpointName}; check with \`${bin} domains:info ${quoteForShell(hostname)} --app ${quoteForShell(app)}\``,
            update,
          )
        : await update()
      journal?.done(`${hostname} was associated with ${endpointName}`)
      results.push({cname: domain.cname, domainId: domain.id, hostname, ok: true})
    } catch (error) {
      results.push({
        cname: null,
        error: toSniError(error).message,
        hostname,
        ok: false,
        resume: resume(hostname),
      })
    }
  }

  const failed = results.filter((r) => !r.ok).map((r) => r.hostname)
  journal?.remaining(
    failed.length > 0 ? [describeNotAssociated(failed, endpointName)] : [],
    failed.map((h) => resume(h)),
  )
  return results
}

/** The endpoint as it stands after association (it was read before): its domain ids plus those just associated. */
export function withAssociatedDomains(endpoint: SniEndpoint, results: AssociationResult[]): SniEndpoint {
  const associated = results.filter((r) => r.ok && r.domainId !== undefined).map((r) => r.domainId as string)
  return {...endpoint, domainIds: [...new Set([...endpoint.domainIds, ...associated])]}
}
