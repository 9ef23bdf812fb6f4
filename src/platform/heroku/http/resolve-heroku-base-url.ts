export function resolveHerokuBaseUrl(_env: NodeJS.ProcessEnv): URL {
  return new URL('https://api.heroku.com')
}
