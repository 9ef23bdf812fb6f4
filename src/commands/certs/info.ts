import * as Flags from '@oclif/core/flags'
import {ux} from '@oclif/core/ux'

import {PlatformCommand} from '../../platform-command.js'
import {endpointSelectorFlags, platformFlags} from '../../flags/platform-flags.js'
import {resolveSniEndpoint} from '../../lib/certs/resolve-endpoint.js'
import {renderCertificateDetails} from '../../lib/display/certificate-details.js'
import type {SniEndpoint} from '../../platform/models.js'

export default class CertsInfo extends PlatformCommand {
  static override description = 'Shows the details of one SSL certificate, with the domains associated with it listed by name.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> --app example-app',
    '<%= config.bin %> <%= command.id %> --app example-app --name tyrannosaurus-12345 --json',
  ]

  static override flags = {
    ...platformFlags,
    ...endpointSelectorFlags,
    'show-domains': Flags.boolean({description: 'accepted for Heroku compatibility; associated domains are always shown'}),
  }

  static override summary = 'show certificate information for an SSL certificate'

  async run(): Promise<SniEndpoint> {
    const {flags} = await this.parse(CertsInfo)
    const platform = await this.platformClient(flags)
    ux.action.start(`Fetching SSL certificate info for ${flags.app}`)
    const endpoint = await resolveSniEndpoint(platform, flags.app, flags)
    ux.action.stop()
    this.log(renderCertificateDetails(endpoint.sslCert ?? {caSigned: false, certDomains: []}, {domains: endpoint.domains, name: endpoint.name}))
    return endpoint
  }
}
