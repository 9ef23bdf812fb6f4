import * as Flags from '@oclif/core/flags'
import {ux} from '@oclif/core/ux'

import {hostnameArg} from '../../flags/hostname-arg.js'
import {platformFlags} from '../../flags/platform-flags.js'
import {cliCommand} from '../../lib/cli-command.js'
import {certificateCovers} from '../../lib/hostname/match-hostname.js'
import {normalizeHostname} from '../../lib/hostname/normalize-hostname.js'
import {inputError} from '../../lib/sni-error.js'
import type {Domain} from '../../platform/models.js'
import {PlatformCommand} from '../../platform-command.js'

export default class DomainsAdd extends PlatformCommand {
  static override args = hostnameArg

  static override description = 'Adds a custom domain to an app and prints the DNS target to point it at. With --cert, also associates an SSL certificate that covers it.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> www.example.com --app example-app',
    '<%= config.bin %> <%= command.id %> www.example.com --app example-app --cert tyrannosaurus-12345 --json',
  ]

  static override flags = {...platformFlags, cert: Flags.string({char: 'c', description: 'name or id of an SSL certificate to associate with the domain'})}

  static override summary = 'add a domain to an app'

  async run(): Promise<Domain> {
    const {args, flags} = await this.parse(DomainsAdd)
    const hostname = normalizeHostname(args.hostname, {allowWildcard: true, argName: 'HOSTNAME'}).ascii
    const platform = await this.platformClient(flags)
    if (flags.cert !== undefined) {
      const endpoint = await platform.getSniEndpoint(flags.app, flags.cert)
      const names = endpoint.sslCert?.certDomains ?? []
      if (!certificateCovers(names, hostname)) {
        throw inputError(`Certificate ${endpoint.name} does not cover ${hostname} (it covers ${names.join(', ') || 'no hostname'}).`, 'DOMAIN_NOT_COVERED', 'Add the domain without --cert, or choose a certificate that covers it; nothing was changed.')
      }
    }

    ux.action.start(`Adding ${hostname} to ${flags.app}`)
    const domain = await platform.addDomain(flags.app, {hostname, sniEndpoint: flags.cert ?? null})
    ux.action.stop()
    this.log(`Configure your app's DNS provider to point to the DNS Target ${domain.cname ?? `(pending: see \`${cliCommand('domains:info', hostname, '--app', flags.app)}\`)`}.`)
    return domain
  }
}
