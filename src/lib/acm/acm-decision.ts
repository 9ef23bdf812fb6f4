import type {SslCert} from '../models.js'
import {localRenewalAt} from './renewal-schedule.js'

/** What the ACM worker does next for a domain. */
export type AcmAction = 'issue' | 'none' | 'release' | 'renew'

export interface AcmDomainState {
  acmStatus: string | null
  /** ISO 8601; a failed attempt's backoff. */
  nextAttemptAt: string | null
  /** The certificate serving the domain, if any; `acm: false` is a manually uploaded one. */
  endpoint: {acm: boolean; sslCert: Pick<SslCert, 'expiresAt' | 'startsAt'>} | null
}

/**
 * The local platform's ACM rules for one domain of an ACM-enabled app, at `now`:
 * - a manual certificate replaces ACM for its domain (Heroku's rule): `release` once, then nothing;
 * - no certificate: `issue`, unless a failed attempt's backoff has not passed;
 * - an ACM certificate: `renew` once two thirds of its lifetime have passed (same backoff).
 */
export function decideAcmAction(state: AcmDomainState, now: Date): AcmAction {
  if (state.endpoint && !state.endpoint.acm) return state.acmStatus === null ? 'none' : 'release'
  if (state.nextAttemptAt !== null && Date.parse(state.nextAttemptAt) > now.getTime()) return 'none'
  if (!state.endpoint) return 'issue'
  const renewAt = localRenewalAt(state.endpoint.sslCert.startsAt, state.endpoint.sslCert.expiresAt)
  return renewAt === undefined || renewAt.getTime() <= now.getTime() ? 'renew' : 'none'
}

/**
 * When decideAcmAction may next give something other than 'none' for this state if the store does
 * not change: `now` when it already does, the end of a failure's backoff, the renewal time of an
 * ACM certificate; undefined when only a change in the store can (a manually uploaded certificate).
 * The ACM worker sleeps until the earliest of these, or until the store changes.
 */
export function nextAcmDecisionAt(state: AcmDomainState, now: Date): Date | undefined {
  if (decideAcmAction(state, now) !== 'none') return now
  if (state.endpoint && !state.endpoint.acm) return undefined
  const backoffEnds = state.nextAttemptAt === null ? Number.NaN : Date.parse(state.nextAttemptAt)
  if (backoffEnds > now.getTime()) return new Date(backoffEnds)
  return state.endpoint ? localRenewalAt(state.endpoint.sslCert.startsAt, state.endpoint.sslCert.expiresAt) : undefined
}
