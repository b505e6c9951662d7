/**
 * POSIX shell quoting for remote commands. Every argument of every remote command goes through
 * {@link shellQuote}; commands are built from argv arrays with {@link commandLine}, never by pasting text.
 */
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(argument: string): string {
    if (argument === '') {
        return "''";
    }
    if (SAFE.test(argument)) {
        return argument;
    }
    return `'${argument.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(argv: readonly string[]): string {
    if (argv.length === 0) {
        throw new Error('empty command');
    }
    return argv.map(shellQuote).join(' ');
}
