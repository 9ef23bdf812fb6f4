import {ux} from '@oclif/core/ux'

import {confirmFlag, endpointSelectorFlags, platformFlags} from '../../flags/platform-flags.js'
import {resolveSniEndpoint} from '../../services/resolve-endpoint.js'
import {cliCommand} from '../../lib/cli-command.js'
import {type SniEndpointJson, toSniEndpointJson} from '../../lib/display/sni-endpoint-json.js'
import {PlatformCommand} from '../../platform-command.js'
import {confirmDestructive} from '../../prompts/confirm-destructive.js'

export default class CertsRemove extends PlatformCommand {
  static override description = `Removes an SSL certificate. Its domains stay on the app without a certificate, so HTTPS stops for them.
Needs --confirm APP when there is no terminal (exit 9 otherwise; nothing changes).`

  static override examples = [
    '<%= config.bin %> <%= command.id %> --app example-app --name tyrannosaurus-12345 --confirm example-app',
  ]

  static override flags = {...platformFlags, ...endpointSelectorFlags, ...confirmFlag}

  static override summary = 'remove an SSL certificate from an app'

  async run(): Promise<SniEndpointJson> {
    const {flags} = await this.parse(CertsRemove)
    const platform = await this.platformClient()
    const endpoint = await resolveSniEndpoint(platform, flags.app, flags)
    await confirmDestructive({
      app: flags.app,
      command: 'certs:remove',
      confirm: flags.confirm,
      json: this.jsonEnabled(),
      rerun: this.rerunWith('--confirm', flags.app),
      warn: (l) => this.logToStderr(l),
      warning: [
        'Destructive Action - you cannot roll back this change.',
        `This command will remove the endpoint ${endpoint.name} from ${flags.app}.`,
      ],
    })
    ux.action.start(`Removing SSL certificate ${endpoint.name} from ${flags.app}`)
    const removed = await this.change(
      platform,
      {
        check: ['certs', '--app', flags.app],
        done: `${endpoint.name} was removed from ${flags.app}`,
        what: `the removal of ${endpoint.name} from ${flags.app}`,
      },
      () => platform.deleteSniEndpoint(flags.app, endpoint.name),
    )
    ux.action.stop()
    if (removed.domainIds.length === 0) return toSniEndpointJson(removed, {domainHostnames: []})
    // The domains stay on the app; naming them costs requests only when there are some.
    let hostnames: string[] | undefined
    try {
      hostnames = (await platform.getDomainsById(flags.app, removed.domainIds)).map((d) => d.hostname)
    } catch {
      // The removal is done: a failure to name the domains must not turn it into an error.
    }

    this.log(
      hostnames
        ? `These domains no longer have a certificate, so HTTPS stops for them: ${hostnames.join(', ')}.`
        : `${removed.domainIds.length} domain(s) no longer have a certificate, so HTTPS stops for them; list them with \`${cliCommand('domains', '--app', flags.app)}\`.`,
    )
    return toSniEndpointJson(removed, {domainHostnames: hostnames})
  }
}
