import {normalizeHostname} from '../lib/hostname/normalize-hostname.js'
import type {PlatformClient} from '../platform/platform-client.js'

/**
 * For each requested hostname that is not among the app's `known` domains: the app that has it,
 * null when no app does, undefined when the platform cannot tell. One lookup per such hostname, and
 * none at all in the usual case where every requested domain is the app's.
 */
export async function findDomainOwners(
  platform: PlatformClient,
  requested: string[],
  known: Set<string>,
): Promise<Map<string, string | null | undefined>> {
  const owners = new Map<string, string | null | undefined>()
  for (const raw of requested) {
    let hostname: string
    try {
      hostname = normalizeHostname(raw, {allowWildcard: true}).ascii
    } catch {
      continue // planAssociation refuses it with its own message
    }

    if (known.has(hostname) || owners.has(hostname)) continue
    owners.set(hostname, platform.findDomainOwner ? await platform.findDomainOwner(hostname) : undefined)
  }

  return owners
}
