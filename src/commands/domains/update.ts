import * as Flags from '@oclif/core/flags'
import {ux} from '@oclif/core/ux'

import {domainHostname, hostnameArg} from '../../flags/domain-flags.js'
import {platformFlags} from '../../flags/platform-flags.js'
import {assertEndpointCovers} from '../../lib/domain-association.js'
import {type DomainJson, toDomainJson} from '../../lib/display/domain-json.js'
import {PlatformCommand} from '../../platform-command.js'

export default class DomainsUpdate extends PlatformCommand {
  static override args = hostnameArg

  static override description =
    'Associates a domain with an SSL certificate. Refuses (exit 3) a certificate that does not cover the hostname, so a domain is never served a mismatched certificate.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> www.example.com --cert tyrannosaurus-12345 --app example-app',
  ]

  static override flags = {
    ...platformFlags,
    cert: Flags.string({
      description: 'the name or id of the certificate you want to use for this domain',
      required: true,
    }),
  }

  static override summary = 'update a domain to use a different SSL certificate'

  async run(): Promise<DomainJson> {
    const {args, flags} = await this.parse(DomainsUpdate)
    const hostname = domainHostname(args.hostname)
    const platform = await this.platformClient()
    // Our coverage check needs the certificate's names: one GET, then Heroku's PATCH; nothing else is read.
    const endpoint = await platform.getSniEndpoint(flags.app, flags.cert)
    assertEndpointCovers(
      endpoint,
      hostname,
      'Choose a certificate whose names include this domain; nothing was changed.',
    )

    ux.action.start(`Updating ${hostname} to use ${endpoint.name} certificate`)
    const domain = await this.change(
      platform,
      {
        check: ['domains:info', hostname, '--app', flags.app],
        done: `${hostname} was associated with ${endpoint.name}`,
        what: `the association of ${hostname} with ${endpoint.name}`,
      },
      () => platform.updateDomain(flags.app, hostname, {sniEndpoint: endpoint.name}),
    )
    ux.action.stop()
    return toDomainJson(domain)
  }
}
