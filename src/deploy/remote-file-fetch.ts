/** Reads the current content of a host's target files in one round trip (for plans and diffs). */
import { shellQuote } from './shell-quote.js';

export function fetchFilesScript(paths: readonly string[]): string {
    return paths
        .map(
            (path, index) =>
                `if [ -f ${shellQuote(path)} ]; then echo "BGPTOPO-FILE ${index} present"; base64 -w0 ${shellQuote(path)}; echo; else echo "BGPTOPO-FILE ${index} absent"; echo; fi`
        )
        .join('\n');
}

/** Parse the script's output: the content of each path, or undefined when absent. */
export function parseFetchedFiles(output: string, count: number): Array<string | undefined> {
    const result: Array<string | undefined> = new Array(count).fill(undefined);
    const lines = output.split('\n');
    for (let i = 0; i < lines.length; i++) {
        const match = /^BGPTOPO-FILE (\d+) (present|absent)$/.exec(lines[i]);
        if (!match) {
            continue;
        }
        const index = Number(match[1]);
        if (match[2] === 'present' && index < count) {
            result[index] = Buffer.from(lines[i + 1] ?? '', 'base64').toString('utf8');
        }
        i++;
    }
    return result;
}
