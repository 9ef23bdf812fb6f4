import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

/** HOSTNAME argument of the domains commands; normalised and validated by normalizeHostname before use. */
export const hostnameArg = {
  hostname: Args.string({description: 'domain name (Unicode names are converted to their A-label)', ignoreStdin: true, required: true}),
}

/** The bound of domains:wait and domains:add --wait (Heroku's waits have none). */
export const waitFlags = {
  timeout: Flags.integer({default: 600, description: 'seconds to wait at most before giving up (exit 7)', max: 86_400, min: 0}),
}
