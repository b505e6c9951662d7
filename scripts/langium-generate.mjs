// Runs `langium generate` and hides one kind of grammar warning, "Found multiple assignments to 'x' with the
// '=' assignment operator": the grammar assigns each option in a `(… | …)*` block on purpose, and the
// validators report a repeated option as `option-duplicate`. Everything else (errors, other warnings, the
// generator's own output) passes through unchanged, and the exit code is langium-cli's.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const HIDDEN = /Found multiple assignments to '[^']*' with the '[^']*' assignment operator/;

// langium-cli's package exports hide bin/; its main module sits in lib/ next to it.
const cli = fileURLToPath(new URL('../bin/langium.js', import.meta.resolve('langium-cli')));
// Piping stderr would turn colours off; keep them when the real stderr is a terminal.
const env = process.stderr.isTTY ? { ...process.env, FORCE_COLOR: '1' } : process.env;
const child = spawn(process.execPath, [cli, 'generate', ...process.argv.slice(2)], { stdio: ['ignore', 'inherit', 'pipe'], env });

let hidden = 0;
createInterface({ input: child.stderr }).on('line', (line) => {
    if (HIDDEN.test(line)) {
        hidden++;
    } else {
        process.stderr.write(line + '\n');
    }
});

child.on('close', (code, signal) => {
    if (hidden > 0) {
        console.log(`(${hidden} "multiple assignments" grammar warnings hidden; run \`npx langium generate\` to see them)`);
    }
    process.exitCode = code ?? (signal ? 1 : 0);
});
