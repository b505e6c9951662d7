/**
 * Checks an haproxy.cfg with `haproxy -c -dW -f FILE`: `-c` parses and validates the configuration
 * (resolving server host names, but binding nothing), `-dW` ("zero-warning") makes warnings such as
 * missing timeouts fatal. Every `[ALERT]` and `[WARNING]` line is reported, located as "line N"
 * when HAProxy names the position. Not caught: port clashes with other daemons on the host (e.g.
 * `bind *:6443` next to kube-apiserver) and binds to addresses the host does not (yet) own.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CheckResult, skippedResult, toolResult } from './check-result.js';
import { missingPrerequisites, outputLines, resolveTool, runTool, withTempDir } from './checker-tools.js';

export const HAPROXY_CHECKER_PREREQUISITES = ['haproxy'] as const;

const TOOL = 'haproxy -c -dW';
/** HAProxy's closing summaries; the individual messages are reported already. */
const SUMMARY = /Error\(s\) found in configuration file|Fatal errors found in configuration|Some warnings were found and 'zero-warning' is set/;

export async function checkHaproxyConfig(text: string, options: { timeoutMs?: number } = {}): Promise<CheckResult> {
    const missing = missingPrerequisites(HAPROXY_CHECKER_PREREQUISITES);
    if (missing.length > 0) {
        return skippedResult(TOOL, `not installed: ${missing.join(', ')} (Debian: haproxy)`);
    }
    return withTempDir('haproxy', async (dir) => {
        const file = join(dir, 'haproxy.cfg');
        await writeFile(file, text);
        const run = await runTool(resolveTool('haproxy')!, ['-c', '-dW', '-f', file], { timeoutMs: options.timeoutMs });
        const lines = outputLines(run.stdout + '\n' + run.stderr);
        const messages = lines
            .filter((line) => /^\[(ALERT|WARNING)\]/.test(line) && !SUMMARY.test(line))
            .map((line) => describe(line, file));
        const errors = [...(run.failure ? [run.failure] : []), ...messages];
        if (run.exitCode !== 0 && errors.length === 0) {
            errors.push(`haproxy -c exited ${run.exitCode ?? run.signal}: ${lines.join(' | ')}`);
        }
        return toolResult(TOOL, run, run.exitCode === 0 && errors.length === 0, errors);
    });
}

/** "[ALERT]    (123) : config : parsing [/tmp/x/haproxy.cfg:23] : msg" -> "alert: line 23: msg". */
function describe(line: string, file: string): string {
    const m = /^\[(ALERT|WARNING)\]\s*(?:\(\d+\)\s*)?:\s*(?:\w+\s*:\s*)?(.*)$/.exec(line);
    const level = m ? m[1].toLowerCase() : 'message';
    let message = m ? m[2] : line;
    message = message.replace(/(?:parsing\s+)?\[([^\]:]+):(\d+)\]\s*:\s*/, (_all, path: string, lineNo: string) =>
        path === file ? `line ${lineNo}: ` : `${path}:${lineNo}: `,
    );
    return `${level}: ${message.split(file).join('haproxy.cfg')}`;
}
