import {createPlatformClient} from '../../../src/platform/create-platform-client.js'
import {FAKE_TOKEN, FakeHerokuApi} from '../../helpers/fake-heroku-api.js'
import {runPlatformContract} from '../contract.js'

// The shared contract, through the real stack: createPlatformClient('heroku') -> HerokuPlatformClient ->
// HerokuHttpClient -> loopback HTTP -> the fake API. Pages of 2 items, so every listing is paginated.
runPlatformContract('heroku (fake API over loopback HTTP)', async () => {
  const api = await FakeHerokuApi.start({pageSize: 2})
  const client = await createPlatformClient('heroku', {env: {HEROKU_API_KEY: FAKE_TOKEN, HEROKU_HOST: api.url}})
  return {
    client,
    async teardown() {
      client.close()
      await api.close()
    },
  }
})
