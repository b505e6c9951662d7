/**
 * The one result shape every real-tool checker returns, so rendering tests can assert on any of them
 * the same way: `expect(result.errors).toEqual([])` shows the tool's own messages when it fails.
 */
export interface CheckResult {
    /** True only when every tool the checker ran accepted the input (and nothing was skipped). */
    ok: boolean;
    /** The tool (or tools, joined by " + ") that produced the verdict. */
    tool: string;
    /** Exit code of the tool that decided the verdict; null when it never ran (skipped) or was killed. */
    exitCode: number | null;
    stdout: string;
    stderr: string;
    /** Located, human-readable problems ("line 20: ..." or "doc#2 BGPPeer/a: spec.peerPort: ..."). */
    errors: string[];
    /** Non-fatal findings (e.g. a deprecated apiVersion). */
    warnings: string[];
    /** Set when the checker could not run (tool missing, not root); `ok` is then false. */
    skipped?: string;
}

/** Output of one finished process. */
export interface ToolRun {
    exitCode: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
    /** Set when the process could not be started or timed out. */
    failure?: string;
}

export function skippedResult(tool: string, reason: string): CheckResult {
    return {
        ok: false,
        tool,
        exitCode: null,
        stdout: '',
        stderr: '',
        errors: [`skipped: ${reason}`],
        warnings: [],
        skipped: reason,
    };
}

/** The result of a checker whose verdict came from one finished tool run. */
export function toolResult(tool: string, run: ToolRun, ok: boolean, errors: string[], warnings: string[] = []): CheckResult {
    return { ok, tool, exitCode: run.exitCode, stdout: run.stdout, stderr: run.stderr, errors, warnings };
}

/** Removes duplicates while keeping the first occurrence's order. */
export function unique(lines: Iterable<string>): string[] {
    return [...new Set(lines)];
}
