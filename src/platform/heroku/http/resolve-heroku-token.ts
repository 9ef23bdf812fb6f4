export async function resolveHerokuToken(env: NodeJS.ProcessEnv, _options?: {home?: string; warn?: (message: string) => void}): Promise<string> {
  return env.HEROKU_API_KEY ?? ''
}
