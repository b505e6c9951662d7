/**
 * All read-only commands for one host in a single `sh -c` script, so one SSH round trip answers every
 * check of that host. Each command is an argv (quoted here, never pasted), bounded by coreutils `timeout`,
 * and its stdout, exit code and stderr are printed between marker lines carrying a random nonce, so a
 * command's output cannot fake the framing.
 */
import { randomBytes } from 'node:crypto';
import { commandLine } from './shell-quote.js';

export interface Probe {
    /** Key of the probe within the host, e.g. `bgp-summary`, `tcp:10.0.0.5:6443`. */
    readonly id: string;
    /** The command as argv; every element is quoted into the script. */
    readonly argv: readonly string[];
}

export interface ProbeOutput {
    readonly stdout: string;
    readonly stderr: string;
    /** Exit code of the command (124 = killed by `timeout`). */
    readonly code: number;
}

const PROBE_ID = /^[A-Za-z0-9_.:@/-]+$/;

/**
 * HAProxy's stats socket through socat when installed, else a few lines of python3 (argv: socket, command).
 * The socket speaks one command per connection and closes it after the answer.
 */
export const UNIX_SOCKET_CLIENT_PY = [
    'import socket, sys',
    's = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)',
    's.settimeout(float(sys.argv[3]) if len(sys.argv) > 3 else 3.0)',
    's.connect(sys.argv[1])',
    "s.sendall((sys.argv[2] + '\\n').encode())",
    "data = b''",
    'while True:',
    '    chunk = s.recv(65536)',
    '    if not chunk:',
    '        break',
    '    data += chunk',
    "sys.stdout.write(data.decode('utf-8', 'replace'))"
].join('\n');

/** argv of a query to a unix stats socket: socat if present, else python3 (both read the command safely). */
export function statsSocketArgv(socket: string, command: string): string[] {
    const script = [
        'if command -v socat >/dev/null 2>&1; then',
        '  printf "%s\\n" "$2" | socat -t 3 stdio "UNIX-CONNECT:$1"',
        'else',
        '  python3 -c "$3" "$1" "$2"',
        'fi'
    ].join('\n');
    return ['sh', '-c', script, 'bgptopo-stats', socket, command, UNIX_SOCKET_CLIENT_PY];
}

/** argv that succeeds when a TCP connect to address:port succeeds (bash /dev/tcp; arguments via argv). */
export function tcpConnectArgv(address: string, port: number, timeoutSeconds: number): string[] {
    return ['timeout', String(timeoutSeconds), 'bash', '-c', 'exec 3<>"/dev/tcp/$1/$2"', 'bgptopo-tcp', address, String(port)];
}

export interface ProbeScript {
    readonly script: string;
    readonly nonce: string;
}

export function buildProbeScript(probes: readonly Probe[], commandTimeoutSeconds: number, nonce = randomBytes(8).toString('hex')): ProbeScript {
    const seen = new Set<string>();
    const lines = ['t=$(mktemp) || exit 97', 'trap \'rm -f "$t"\' EXIT'];
    for (const probe of probes) {
        if (!PROBE_ID.test(probe.id) || seen.has(probe.id)) {
            throw new Error(`invalid or duplicate probe id: ${probe.id}`);
        }
        seen.add(probe.id);
        const mark = `@@bgptopo-${nonce}`;
        const command = commandLine(['timeout', '-k', '1', String(commandTimeoutSeconds), ...probe.argv]);
        lines.push(
            `printf '%s\\n' ${commandLine([`${mark} B ${probe.id}`])}`,
            `${command} </dev/null 2>"$t"`,
            `rc=$?`,
            `printf '\\n%s %s\\n' ${commandLine([`${mark} E ${probe.id}`])} "$rc"`,
            `cat "$t"`,
            `printf '\\n%s\\n' ${commandLine([`${mark} X ${probe.id}`])}`
        );
    }
    return { script: lines.join('\n') + '\n', nonce };
}

/** Splits the script's stdout back into one output per probe; a probe cut short is absent. */
export function parseProbeOutput(stdout: string, nonce: string): Map<string, ProbeOutput> {
    const mark = `@@bgptopo-${nonce} `;
    const results = new Map<string, ProbeOutput>();
    const lines = stdout.split('\n');
    let current: { id: string; out: string[]; err: string[]; code?: number; phase: 'out' | 'err' } | undefined;
    for (const line of lines) {
        if (line.startsWith(mark)) {
            const [tag, id, code] = line.slice(mark.length).split(' ');
            if (tag === 'B') {
                current = { id, out: [], err: [], phase: 'out' };
            } else if (tag === 'E' && current?.id === id) {
                current.code = Number(code);
                current.phase = 'err';
            } else if (tag === 'X' && current?.id === id && current.code !== undefined) {
                // printf added one newline before each marker; drop it.
                results.set(id, { stdout: dropLast(current.out), stderr: dropLast(current.err), code: current.code });
                current = undefined;
            }
            continue;
        }
        if (current) {
            (current.phase === 'out' ? current.out : current.err).push(line);
        }
    }
    return results;
}

function dropLast(lines: string[]): string {
    return (lines.length > 0 && lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines).join('\n');
}
