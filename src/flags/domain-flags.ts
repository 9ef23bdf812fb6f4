import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {normalizeHostname} from '../lib/hostname/normalize-hostname.js'

/** HOSTNAME argument of the domains commands; normalised and validated by domainHostname before use. */
export const hostnameArg = {
  hostname: Args.string({
    description: 'domain name (Unicode names are converted to their A-label)',
    ignoreStdin: true,
    required: true,
  }),
}

/** The bound of domains:wait and domains:add --wait (Heroku's waits have none). */
export const waitFlags = {
  timeout: Flags.integer({
    default: 600,
    description: 'seconds to wait at most before giving up (exit 7)',
    max: 86_400,
    min: 0,
  }),
}

/** The HOSTNAME argument as the platforms name a domain: A-label, lower case, a leading `*.` allowed (exit 2 otherwise). */
export function domainHostname(input: string): string {
  return normalizeHostname(input, {allowWildcard: true, argName: 'HOSTNAME'}).ascii
}
