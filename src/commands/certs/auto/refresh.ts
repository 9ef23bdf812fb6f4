import {ux} from '@oclif/core/ux'

import {AcmCommand} from '../../../acm-command.js'
import {platformFlags} from '../../../flags/platform-flags.js'
import {type AcmStatusJson, toAcmStatusJson} from '../../../lib/display/acm-status-view.js'
import {cliCommand} from '../../../lib/cli-command.js'
import {refusedError} from '../../../lib/sni-error.js'
import {readAcmStatus} from '../../../services/acm/acm-status.js'

export default class CertsAutoRefresh extends AcmCommand {
  static override description =
    'Asks ACM to try again at once for domains that failed or are failing (after their DNS was fixed), without waiting for the next retry.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> --app example-app',
    '<%= config.bin %> <%= command.id %> --app example-app --json',
  ]

  static override flags = {...platformFlags}

  static override summary = 'refresh ACM for an app'

  async run(): Promise<AcmStatusJson> {
    const {flags} = await this.parse(CertsAutoRefresh)
    const platform = await this.platformClient()
    if (platform.kind === 'local' && !(await platform.getAcm(flags.app)).enabled) {
      throw refusedError(
        `Automated Certificate Management is not enabled on ${flags.app}.`,
        'ACM_NOT_ENABLED',
        `Enable it with \`${cliCommand('certs:auto:enable', '--app', flags.app)}\`.`,
      )
    }

    ux.action.start('Refreshing Automatic Certificate Management')
    await platform.refreshAcm(flags.app)
    ux.action.stop()
    return toAcmStatusJson((await readAcmStatus(platform, flags.app)).status)
  }
}
