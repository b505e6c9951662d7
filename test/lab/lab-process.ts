/**
 * Running local commands as argv arrays (never a shell string) with bounded time, and checking whether a
 * process really still exists.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface RunOptions {
  /** Kill the command and fail after this long (default 30 s). */
  timeoutMs?: number;
  /** Written to the command's stdin. */
  input?: string;
  env?: NodeJS.ProcessEnv;
  /** Return a non-zero exit instead of throwing. */
  allowFailure?: boolean;
}

export interface RunResult {
  argv: readonly string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export class LabCommandError extends Error {
  constructor(readonly result: RunResult) {
    super(
      `command failed (${result.signal ?? `exit ${result.code}`}): ${result.argv.join(' ')}` +
        (result.stderr.trim() ? `\n${result.stderr.trim()}` : ''),
    );
    this.name = 'LabCommandError';
  }
}

/**
 * How long to keep reading output after the command exited. A command that starts a daemon can leave the
 * daemon holding our pipes; we do not wait for those to close beyond this bound.
 */
const OUTPUT_DRAIN_MS = 1000;

export function run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const [command, ...args] = argv;
  if (!command) return Promise.reject(new Error('run: empty argv'));
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let settled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new Error(`command timed out after ${timeoutMs} ms: ${argv.join(' ')}`));
    }, timeoutMs);

    function finish(error?: Error) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout.destroy();
      child.stderr.destroy();
      if (error) return reject(error);
      const result: RunResult = { argv, code: exit?.code ?? null, signal: exit?.signal ?? null, stdout, stderr };
      if (result.code !== 0 && !options.allowFailure) reject(new LabCommandError(result));
      else resolve(result);
    }

    child.on('error', (error) => finish(error));
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      setTimeout(() => finish(), OUTPUT_DRAIN_MS).unref();
    });
    child.on('close', () => finish());
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/**
 * True while the process exists and is not a zombie. `kill -0` is not enough: a process killed with SIGKILL
 * still answers it until it is reaped.
 */
export function processAlive(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const state = /^State:\s+(\S)/m.exec(status)?.[1];
    return state !== undefined && state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Sends a signal, ignoring "no such process". */
export function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Quotes one argument for a POSIX shell (used for the remote command line of `ssh`). */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
