/**
 * Checks an FRR (integrated frr.conf) configuration with FRR's own offline tools:
 *
 * 1. `vtysh --dryrun -f FILE` — CLI grammar of every daemon. The exit code is NOT trusted: a failed
 *    block opener followed by `exit` can make vtysh leave config mode and exit 0 after printing
 *    errors (FRR 8.4.4), so any stderr output counts as failure.
 * 2. `bgpd -C -f FILE -Z -S -p 0 --log stdout` — bgpd's dry run; sees semantic errors vtysh cannot
 *    ("% Specify remote-as or peer-group commands first", "Config Failed on config line N"). It always
 *    exits 0 and logs "No such command" for every line of other daemons (bfd, interface, ip route,
 *    ...), so its output is parsed and "No such command" is ignored only for lines whose top-level
 *    block does not belong to bgpd.
 * 3. `frr-reload.py --test --stdout --input EMPTY FILE` — what a reload would do; runs `vtysh -m`
 *    which stops at the first error and then exits 1.
 *
 * Not caught by any of them (check in the renderer): references to undefined route-maps or
 * prefix-lists, duplicate `neighbor X remote-as` (last one wins), abbreviations (`maximum-path`).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CheckResult, type ToolRun, skippedResult, unique } from './check-result.js';
import { ROOT, missingPrerequisites, outputLines, resolveTool, runTool, withTempDir } from './checker-tools.js';

export const FRR_BGPD = '/usr/lib/frr/bgpd';
export const FRR_RELOAD = '/usr/lib/frr/frr-reload.py';
/**
 * Everything {@link checkFrrConfig} needs. Root: as another user vtysh cannot read
 * /etc/frr/vtysh.conf (0640 frr:frrvty, an error on stderr) and bgpd cannot create /var/tmp/frr.
 */
export const FRR_CHECKER_PREREQUISITES = ['vtysh', FRR_BGPD, FRR_RELOAD, ROOT] as const;

const TOOL = 'vtysh --dryrun + bgpd -C + frr-reload.py --test';

/**
 * Top-level statements bgpd itself parses. A "No such command" from bgpd for a line under any
 * other top-level statement is the normal noise of an integrated config (that line is for zebra,
 * bfdd, staticd, ...); under one of these it is a genuine error.
 */
const BGPD_OWNED_TOP_LEVEL =
    /^(router bgp\b|route-map\b|ipv6? prefix-list\b|bgp\b|ip (as-path|community-list|extcommunity-list|large-community-list)\b|(ipv6 )?access-list\b|debug bgp\b)/;
const BLOCK_CLOSERS = /^(exit|end|exit-vrf|exit-address-family|quit)\s*$/;
const BGPD_CONFIG_MESSAGE =
    /(Command returned Warning Config Failed|Command returned Warning|Ambiguous command|No such command|Incomplete command) on config line (\d+):\s?(.*)$/;
const BGPD_LOG_PREFIX = /^\d{4}\/\d{2}\/\d{2} [\d:.]+ /;
const VTYSH_LINE_ERROR = /^line (\d+): %\s*(.*?)(?:\[\d+\])?:\s?(.*)$/;

export async function checkFrrConfig(text: string, options: { timeoutMs?: number } = {}): Promise<CheckResult> {
    const missing = missingPrerequisites(FRR_CHECKER_PREREQUISITES);
    if (missing.length > 0) {
        return skippedResult(TOOL, `missing: ${missing.join(', ')} (Debian: frr, frr-pythontools; run as root)`);
    }
    return withTempDir('frr', async (dir) => {
        const file = join(dir, 'frr.conf');
        const empty = join(dir, 'empty.conf');
        await writeFile(file, text.endsWith('\n') ? text : `${text}\n`);
        await writeFile(empty, '');
        const timeoutMs = options.timeoutMs;
        const [vtysh, bgpd, reload] = await Promise.all([
            runTool(resolveTool('vtysh')!, ['--dryrun', '-f', file], { timeoutMs }),
            // -p 0: do not bind the BGP port even for the instant the dry run lasts.
            runTool(FRR_BGPD, ['-C', '-f', file, '-Z', '-S', '-p', '0', '--log', 'stdout'], { timeoutMs, cwd: dir }),
            runTool(FRR_RELOAD, ['--test', '--stdout', '--input', empty, file], { timeoutMs, cwd: dir }),
        ]);
        const verdicts = [
            { run: vtysh, errors: vtyshErrors(vtysh) },
            { run: bgpd, errors: bgpdErrors(bgpd, text) },
            { run: reload, errors: frrReloadErrors(reload) },
        ];
        const errors = verdicts.flatMap((v) => v.errors);
        const deciding = verdicts.find((v) => v.errors.length > 0)?.run;
        return {
            ok: errors.length === 0,
            tool: TOOL,
            exitCode: deciding ? deciding.exitCode : 0,
            stdout: section('vtysh', vtysh.stdout) + section('bgpd', bgpd.stdout) + section('frr-reload', reload.stdout),
            stderr: section('vtysh', vtysh.stderr) + section('bgpd', bgpd.stderr) + section('frr-reload', reload.stderr),
            errors,
            warnings: [],
        };
    });
}

