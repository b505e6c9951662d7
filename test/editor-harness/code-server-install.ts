/**
 * Where the code-server installed by .ci/install-code-server.sh lives. It is kept outside the project's
 * node_modules (302 MB, native modules built for Node 20) in a per-user cache.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
/** VS Code version bundled in that code-server; extensions must accept it in `engines.vscode`. */
export const VSCODE_VERSION = '1.100.3';

export interface CodeServerInstall {
    /** The npm prefix holding node_modules/code-server. */
    prefix: string;
    /** code-server's Node entry point (run with process.execPath so no shell wrapper sits in between). */
    entry: string;
}

/**
 * Resolves the install from `BGPTOPO_CODE_SERVER_DIR`, else `${BGPTOPO_CACHE:-~/.cache/bgptopo}/code-server-4.100.3`.
 * Returns undefined when it is missing, so tests can skip with a pointer to the install script.
 */
export function findCodeServer(explicitPrefix?: string): CodeServerInstall | undefined {
    const cacheRoot = process.env.BGPTOPO_CACHE ?? join(homedir(), '.cache', 'bgptopo');
    const prefix =
        explicitPrefix ?? process.env.BGPTOPO_CODE_SERVER_DIR ?? join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
    const entry = join(prefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
    return existsSync(entry) ? { prefix, entry } : undefined;
}

export function requireCodeServer(explicitPrefix?: string): CodeServerInstall {
    const install = findCodeServer(explicitPrefix);
    if (!install) {
        throw new Error(
            `code-server ${CODE_SERVER_VERSION} is not installed; run .ci/install-code-server.sh ` +
                '(or point BGPTOPO_CODE_SERVER_DIR at its npm prefix)'
        );
    }
    return install;
}

/** Debian's Chromium; playwright-core never downloads a browser here. */
export const CHROMIUM_PATH = process.env.BGPTOPO_CHROMIUM ?? '/usr/bin/chromium';
