import {type AcmStatusResult, buildAcmStatus} from '../../lib/acm/acm-status-view.js'
import type {SniEndpoint} from '../../platform/models.js'
import type {PlatformClient} from '../../platform/platform-client.js'

/** Heroku's three reads (app, endpoints, domains), at once; domains only when ACM is on. */
export async function readAcmStatus(platform: PlatformClient, app: string): Promise<{endpoints: SniEndpoint[]; status: AcmStatusResult}> {
  const [acm, endpoints] = await Promise.all([platform.getAcm(app), platform.listSniEndpoints(app)])
  const domains = acm.enabled ? await platform.listDomains(app) : []
  return {endpoints, status: buildAcmStatus(platform.kind, app, acm, endpoints, domains)}
}
