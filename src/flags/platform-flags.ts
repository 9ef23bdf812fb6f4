import * as Flags from '@oclif/core/flags'

/** `-a/--app` (env HEROKU_APP, as in the Heroku CLI) and `--platform` on every platform command. */
export const platformFlags = {
  app: Flags.string({char: 'a', description: 'app to run command against', env: 'HEROKU_APP', required: true}),
  platform: Flags.string({
    description: 'platform to talk to: local (embedded, the default of the standalone sni) or heroku (env: SNI_PLATFORM)',
    options: ['heroku', 'local'],
  }),
}

/** Heroku's endpoint selectors, shared by certs:info, certs:update and certs:remove. */
export const endpointSelectorFlags = {
  endpoint: Flags.string({description: 'custom domain the SSL certificate is associated with', exclusive: ['name']}),
  name: Flags.string({description: 'name of the SSL certificate', exclusive: ['endpoint']}),
}

/** `--confirm APP`: visible (Heroku hides it), required for destructive commands outside a terminal. */
export const confirmFlag = {
  confirm: Flags.string({description: 'confirm the destructive action by repeating the app name (required without a terminal)'}),
}

/** `-j/--json` where Heroku has it (domains, domains:add): our global --json, with Heroku's short form. */
export const shortJsonFlag = {
  json: Flags.boolean({char: 'j', description: 'output in json format'}),
}
