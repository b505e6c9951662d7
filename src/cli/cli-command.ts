/**
 * The shape every `bgptopo` command has. A command is one file exporting one {@link CliCommand}; `main.ts`
 * lists them, parses the arguments with the command's options, runs it and turns its
 * {@link CommandResult} into an exit code. Commands never exit the process themselves.
 */

/** Exit codes of the `bgptopo` command line. */
export const ExitCode = {
    /** Success: no errors (warnings and infos are allowed). */
    Ok: 0,
    /** The command ran and found errors (e.g. diagnostics of severity error). */
    Findings: 1,
    /** Wrong usage or an input/output failure (missing file, unreadable file, unknown option). */
    UsageOrIo: 2
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** One option of a command, as `node:util` parseArgs reads it, plus what `--help` prints. */
export interface CliOption {
    readonly type: 'string' | 'boolean';
    readonly short?: string;
    readonly multiple?: boolean;
    readonly description: string;
    /** Placeholder shown in help for a string option, e.g. `text|json|sarif`. */
    readonly valueName?: string;
}

/** The parsed command line handed to a command. */
export interface CliInvocation {
    readonly values: Readonly<Record<string, string | boolean | Array<string | boolean> | undefined>>;
    readonly positionals: readonly string[];
    /** Directory that relative paths are resolved against and reported relative to. */
    readonly cwd: string;
}

/** Where a command writes; the process streams in production, buffers in tests. */
export interface CliIo {
    stdout(text: string): void;
    stderr(text: string): void;
}

export type CommandResult =
    | { readonly kind: 'done'; readonly exitCode: ExitCode }
    /** The arguments were wrong; main prints the message and the command's usage, exits 2. */
    | { readonly kind: 'usage-error'; readonly message: string }
    /** Reading or writing failed; main prints the messages, exits 2. */
    | { readonly kind: 'io-error'; readonly messages: readonly string[] };

export interface CliCommand {
    readonly name: string;
    /** One line for `bgptopo --help`. */
    readonly summary: string;
    /** Arguments after the command name, e.g. `FILE… [--format text|json|sarif]`. */
    readonly usage: string;
    readonly options: Readonly<Record<string, CliOption>>;
    run(invocation: CliInvocation, io: CliIo): Promise<CommandResult>;
}

export const done = (exitCode: ExitCode): CommandResult => ({ kind: 'done', exitCode });
export const usageError = (message: string): CommandResult => ({ kind: 'usage-error', message });
export const ioError = (messages: readonly string[]): CommandResult => ({ kind: 'io-error', messages });

/** A file the user named (identity, secrets file, …) cannot be read: reported as an I/O error, exit 2. */
export class CliInputError extends Error {
    constructor(what: string, path: string, error: unknown) {
        super(`cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
        this.name = 'CliInputError';
    }
}
