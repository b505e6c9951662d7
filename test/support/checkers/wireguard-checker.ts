/**
 * Checks a wg-quick style WireGuard config (/etc/wireguard/IF.conf) with `wg setconf`.
 *
 * `wg-quick strip` validates nothing, but `wg setconf IF FILE` parses the whole file before it
 * touches the device. So the wg-quick-only keys are stripped here (in TypeScript, no shell) and the
 * result is fed to `wg setconf <interface that does not exist>`: "Configuration parsing error" means
 * the file is invalid (wg names the first problem only); "Unable to modify interface" means it parsed
 * and only the device was missing — i.e. valid. The interface name is random and checked absent, so
 * no real interface is ever modified.
 *
 * Extra check done here because wg accepts it silently: ListenPort outside 0..65535 (wg wraps
 * 70000 to 4464). Not caught: duplicate AllowedIPs across peers (the prefix silently moves to the
 * last peer), keys that are well-formed but wrong.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CheckResult, skippedResult, toolResult } from './check-result.js';
import { missingPrerequisites, outputLines, resolveTool, runTool, withTempDir } from './checker-tools.js';

export const WIREGUARD_CHECKER_PREREQUISITES = ['wg'] as const;

const TOOL = 'wg setconf (parse check)';
/** Keys only wg-quick understands (wg-quick(8)); case-insensitive like wg-quick. */
const WG_QUICK_ONLY_KEYS = new Set(['address', 'dns', 'mtu', 'table', 'preup', 'predown', 'postup', 'postdown', 'saveconfig']);

/**
 * Removes wg-quick-only keys from the [Interface] section, keeping the line count (removed lines
 * become empty) so positions stay comparable with the input.
 */
export function stripWgQuickKeys(text: string): string {
    let section = '';
    return text
        .split(/\r?\n/)
        .map((line) => {
            const content = line.replace(/#.*$/, '').trim();
            const header = /^\[(\w+)\]$/.exec(content);
            if (header) {
                section = header[1].toLowerCase();
                return line;
            }
            const key = /^([A-Za-z]+)\s*=/.exec(content)?.[1]?.toLowerCase();
            return section === 'interface' && key && WG_QUICK_ONLY_KEYS.has(key) ? '' : line;
        })
        .join('\n');
}

export async function checkWireguardConfig(text: string, options: { timeoutMs?: number } = {}): Promise<CheckResult> {
    const missing = missingPrerequisites(WIREGUARD_CHECKER_PREREQUISITES);
    if (missing.length > 0) {
        return skippedResult(TOOL, `not installed: ${missing.join(', ')} (Debian: wireguard-tools)`);
    }
    const ownErrors = listenPortErrors(text);
    return withTempDir('wg', async (dir) => {
        const file = join(dir, 'wg.conf');
        await writeFile(file, stripWgQuickKeys(text));
        const ifname = absentInterfaceName();
        const run = await runTool(resolveTool('wg')!, ['setconf', ifname, file], { timeoutMs: options.timeoutMs });
        const lines = outputLines(run.stderr + '\n' + run.stdout);
        const parseError = lines.some((l) => l.includes('Configuration parsing error'));
        const parsed = !parseError && lines.some((l) => l.startsWith('Unable to modify interface'));
        const errors = [...ownErrors];
        if (run.failure) {
            errors.push(run.failure);
        } else if (parseError) {
            errors.push(...lines.filter((l) => !l.includes('Configuration parsing error')).map((l) => locate(l, text)));
        } else if (!parsed && run.exitCode !== 0) {
            errors.push(`wg setconf exited ${run.exitCode ?? run.signal} with an unexpected message: ${lines.join(' | ')}`);
        }
        return toolResult(TOOL, run, errors.length === 0, errors);
    });
}

function absentInterfaceName(): string {
    for (;;) {
        const name = `bgtwg${randomBytes(4).toString('hex')}`; // 13 chars, below IFNAMSIZ
        if (!existsSync(`/sys/class/net/${name}`)) {
            return name;
        }
    }
}

/** wg quotes the offending text as `...'; find the input line holding it (whitespace-insensitive). */
function locate(message: string, text: string): string {
    const quoted = /`([^']*)'/.exec(message)?.[1];
    if (!quoted) {
        return message;
    }
    const needle = quoted.replace(/\s+/g, '');
    const index = text.split(/\r?\n/).findIndex((line) => line.replace(/#.*$/, '').replace(/\s+/g, '').includes(needle));
    return index >= 0 ? `line ${index + 1}: ${message}` : message;
}

function listenPortErrors(text: string): string[] {
    return text.split(/\r?\n/).flatMap((line, index) => {
        const m = /^\s*ListenPort\s*=\s*(\d+)\s*(#.*)?$/i.exec(line);
        return m && Number(m[1]) > 65535 ? [`line ${index + 1}: ListenPort ${m[1]} is outside 0..65535 (wg would silently wrap it)`] : [];
    });
}
