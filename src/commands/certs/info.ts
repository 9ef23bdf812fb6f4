import * as Flags from '@oclif/core/flags'
import {ux} from '@oclif/core/ux'

import {PlatformCommand} from '../../platform-command.js'
import {endpointSelectorFlags, platformFlags} from '../../flags/platform-flags.js'
import {resolveSniEndpoint} from '../../services/resolve-endpoint.js'
import {renderRenewalLine} from '../../lib/display/acm-report.js'
import {renderCertificateDetails} from '../../lib/display/certificate-details.js'
import {type SniEndpointJson, toSniEndpointJson} from '../../lib/display/sni-endpoint-json.js'
import {acmRenewalAt} from '../../lib/display/acm-status-view.js'

export default class CertsInfo extends PlatformCommand {
  static override description = `Shows the details of one SSL certificate, as Heroku does. With --show-domains, also the domains associated with it, by hostname (on Heroku one request per domain, as Heroku's CLI does; without the flag none).`

  static override examples = [
    '<%= config.bin %> <%= command.id %> --app example-app',
    '<%= config.bin %> <%= command.id %> --app example-app --name tyrannosaurus-12345 --show-domains --json',
  ]

  static override flags = {
    ...platformFlags,
    ...endpointSelectorFlags,
    'show-domains': Flags.boolean({description: 'show associated domains'}),
  }

  static override summary = 'show certificate information for an SSL certificate'

  async run(): Promise<SniEndpointJson> {
    const {flags} = await this.parse(CertsInfo)
    const platform = await this.platformClient()
    const endpoint = await resolveSniEndpoint(platform, flags.app, flags)
    // Heroku fetches the endpoint it just listed again under this spinner; sni already has it.
    ux.action.start(`Fetching SSL certificate ${endpoint.name} info for ${flags.app}`)
    ux.action.stop()
    let hostnames: string[] | undefined
    if (flags['show-domains']) {
      ux.action.start(`Fetching domains for ${endpoint.name}`)
      hostnames = (await platform.getDomainsById(flags.app, endpoint.domainIds)).map((d) => d.hostname)
      ux.action.stop()
    }

    // Heroku's ACM renewal line comes first, with a blank line after it.
    const renewal = endpoint.sslCert?.acm
      ? renderRenewalLine(acmRenewalAt(platform.kind, endpoint.sslCert)?.toISOString() ?? null, new Date())
      : undefined
    if (renewal) this.log(renewal)
    this.log(
      renderCertificateDetails(endpoint.sslCert ?? {caSigned: false, certDomains: []}, {
        domains: hostnames,
        name: endpoint.name,
      }),
    )
    return toSniEndpointJson(endpoint, {domainHostnames: hostnames})
  }
}
