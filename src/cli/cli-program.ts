/**
 * The `bgptopo` program without the process: find the command, parse its options (node:util parseArgs,
 * strict), run it and map its result to an exit code. `main.ts` feeds it the real argv and streams.
 * A new command is one file exporting a {@link CliCommand}, added to {@link COMMANDS}.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliInputError, ExitCode, ioError, type CliCommand, type CliIo, type CliOption, type CommandResult } from './cli-command.js';
import { validateCommand } from './cli-validate.js';
import { renderCommand } from './cli-render.js';
import { deployCommand } from './cli-deploy.js';
import { verifyCommand } from './cli-verify.js';
import { failoverCommand } from './cli-failover.js';
import { sessionsCommand } from './cli-sessions.js';
import { BGPTOPO_VERSION } from './cli-version.js';

export const COMMANDS: readonly CliCommand[] = [validateCommand, renderCommand, sessionsCommand, deployCommand, verifyCommand, failoverCommand];

const HELP_OPTION: CliOption = { type: 'boolean', short: 'h', description: 'Show this help' };

/** A command's options plus `--help`, which every command has. */
function optionsOf(command: CliCommand): Array<[string, CliOption]> {
    return Object.entries({ ...command.options, help: HELP_OPTION });
}

export async function runCli(argv: readonly string[], io: CliIo, cwd: string): Promise<ExitCode> {
    const [first, ...rest] = argv;
    if (first === undefined) {
        io.stderr(programHelp());
        return ExitCode.UsageOrIo;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
        const topic = first === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
        io.stdout(topic ? commandHelp(topic) : programHelp());
        return ExitCode.Ok;
    }
    if (first === '--version' || first === '-v' || first === '-V') {
        io.stdout(`${BGPTOPO_VERSION}\n`);
        return ExitCode.Ok;
    }
    const command = COMMANDS.find((c) => c.name === first);
    if (!command) {
        const what = first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`;
        io.stderr(`bgptopo: ${what}\nRun 'bgptopo --help' for the list of commands.\n`);
        return ExitCode.UsageOrIo;
    }

    let parsed;
    try {
        parsed = parseArgs({ args: [...rest], options: parseArgsOptions(command), allowPositionals: true, strict: true });
    } catch (error) {
        if (isParseArgsError(error)) {
            return finish(command, { kind: 'usage-error', message: error.message }, io);
        }
        throw error;
    }
    if (parsed.values.help === true) {
        io.stdout(commandHelp(command));
        return ExitCode.Ok;
    }
    let result: CommandResult;
    try {
        result = await command.run({ values: parsed.values, positionals: parsed.positionals, cwd }, io);
    } catch (error) {
        if (!(error instanceof CliInputError)) {
            throw error;
        }
        result = ioError([error.message]);
    }
    return finish(command, result, io);
}

function finish(command: CliCommand, result: CommandResult, io: CliIo): ExitCode {
    switch (result.kind) {
        case 'done':
            return result.exitCode;
        case 'usage-error':
            io.stderr(`bgptopo ${command.name}: ${result.message}\nUsage: bgptopo ${command.name} ${command.usage}\n`);
            return ExitCode.UsageOrIo;
        case 'io-error':
            io.stderr(result.messages.map((message) => `bgptopo ${command.name}: ${message}\n`).join(''));
            return ExitCode.UsageOrIo;
    }
}

function parseArgsOptions(command: CliCommand): NonNullable<ParseArgsConfig['options']> {
    const options: NonNullable<ParseArgsConfig['options']> = {};
    for (const [name, option] of optionsOf(command)) {
        options[name] = { type: option.type, ...(option.short ? { short: option.short } : {}), ...(option.multiple ? { multiple: true } : {}) };
    }
    return options;
}

function isParseArgsError(error: unknown): error is Error {
    const code = (error as { code?: unknown } | undefined)?.code;
    return error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

export function programHelp(): string {
    const rows = COMMANDS.map((c) => [`${c.name} ${c.usage}`, c.summary] as const);
    return [
        'Usage: bgptopo <command> [options]',
        '',
        'Commands:',
        ...table(rows),
        '',
        'Options:',
        ...table([
            ['-h, --help', "Show this help ('bgptopo <command> --help' for a command's options)"],
            ['-v, --version', 'Print the version']
        ]),
        '',
        'Exit codes: 0 success, 1 errors found, 2 usage or I/O error.',
        ''
    ].join('\n');
}

export function commandHelp(command: CliCommand): string {
    const rows = optionsOf(command).map(([name, option]) => {
        const flags = `${option.short ? `-${option.short}, ` : '    '}--${name}`;
        const value = option.type === 'string' ? ` ${option.valueName ?? 'VALUE'}` : '';
        return [flags + value, option.description] as const;
    });
    return [`Usage: bgptopo ${command.name} ${command.usage}`, '', command.summary + '.', '', 'Options:', ...table(rows), ''].join('\n');
}

function table(rows: ReadonlyArray<readonly [string, string]>): string[] {
    const width = Math.max(...rows.map(([left]) => left.length));
    return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}
