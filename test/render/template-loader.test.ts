/** Template loading: user folders before the built-in ones, clear errors for broken templates, and finding templates/. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { renderTopology } from '../../src/render/render-topology.js';
import { builtInTemplateDir, createTemplateLoader, fileSystemTemplateLoader } from '../../src/node/template-loader-fs.js';
import { createTemplateRenderer, memoryTemplateLoader, TemplateError } from '../../src/render/template-loader.js';
import { exampleText, modelOf, ROOT, testOptions } from './render-fixtures.js';

const dirs: string[] = [];
afterEach(() => {
    for (const dir of dirs.splice(0)) {
        rmSync(dir, { recursive: true, force: true });
    }
});

function userDir(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'bgptopo-templates-'));
    dirs.push(dir);
    for (const [name, content] of Object.entries(files)) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), content);
    }
    return dir;
}

const model = () => modelOf(exampleText('seed-metallb-frr-ha-fixed'));

describe('template overrides', () => {
    test('a template in a user folder wins; the others still come from templates/', async () => {
        const dir = userDir({ 'frr/daemons.njk': '{% for line in header %}{{ line }}\n{% endfor %}bgpd=yes\nbfdd={{ "yes" if bfdd else "no" }}\n' });
        const { files } = renderTopology(await model(), testOptions({ templates: createTemplateLoader([dir]), only: ['frr', 'frr-daemons'] }));
        const daemons = files.find((file) => file.kind === 'frr-daemons')!;
        expect(daemons.content.split('\n').slice(-3)).toEqual(['bgpd=yes', 'bfdd=no', '']);
        expect(files.find((file) => file.kind === 'frr')!.content).toContain('router bgp 65000\n');
    });

    test('a broken template is a TemplateError naming the template and its line', async () => {
        const dir = userDir({ 'haproxy/haproxy.cfg.njk': 'global\n    daemon\n{% if %}\n' });
        const attempt = async () => renderTopology(await model(), testOptions({ templates: createTemplateLoader([dir]) }));
        await expect(attempt()).rejects.toBeInstanceOf(TemplateError);
        await expect(attempt()).rejects.toMatchObject({ template: 'haproxy/haproxy.cfg.njk', line: 3 });
        await expect(attempt()).rejects.toThrow(new RegExp(`template haproxy/haproxy.cfg.njk \\(${dir}/haproxy/haproxy.cfg.njk\\), line 3: `));
    });

    test('a template using an undefined value fails instead of rendering an empty string', () => {
        const render = createTemplateRenderer(memoryTemplateLoader({ 't.njk': 'a\nb {{ nope }}\n' }));
        expect(() => render('t.njk', {})).toThrow(TemplateError);
        expect(() => render('t.njk', {})).toThrow(/template t.njk \(memory:t.njk\), line 2: .*undefined/);
    });

    test('a missing template is named', () => {
        const render = createTemplateRenderer(memoryTemplateLoader({}));
        expect(() => render('frr/frr.conf.njk', {})).toThrow(/template frr\/frr.conf.njk: template not found/);
    });

    test('template names cannot climb out of a folder', () => {
        const dir = userDir({ 'x.njk': 'x' });
        expect(fileSystemTemplateLoader([join(dir, 'sub')]).load('../x.njk')).toBeUndefined();
        expect(fileSystemTemplateLoader([dir]).load('x.njk')?.source).toBe('x');
    });
});

describe('built-in templates', () => {
    test('templates/ is found from src/render and from a bundle folder such as out/cli', () => {
        expect(builtInTemplateDir()).toBe(join(ROOT, 'templates'));
        expect(builtInTemplateDir(join(ROOT, 'out', 'cli'))).toBe(join(ROOT, 'templates'));
        expect(readFileSync(join(builtInTemplateDir(), 'frr', 'frr.conf.njk'), 'utf8')).toContain('frr defaults traditional');
    });

    test('a folder outside any bgptopo package is an error', () => {
        expect(() => builtInTemplateDir(tmpdir())).toThrow(/cannot find the built-in templates/);
    });
});
