/**
 * Guards against the fault of issue 11: the editor tooling must work on a machine where code-server has
 * never run. code-server's first run writes ~/.config/code-server/config.yaml and prints a line about it on
 * stdout before its version; the install script once took that line for the version and failed on every
 * fresh machine, while passing on developers' machines where the file already existed.
 *
 * Needs no code-server: a stub `code-server` that behaves like the real one on a first run stands in for it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { chromiumEnv } from './chromium-browser.js';
import { prepareScratch } from './code-server-process.js';
import { CODE_SERVER_VERSION } from './code-server-install.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const INSTALL_SCRIPT = join(ROOT, '.ci', 'install-code-server.sh');

/** Prints what code-server 4.100.3 prints on a machine where it never ran, and writes its config file. */
const FIRST_RUN_STUB = `#!/bin/sh
config="\${XDG_CONFIG_HOME:-$HOME/.config}/code-server"
if [ ! -f "$config/config.yaml" ]; then
  mkdir -p "$config" && printf 'bind-addr: 127.0.0.1:8080\\n' > "$config/config.yaml"
  echo "[2026-12-05T19:31:49.492Z] info  Wrote default config file to $config/config.yaml"
fi
echo "${CODE_SERVER_VERSION} 3c0b449c6e6e37b44a8a7938c0d8a3049926a64c with Code 1.100.3"
`;

/** Any attempt to install (apt, npm) fails at once, so a wrong version check fails fast instead of installing. */
const REFUSE = '#!/bin/sh\necho "stub: $0 must not run in this test" >&2\nexit 97\n';

let scratch: string | undefined;
afterEach(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    scratch = undefined;
});

describe('code-server on a machine where it never ran', () => {
    it('the install script recognises an installed code-server whose first run prints a config notice, and writes nothing into HOME', () => {
        scratch = mkdtempSync(join(tmpdir(), 'bgptopo-fresh-home-'));
        const home = join(scratch, 'home');
        const cache = join(scratch, 'cache');
        const binDir = join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin');
        const stubs = join(scratch, 'stubs');
        for (const dir of [home, binDir, stubs]) mkdirSync(dir, { recursive: true });
        writeFileSync(join(binDir, 'code-server'), FIRST_RUN_STUB);
        chmodSync(join(binDir, 'code-server'), 0o755);
        for (const tool of ['apt-get', 'npm', 'sudo']) {
            writeFileSync(join(stubs, tool), REFUSE);
            chmodSync(join(stubs, tool), 0o755);
        }

        const run = spawnSync('bash', [INSTALL_SCRIPT], {
            encoding: 'utf8',
            timeout: 30_000,
            env: {
                PATH: `${stubs}:${process.env.PATH ?? '/usr/bin:/bin'}`,
                HOME: home,
                BGPTOPO_CACHE: cache
            }
        });

        expect(run.stderr).toContain(`code-server ${CODE_SERVER_VERSION} already installed`);
        expect(run.status).toBe(0);
        expect(run.stdout.trim()).toBe(join(binDir, 'code-server'));
        // The version probe ran in a scratch HOME: the user's home stays as it was.
        expect(readdirSync(home)).toEqual([]);
    });

    it('a test code-server keeps HOME and every XDG folder inside its scratch directory', () => {
        scratch = mkdtempSync(join(tmpdir(), 'bgptopo-fresh-home-'));
        const layout = prepareScratch(scratch);
        for (const key of ['HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'TMPDIR']) {
            const value = layout.env[key];
            expect(value, key).toBeDefined();
            expect(value!.startsWith(scratch + '/'), `${key}=${value}`).toBe(true);
            expect(existsSync(value!), key).toBe(true);
        }
        expect(layout.userDataDir.startsWith(scratch + '/')).toBe(true);
        expect(layout.extensionsDir.startsWith(scratch + '/')).toBe(true);
    });

    it('Chromium gets a HOME and XDG folders beside its profile', () => {
        scratch = mkdtempSync(join(tmpdir(), 'bgptopo-fresh-home-'));
        const env = chromiumEnv(join(scratch, 'chromium-profile'));
        for (const key of ['HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME']) {
            expect(env[key]!.startsWith(join(scratch, 'chromium-profile-home')), `${key}=${env[key]}`).toBe(true);
            expect(existsSync(env[key]!), key).toBe(true);
        }
        expect(env.PATH).toBe(process.env.PATH);
    });
});
