import {certificateCovers} from '../hostname/match-hostname.js'
import type {Domain} from '../models.js'

/** The app's custom domains a certificate covers (RFC 6125 matching, anchored; never Heroku's loose regex). */
export function findMatchingDomains(certDomains: string[], domains: Domain[]): Domain[] {
  return domains.filter((d) => d.kind === 'custom' && certificateCovers(certDomains, d.hostname))
}
