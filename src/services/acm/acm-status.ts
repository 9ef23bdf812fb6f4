import {type AcmStatusResult, buildAcmStatus} from '../../lib/display/acm-status-view.js'
import type {SniEndpoint} from '../../lib/models.js'
import type {PlatformClient} from '../../platform/platform-client.js'
import {SniError} from '../../lib/sni-error.js'

/** Heroku's three reads (app, endpoints, domains), at once; domains only when ACM is on. */
export async function readAcmStatus(
  platform: PlatformClient,
  app: string,
): Promise<{endpoints: SniEndpoint[]; status: AcmStatusResult}> {
  const [acm, endpoints] = await Promise.all([platform.getAcm(app), platform.listSniEndpoints(app)])
  const domains = acm.enabled ? await platform.listDomains(app) : []
  return {endpoints, status: buildAcmStatus(platform.kind, app, acm, endpoints, domains)}
}

/** Whether ACM is on; an app that does not exist (yet, on the local platform) has it off. */
export async function isAcmEnabled(platform: PlatformClient, app: string): Promise<boolean> {
  try {
    return (await platform.getAcm(app)).enabled
  } catch (error) {
    if (error instanceof SniError && error.code === 'not_found') return false
    throw error
  }
}
