// Builds and starts the image the way the Dockerfile says, without a Docker daemon (CI has none):
// each stage's WORKDIR becomes a temporary directory, COPY copies from the repository (or from an
// earlier stage), RUN runs there with /app read as that directory, ENV and USER apply to the
// command; then CMD is started as an unprivileged user and the HEALTHCHECK command is run until
// it passes, and the server must stop cleanly on SIGTERM. It reads the Dockerfile itself, so the
// two cannot drift apart. Only the instructions our Dockerfile uses are understood.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const repo = path.resolve(import.meta.dirname, '..')
const port = process.env.CHECK_IMAGE_PORT ?? '3987'
const root = mkdtempSync(path.join(tmpdir(), 'bidscreen-image-'))
// The unprivileged user must reach the image's files, as it can in a container.
chmodSync(root, 0o755)
const stages = new Map()
let stage

function log(line) {
  console.log(`check-image: ${line}`)
}

function instructions(dockerfile) {
  return dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [, keyword, rest] = /^(\w+)\s+(.*)$/.exec(line)
      return { keyword: keyword.toUpperCase(), rest }
    })
}

function parseEnv(rest) {
  return Object.fromEntries([...rest.matchAll(/(\w+)=("[^"]*"|\S+)/g)].map(([, k, v]) => [k, v.replace(/^"|"$/g, '')]))
}

// The user the image runs as; here, any unprivileged account stands in for it.
const unprivileged = spawnSync('id', ['-u', 'node']).status === 0 ? 'node' : 'nobody'

try {
  for (const { keyword, rest } of instructions(readFileSync(path.join(repo, 'Dockerfile'), 'utf8'))) {
    if (keyword === 'FROM') {
      const name = /\bAS\s+(\S+)/i.exec(rest)?.[1] ?? `stage${stages.size}`
      stage = { name, dir: path.join(root, name), env: {}, user: undefined, cmd: undefined, healthcheck: undefined }
      stages.set(name, stage)
      mkdirSync(stage.dir)
      log(`stage ${name} (${rest.split(/\s/)[0]})`)
    } else if (keyword === 'WORKDIR') {
      if (rest !== '/app') throw new Error(`WORKDIR ${rest}: only /app is understood`)
    } else if (keyword === 'ENV') {
      Object.assign(stage.env, parseEnv(rest))
    } else if (keyword === 'COPY') {
      const from = /--from=(\S+)/.exec(rest)?.[1]
      const parts = rest.replace(/--from=\S+\s*/, '').split(/\s+/)
      const destination = parts.pop()
      for (const source of parts) {
        const origin = from ? path.join(stages.get(from).dir, source.replace(/^\/app\/?/, '')) : path.join(repo, source)
        const target = destination.endsWith('/') ? path.join(stage.dir, destination, path.basename(source)) : path.join(stage.dir, destination)
        cpSync(origin, target, { recursive: true })
      }
    } else if (keyword === 'RUN') {
      // The image's npm cache is throw-away; this machine's is not, so it is left alone here.
      const command = rest
        .replaceAll('/app', stage.dir)
        .replace(/chown node:node/g, `chown ${unprivileged}:`)
        .replace(/npm cache clean --force/g, 'true')
      log(`RUN ${rest}`)
      execFileSync('sh', ['-c', command], { cwd: stage.dir, stdio: 'inherit', env: { ...process.env, ...stage.env } })
    } else if (keyword === 'USER') {
      stage.user = rest
    } else if (keyword === 'CMD') {
      stage.cmd = JSON.parse(rest)
    } else if (keyword === 'HEALTHCHECK') {
      stage.healthcheck = JSON.parse(rest.replace(/^.*?CMD\s+/, ''))
    } else if (keyword !== 'EXPOSE') {
      throw new Error(`${keyword}: not understood by this check`)
    }
  }

  const runtime = stage
  if (!runtime.cmd || !runtime.healthcheck || runtime.user !== 'node') throw new Error('the last stage needs CMD, HEALTHCHECK and USER node')
  const dataDir = runtime.env.DATA_DIR?.replaceAll('/app', runtime.dir)
  const env = {
    PATH: process.env.PATH,
    HOME: tmpdir(),
    ...runtime.env,
    HOST: '127.0.0.1',
    PORT: port,
    DATA_DIR: dataDir,
    JWT_SECRET: 'a-secret-for-the-image-check-of-32-characters-or-more',
  }
  const asUser = ['setpriv', `--reuid=${unprivileged}`, `--regid=${unprivileged === 'node' ? 'node' : 'nogroup'}`, '--clear-groups']
  log(`CMD ${runtime.cmd.join(' ')} as ${unprivileged}`)
  const server = spawn(asUser[0], [...asUser.slice(1), ...runtime.cmd], { cwd: runtime.dir, env, stdio: ['ignore', 'ignore', 'inherit'] })
  const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })))

  let healthy = false
  for (let attempt = 0; attempt < 120 && !healthy; attempt++) {
    healthy = spawnSync(runtime.healthcheck[0], runtime.healthcheck.slice(1), { env, cwd: runtime.dir }).status === 0
    if (!healthy) await new Promise((resolve) => setTimeout(resolve, 500))
  }
  if (!healthy) {
    server.kill('SIGKILL')
    throw new Error('HEALTHCHECK never passed')
  }
  log('HEALTHCHECK passes')
  const ready = await fetch(`http://127.0.0.1:${port}/health/ready`)
  if (!ready.ok) throw new Error(`/health/ready answered ${ready.status}`)
  log('/health/ready answers 200 (the embedded database migrated in the data directory, written by an unprivileged user)')
  server.kill('SIGTERM')
  const { code, signal } = await exited
  if (code !== 0) throw new Error(`after SIGTERM the server exited with ${code ?? signal}`)
  log('SIGTERM: the server stopped cleanly (exit code 0)')
} finally {
  rmSync(root, { recursive: true, force: true })
}
