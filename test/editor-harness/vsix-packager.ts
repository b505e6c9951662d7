/**
 * Packages an extension folder into a .vsix with @vscode/vsce (a devDependency of the project), offline:
 * no dependency listing through npm, and any accidental network access hits a dead loopback proxy.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);

function vsceBin(): string {
    const packageJson = require.resolve('@vscode/vsce/package.json');
    return join(dirname(packageJson), 'vsce');
}

export interface PackageResult {
    vsixPath: string;
    durationMs: number;
}

/**
 * `vsce package --no-dependencies` in `extensionDir`, writing `<outDir>/<name>.vsix`. Extensions that
 * bundle their runtime (esbuild) need no node_modules inside the .vsix, which is what --no-dependencies means.
 */
export function packageExtension(extensionDir: string, outDir: string, fileName = 'extension.vsix'): PackageResult {
    mkdirSync(outDir, { recursive: true });
    const vsixPath = resolve(outDir, fileName);
    const started = Date.now();
    const result = spawnSync(
        process.execPath,
        [vsceBin(), 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsixPath],
        {
            cwd: extensionDir,
            encoding: 'utf8',
            timeout: 120_000,
            env: {
                ...process.env,
                HTTP_PROXY: 'http://127.0.0.1:9',
                HTTPS_PROXY: 'http://127.0.0.1:9',
                npm_config_offline: 'true'
            }
        }
    );
    if (result.status !== 0 || !existsSync(vsixPath)) {
        throw new Error(`vsce package failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
    }
    return { vsixPath, durationMs: Date.now() - started };
}
