/**
 * `bgptopo render FILE --out DIR [--only KINDS] [--hosts H,…] [--templates DIR]`: writes every rendered file
 * to `DIR/<host>/<absolute path on the host>` and `DIR/clusters/<cluster>/<kind>.yaml`, and lists them.
 * Refuses a topology with errors (exit 1). WireGuard public keys are unknown offline: such peers get a
 * commented placeholder, and `deploy` collects the real keys from the hosts.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { RENDER_KINDS, outputPath, renderTopology, TemplateError, type RenderKind } from '../render/index.js';
import { createTemplateLoader } from '../node/template-loader-fs.js';
import { done, ExitCode, ioError, usageError, type CliCommand } from './cli-command.js';
import { hostsOption, isCommandResult, listOption, oneTopologyFile, templateDirs, TEMPLATES_OPTION } from './cli-arguments.js';
import { isLoaded, loadTopologyModel } from './cli-topology.js';
import { invocationSecrets, SECRETS_OPTION } from './cli-secrets.js';

export const renderCommand: CliCommand = {
    name: 'render',
    summary: 'Render every config and manifest of a topology into a folder',
    usage: 'FILE --out DIR [--only KIND,…] [--hosts HOST,…] [--templates DIR] [--secrets FILE]',
    options: {
        out: { type: 'string', short: 'o', valueName: 'DIR', description: 'Output folder (required)' },
        only: { type: 'string', valueName: RENDER_KINDS.join(','), description: 'Render only these kinds' },
        hosts: { type: 'string', valueName: 'HOST,…', description: 'Render only the files of these hosts' },
        templates: TEMPLATES_OPTION,
        secrets: SECRETS_OPTION
    },
    async run(invocation, io) {
        const file = oneTopologyFile(invocation);
        if (isCommandResult(file)) {
            return file;
        }
        if (typeof invocation.values.out !== 'string') {
            return usageError('--out DIR is required');
        }
        const only = listOption(invocation.values.only);
        const unknown = (only ?? []).filter((kind) => !RENDER_KINDS.includes(kind as RenderKind));
        if (unknown.length > 0) {
            return usageError(`unknown kind(s) ${unknown.join(', ')} (expected ${RENDER_KINDS.join(', ')})`);
        }
        const loaded = await loadTopologyModel(file, invocation.cwd, io);
        if (!isLoaded(loaded)) {
            return loaded;
        }
        const hosts = hostsOption(invocation, loaded.model);
        if (isCommandResult(hosts)) {
            return hosts;
        }
        const secrets = invocationSecrets(invocation, io);
        let result;
        try {
            result = renderTopology(loaded.model, {
                templates: createTemplateLoader(templateDirs(invocation)),
                secrets,
                allowMissingKeys: true,
                only: only as RenderKind[] | undefined,
                hosts
            });
        } catch (error) {
            if (error instanceof TemplateError) {
                return ioError([error.message]);
            }
            io.stderr(`bgptopo: ${error instanceof Error ? error.message : String(error)}\n`);
            return done(ExitCode.Findings);
        }
        const outDir = resolve(invocation.cwd, invocation.values.out);
        const written: string[] = [];
        try {
            for (const rendered of result.files) {
                const target = outputPath(outDir, rendered);
                await mkdir(dirname(target), { recursive: true });
                await writeFile(target, rendered.content, { mode: rendered.kind === 'wireguard' ? 0o600 : 0o644 });
                written.push(relative(invocation.cwd, target) || target);
            }
        } catch (error) {
            return ioError([`cannot write to ${outDir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
        }
        for (const path of written) {
            io.stdout(`${path}\n`);
        }
        io.stdout(`${written.length} file(s) written to ${relative(invocation.cwd, outDir) || '.'}\n`);
        return done(ExitCode.Ok);
    }
};
