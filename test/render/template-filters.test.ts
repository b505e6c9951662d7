/**
 * Defence in depth: every value a text template writes goes through its format's filter, which refuses
 * (never strips) a line break, a NUL or the format's structural characters; a refused value fails the
 * render with an error naming the value, the file and the template line. Issue 12's example, rendered from a
 * model built despite its validation errors, is the regression test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderTopology } from '../../src/render/render-topology.js';
import { RenderErrors } from '../../src/render/render-types.js';
import { checkTemplateValue, TEMPLATE_FORMATS, UnsafeValueError, type TemplateFormat, type ValueMode } from '../../src/render/template-filters.js';
import { builtInTemplateDir } from '../../src/node/template-loader-fs.js';
import { createTemplateRenderer, memoryTemplateLoader } from '../../src/render/template-loader.js';
import { ISSUE_12_TOPOLOGY } from '../support/issue-12-topology.js';
import { modelOf, testOptions } from './render-fixtures.js';

const LINE_BREAKS = ['\n', '\r', '\r\n', '\u0085', '\u2028', '\u2029', '\v', '\f'];
const CONTROLS = ['\0', '\t', '\u0001', '\u001b', '\u007f', '\u009b'];

const MODES: Record<TemplateFormat, ValueMode[]> = {
    frr: ['word', 'text', 'comment'],
    keepalived: ['word', 'quoted', 'comment'],
    haproxy: ['word', 'comment'],
    wireguard: ['word', 'text', 'comment'],
    shell: ['word', 'comment']
};

/** Characters each format's word mode must refuse (its structure), and one value it must pass. */
const STRUCTURAL: Record<TemplateFormat, [string, string]> = {
    frr: [' ', 'PL-k8s_metallb-IN'],
    keepalived: [' {}"\'!#$\\~@', '10.0.0.250/24'],
    haproxy: [' #"\'\\$', '[2001:db8::1]:6443'],
    wireguard: [' #', '[2001:db8::1]:51820'],
    shell: [' `~!#$%^&*()[]{}|\\;\'"<>?', '/etc/wireguard/wg0.key']
};

describe('format filters', () => {
    describe.each(TEMPLATE_FORMATS)('%s', (format) => {
        test.each(MODES[format])('%s: every line break and control character is refused', (mode) => {
            for (const character of [...LINE_BREAKS, ...CONTROLS]) {
                const checked = checkTemplateValue(format, mode, `eth0${character}x`);
                expect(typeof checked, JSON.stringify(character)).toBe('object');
            }
        });

        test('word: structural characters are refused, an ordinary value passes unchanged', () => {
            const [structural, plain] = STRUCTURAL[format];
            for (const character of structural) {
                const checked = checkTemplateValue(format, 'word', `a${character}b`);
                expect(checked, character).toMatchObject({ format, reason: expect.stringContaining(`structure of a ${format} file`) });
            }
            expect(checkTemplateValue(format, 'word', plain)).toBe(plain);
            expect(checkTemplateValue(format, 'word', 65000)).toBe('65000');
            expect(typeof checkTemplateValue(format, 'word', '')).toBe('object');
            expect(typeof checkTemplateValue(format, 'word', undefined)).toBe('object');
            expect(typeof checkTemplateValue(format, 'word', 'ethé')).toBe('object');
        });
    });

    test('comments may hold spaces and non-ASCII, nothing that ends the line', () => {
        expect(checkTemplateValue('frr', 'comment', 'rendered by bgptopo from café.bgptopo: router r1 (line 3)')).toContain('café');
        expect(typeof checkTemplateValue('frr', 'comment', 'a\nhostname evil')).toBe('object');
    });

    test('a refused value fails the render naming the value, the file and the template line; nothing is stripped', () => {
        const render = createTemplateRenderer(memoryTemplateLoader({ 't.njk': 'global_defs {\n    router_id {{ id | keepalived }}\n}\n' }));
        expect(render('t.njk', { id: 'r1' }, 'r1:/etc/keepalived/keepalived.conf')).toContain('router_id r1\n');
        let error: unknown;
        try {
            render('t.njk', { id: 'r1\n}\nvrrp_script x {' }, 'r1:/etc/keepalived/keepalived.conf');
        } catch (caught) {
            error = caught;
        }
        expect(error).toBeInstanceOf(UnsafeValueError);
        expect((error as UnsafeValueError).message).toBe(
            'refusing "r1\\n}\\nvrrp_script x {" in r1:/etc/keepalived/keepalived.conf line 2 (template t.njk): a line break would change the structure of a keepalived file (word)'
        );
        // The next render of the same renderer is not affected by the earlier refusal.
        expect(render('t.njk', { id: 'r2' }, 'r2:/etc/keepalived/keepalived.conf')).toContain('router_id r2\n');
    });
});

describe('every value in every built-in text template goes through its format filter', () => {
    const root = builtInTemplateDir();
    const templates = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.njk'));
    const formatOf = (file: string): TemplateFormat => (file === 'frr/daemons.njk' ? 'shell' : (file.split('/')[0] as TemplateFormat));

    test('the templates are the known text formats (YAML is never templated)', () => {
        expect(templates.sort()).toEqual(['frr/daemons.njk', 'frr/frr.conf.njk', 'haproxy/haproxy.cfg.njk', 'keepalived/keepalived.conf.njk', 'wireguard/wg.conf.njk']);
    });

    test.each(templates)('%s', (file) => {
        const source = readFileSync(join(root, file), 'utf8');
        const outputs = [...source.matchAll(/\{\{(.*?)\}\}/gs)].map((match) => match[1].trim());
        expect(outputs.length, relative(root, file)).toBeGreaterThan(0);
        const format = formatOf(file);
        const unfiltered = outputs.filter((expression) => !new RegExp(`\\|\\s*${format}(\\("(word|text|quoted|comment)"\\))?$`).test(expression));
        expect(unfiltered).toEqual([]);
    });
});

describe('issue 12: rendering the example from a model built despite its errors', () => {
    test('keepalived refuses the VIP interface, naming the value and the file; nothing is written', async () => {
        const model = await modelOf(ISSUE_12_TOPOLOGY, { allowErrors: true });
        expect(model.vips[0].interface).toBe('eth0\nvirtual_server 1.2.3.4 80 {');
        let error: unknown;
        try {
            renderTopology(model, testOptions({ only: ['keepalived'] }));
        } catch (caught) {
            error = caught;
        }
        const errors = error instanceof RenderErrors ? error.errors : [error];
        expect(errors.map((e) => (e as Error).message)).toEqual([
            expect.stringMatching(/^refusing "eth0\\nvirtual_server 1\.2\.3\.4 80 \{" in r1:\/etc\/keepalived\/keepalived\.conf line 1\d \(template keepalived\/keepalived\.conf\.njk\): a line break would change the structure of a keepalived file/)
        ]);
    });

    test('the network interface "eth0$(id)" is refused too when the VIP takes it', async () => {
        const model = await modelOf(ISSUE_12_TOPOLOGY.replace('\n  interface "eth0\\nvirtual_server 1.2.3.4 80 {"', ''), { allowErrors: true });
        expect(model.vips[0].interface).toBe('eth0$(id)');
        expect(() => renderTopology(model, testOptions({ only: ['keepalived'] }))).toThrow(
            /refusing "eth0\$\(id\)" in r1:\/etc\/keepalived\/keepalived\.conf .*'\$' would change the structure of a keepalived file/
        );
    });
});
