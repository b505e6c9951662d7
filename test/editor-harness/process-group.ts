/**
 * Linux process-group bookkeeping read straight from /proc. code-server forks an extension host, a file
 * watcher and a pty host; its watcher survives a plain SIGTERM to the leader, so the harness always
 * signals and verifies the whole group.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { waitUntil } from './wait-until.js';

export interface ProcessInfo {
    pid: number;
    /** Single-letter state from /proc/PID/stat (R, S, D, Z, ...). */
    state: string;
    pgrp: number;
    session: number;
    cmdline: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        // The command name may contain spaces and parentheses: the fixed fields start after the last ')'.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
        return { pid, state: fields[0], pgrp: Number(fields[2]), session: Number(fields[3]), cmdline };
    } catch {
        return undefined; // exited between readdir and read
    }
}

/** All live (non-zombie) processes on the machine. Zombies hold no resources and only await reaping. */
export function listProcesses(): ProcessInfo[] {
    const result: ProcessInfo[] = [];
    for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) {
            continue;
        }
        const info = readProcess(Number(entry));
        if (info && info.state !== 'Z' && info.state !== 'X') {
            result.push(info);
        }
    }
    return result;
}

/** Live processes in the process group or session led by `leader` (setsid makes both equal the leader pid). */
export function groupMembers(leader: number): ProcessInfo[] {
    return listProcesses().filter((p) => p.pgrp === leader || p.session === leader);
}

/** Live processes whose command line contains `marker` (e.g. a scratch directory unique to one test). */
export function processesMentioning(marker: string): ProcessInfo[] {
    return listProcesses().filter((p) => p.pid !== process.pid && p.cmdline.includes(marker));
}

function signalGroup(leader: number, signal: NodeJS.Signals): void {
    try {
        process.kill(-leader, signal);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') {
            throw error;
        }
    }
    // Members that left the group (but stayed in the session) are signalled one by one.
    for (const member of groupMembers(leader)) {
        try {
            process.kill(member.pid, signal);
        } catch {
            // already gone
        }
    }
}

/**
 * SIGTERM the group, wait up to `graceMs`, then SIGKILL and wait again; throws if anything survives.
 */
export async function killProcessGroup(leader: number, graceMs = 3000): Promise<void> {
    if (groupMembers(leader).length === 0) {
        return;
    }
    signalGroup(leader, 'SIGTERM');
    try {
        await waitUntil('process group to exit after SIGTERM', () => groupMembers(leader).length === 0, {
            timeoutMs: graceMs,
            intervalMs: 50
        });
        return;
    } catch {
        signalGroup(leader, 'SIGKILL');
    }
    await waitUntil(
        `process group ${leader} to exit after SIGKILL`,
        () => groupMembers(leader).length === 0,
        { timeoutMs: 5000, intervalMs: 50 }
    ).catch(() => {
        const left = groupMembers(leader).map((p) => `${p.pid} ${p.cmdline.slice(0, 80)}`);
        throw new Error(`processes of group ${leader} survived SIGKILL: ${left.join('; ')}`);
    });
}
