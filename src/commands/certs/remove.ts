import {ux} from '@oclif/core/ux'

import {confirmFlag, endpointSelectorFlags, platformFlags} from '../../flags/platform-flags.js'
import {resolveSniEndpoint} from '../../lib/certs/resolve-endpoint.js'
import type {SniEndpoint} from '../../platform/models.js'
import {PlatformCommand} from '../../platform-command.js'
import {confirmDestructive} from '../../prompts/confirm-destructive.js'

export default class CertsRemove extends PlatformCommand {
  static override description = `Removes an SSL certificate. Its domains stay on the app without a certificate, so HTTPS stops for them.
Needs --confirm APP when there is no terminal (exit 9 otherwise; nothing changes).`

  static override examples = ['<%= config.bin %> <%= command.id %> --app example-app --name tyrannosaurus-12345 --confirm example-app']

  static override flags = {...platformFlags, ...endpointSelectorFlags, ...confirmFlag}

  static override summary = 'remove an SSL certificate from an app'

  async run(): Promise<SniEndpoint> {
    const {flags} = await this.parse(CertsRemove)
    const platform = await this.platformClient(flags)
    const endpoint = await resolveSniEndpoint(platform, flags.app, flags)
    await confirmDestructive({app: flags.app, command: 'certs:remove', confirm: flags.confirm, json: this.jsonEnabled(), rerun: this.rerunWith('--confirm', flags.app), warn: (l) => this.logToStderr(l), warning: ['Destructive Action - you cannot roll back this change.', `This command will remove the endpoint ${endpoint.name} from ${flags.app}.`]})
    ux.action.start(`Removing SSL certificate ${endpoint.name} from ${flags.app}`)
    const removed = await platform.deleteSniEndpoint(flags.app, endpoint.name)
    ux.action.stop()
    if (removed.domains.length > 0) {
      this.log(`These domains no longer have a certificate, so HTTPS stops for them: ${removed.domains.join(', ')}.`)
    }

    return removed
  }
}
