// Runs in: main, CLI, headless server.
// Production Dockerfiles Pier writes for a source without one. The stack is detected on the
// server, after the fetch (remote-scripts/lib/detect-stack.sh), so the laptop renders one file
// per stack and the deploy job picks the one that fits. Base images: the app's baseImage, else
// PIER_BASE_IMAGE_<STACK> in this laptop's environment (how the tests use local images), else
// the defaults below.

export const STACKS = ['node', 'python', 'go', 'php', 'static'] as const
export type Stack = (typeof STACKS)[number]

/** The images each stack builds from; GO_RUNTIME and PHP_COMPOSER are the second stages. */
export const DEFAULT_BASES = {
  NODE: 'node:22-bookworm-slim',
  PYTHON: 'python:3.12-slim',
  GO: 'golang:1.23-bookworm',
  GO_RUNTIME: 'gcr.io/distroless/static-debian12',
  PHP: 'php:8.3-apache',
  PHP_COMPOSER: 'composer:2',
  STATIC: 'nginx:1.27-alpine'
} as const
export type BaseName = keyof typeof DEFAULT_BASES

export type Bases = Record<BaseName, string>

/** Env names read: PIER_BASE_IMAGE_NODE, PIER_BASE_IMAGE_GO_RUNTIME, … */
export const baseEnvName = (b: BaseName): string => `PIER_BASE_IMAGE_${b}`

const MAIN: Record<Stack, BaseName> = {
  node: 'NODE',
  python: 'PYTHON',
  go: 'GO',
  php: 'PHP',
  static: 'STATIC'
}

/**
 * The base images for one app. `override` (the app's baseImage) replaces the main image of
 * whichever stack is detected; image references from the environment are used as given (Docker
 * checks them when it builds).
 */
export function resolveBases(
  override: string | null,
  env: Readonly<Record<string, string | undefined>>
): Record<Stack, Bases> {
  const fromEnv = Object.fromEntries(
    (Object.keys(DEFAULT_BASES) as BaseName[]).map((b) => {
      const v = env[baseEnvName(b)]?.trim()
      return [b, v && /^[\x21-\x7e]+$/.test(v) ? v : DEFAULT_BASES[b]]
    })
  ) as Bases
  return Object.fromEntries(
    STACKS.map((s) => [s, override ? { ...fromEnv, [MAIN[s]]: override } : fromEnv])
  ) as Record<Stack, Bases>
}

// A Procfile's web line is the conventional start command; the rest are common entry points.
const PYTHON_START = [
  'if [ -f Procfile ] && grep -q "^web:" Procfile; then exec sh -c "$(sed -n "s/^web:[[:space:]]*//p" Procfile | head -n 1)";',
  'elif [ -f manage.py ]; then exec python manage.py runserver "0.0.0.0:$PORT";',
  'elif [ -f main.py ]; then exec python main.py;',
  'else exec python app.py; fi'
].join(' ')

/** A base image that is nginx serves from its html folder; anything else with busybox httpd. */
const isNginx = (image: string): boolean => /(^|\/)nginx[^/:@]*(:|@|$)/.test(image)

export function renderDockerfile(stack: Stack, b: Bases): string {
  const lines = ((): string[] => {
    switch (stack) {
      case 'node':
        return [
          `FROM ${b.NODE}`,
          'WORKDIR /app',
          'COPY package*.json ./',
          'RUN if [ -f package-lock.json ] || [ -f npm-shrinkwrap.json ]; then npm ci; else npm install; fi',
          'COPY . .',
          'RUN npm run build --if-present && npm prune --omit=dev',
          'ENV NODE_ENV=production PORT=3000',
          'EXPOSE 3000',
          'CMD ["npm", "start"]'
        ]
      case 'python':
        return [
          `FROM ${b.PYTHON}`,
          'WORKDIR /app',
          'ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PORT=8000',
          'COPY . .',
          'RUN if [ -f requirements.txt ]; then pip install --no-cache-dir -r requirements.txt; elif [ -f pyproject.toml ]; then pip install --no-cache-dir .; fi',
          'EXPOSE 8000',
          `CMD ["sh", "-c", ${JSON.stringify(PYTHON_START)}]`
        ]
      case 'go':
        return [
          `FROM ${b.GO} AS build`,
          'WORKDIR /src',
          'COPY . .',
          'RUN go mod download && CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .',
          `FROM ${b.GO_RUNTIME}`,
          'COPY --from=build /out/app /app',
          'ENV PORT=8080',
          'EXPOSE 8080',
          'ENTRYPOINT ["/app"]'
        ]
      case 'php':
        return [
          `FROM ${b.PHP_COMPOSER} AS vendor`,
          'WORKDIR /app',
          'COPY . .',
          'RUN if [ -f composer.json ]; then composer install --no-dev --no-interaction --optimize-autoloader; fi',
          `FROM ${b.PHP}`,
          'COPY --from=vendor /app /var/www/html/',
          'EXPOSE 80'
        ]
      case 'static':
        // PIER_SITE_DIR is the folder holding index.html ("." or a build folder like dist).
        return isNginx(b.STATIC)
          ? [
              `FROM ${b.STATIC}`,
              'ARG PIER_SITE_DIR=.',
              'COPY ${PIER_SITE_DIR} /usr/share/nginx/html',
              'EXPOSE 80'
            ]
          : [
              `FROM ${b.STATIC}`,
              'ARG PIER_SITE_DIR=.',
              'COPY ${PIER_SITE_DIR} /site',
              'EXPOSE 80',
              'CMD ["httpd", "-f", "-p", "80", "-h", "/site"]'
            ]
    }
  })()
  return `# Written by Pier for a ${stack} source without a Dockerfile.\n${lines.join('\n')}\n`
}

/** One Dockerfile per stack, in STACKS order, for the deploy job to choose from. */
export function stackDockerfiles(
  override: string | null,
  env: Readonly<Record<string, string | undefined>>
): string[] {
  const bases = resolveBases(override, env)
  return STACKS.map((s) => renderDockerfile(s, bases[s]))
}
