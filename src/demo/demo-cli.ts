// `npm run demo`: the service on the embedded database, in memory, filled with a fictional
// register and a handful of screenings (two hits, one alert); prints tokens and where to look.
import closeWithGrace from 'close-with-grace'
import { runCli } from '../cli.js'
import { loadConfig } from '../config.js'
import { runDemo } from './run-demo.js'

await runCli('demo', async (_config, log) => {
  // Nothing is kept: the demo's data lives in memory unless DATA_DIR says otherwise.
  const config = loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'warn', ...process.env, DATABASE_URL: '' })
  const demo = await runDemo(config)
  closeWithGrace({ delay: 10_000 }, async () => demo.app.close())
  const bands = demo.screenings.map((s) => `${s.reference} ${s.band}`).join(', ')
  log.info({ url: demo.url }, 'demo running')
  process.stdout.write(
    [
      `Bidscreen demo at ${demo.url} (embedded database, in memory; Ctrl-C to stop)`,
      '',
      `Officer console: ${demo.url}/console/`,
      `API documentation: ${demo.url}/docs`,
      '',
      `Screenings: ${bands}`,
      `Alert raised by the force's second upload: ${demo.alertId}`,
      '',
      `Officer token (Demoshire County Council):\n${demo.tokens.officer}`,
      '',
      `Police token (Demoshire Police):\n${demo.tokens.police}`,
      '',
      `E-procurement (screener) token:\n${demo.tokens.screener}`,
      '',
    ].join('\n'),
  )
})
