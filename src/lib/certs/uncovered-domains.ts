import {certificateCovers} from '../hostname/match-hostname.js'

/** Domains associated with an endpoint that a replacement certificate would no longer cover. */
export function findUncoveredDomains(associated: string[], newCertDomains: string[]): string[] {
  return associated.filter((hostname) => !certificateCovers(newCertDomains, hostname))
}