function section(name: string, text: string): string {
    return text ? `## ${name}\n${text}${text.endsWith('\n') ? '' : '\n'}` : '';
}

function failureOf(name: string, run: ToolRun): string[] {
    return run.failure ? [`${name}: ${run.failure}`] : [];
}

/** vtysh: any stderr line is an error, whatever the exit code says. */
export function vtyshErrors(run: ToolRun): string[] {
    const errors = outputLines(run.stderr).map((line) => {
        const m = VTYSH_LINE_ERROR.exec(line);
        return m ? `vtysh: line ${m[1]}: ${m[2]}: ${m[3].trim()}` : `vtysh: ${line.trim()}`;
    });
    if (errors.length === 0 && run.exitCode !== 0) {
        errors.push(`vtysh: exited ${run.exitCode ?? run.signal} without a message`);
    }
    return [...failureOf('vtysh', run), ...errors];
}

/** bgpd -C: parse the (duplicated) log; exit code is always 0. */
export function bgpdErrors(run: ToolRun, configText: string): string[] {
    const configLines = configText.split(/\r?\n/);
    const lines = unique(outputLines(run.stdout + '\n' + run.stderr).map((l) => l.replace(BGPD_LOG_PREFIX, '')));
    const errors: string[] = [];
    for (const line of lines) {
        const percent = /^%\s*(.+)$/.exec(line);
        if (percent) {
            errors.push(`bgpd: ${percent[1].trim()}`);
            continue;
        }
        const m = BGPD_CONFIG_MESSAGE.exec(line);
        if (!m) {
            continue; // e.g. "zclient_send_message() failed": expected without zebra (-Z)
        }
        const [, kind, lineNo, command] = m;
        if (kind === 'No such command' && !ownedByBgpd(configLines, Number(lineNo))) {
            continue;
        }
        errors.push(`bgpd: line ${lineNo}: ${kind}: ${command.trim()}`);
    }
    if (run.exitCode !== 0 && !run.failure) {
        errors.push(`bgpd: exited ${run.exitCode ?? run.signal}: ${lines.slice(-3).join(' | ')}`);
    }
    return [...failureOf('bgpd', run), ...unique(errors)];
}

/**
 * Whether config line `lineNo` (1-based) sits under a top-level statement bgpd parses. The owner
 * is the nearest non-indented statement at or above the line (comments and `exit` skipped), which
 * matches how FRR and the renderer indent blocks; a config written without indentation would make
 * every indented-less line its own owner (stricter, never laxer for bgpd statements).
 */
export function ownedByBgpd(configLines: readonly string[], lineNo: number): boolean {
    for (let i = Math.min(lineNo, configLines.length) - 1; i >= 0; i--) {
        const line = configLines[i];
        if (line.trim() === '' || /^\s/.test(line) || /^[!#]/.test(line) || BLOCK_CLOSERS.test(line.trim())) {
            continue;
        }
        return BGPD_OWNED_TOP_LEVEL.test(line.trim());
    }
    return false;
}

/** frr-reload.py --test: exit 1 with an "ERROR: vtysh failed ..." log line and vtysh's message. */
export function frrReloadErrors(run: ToolRun): string[] {
    if (run.exitCode === 0 && !run.failure) {
        return [];
    }
    // eslint-disable-next-line no-control-regex
    const plain = (run.stdout + '\n' + run.stderr).replace(/\x1b\[[0-9;]*m/g, '');
    const located = [...plain.matchAll(/line (\d+): %\s*([^:\\]+):\s?(.*?)(?:\\n|'|$)/gm)].map(
        (m) => `frr-reload: line ${m[1]}: ${m[2].trim()}: ${m[3].trim()}`,
    );
    const logged = outputLines(plain)
        .filter((l) => /\bERROR\b|Traceback|Error:/.test(l))
        .map((l) => `frr-reload: ${l.replace(/^[\d-]+ [\d:,]+\s+/, '').trim()}`);
    const errors = located.length > 0 ? located : logged;
    if (errors.length === 0) {
        errors.push(`frr-reload: exited ${run.exitCode ?? run.signal}`);
    }
    return [...failureOf('frr-reload', run), ...unique(errors)];
}
