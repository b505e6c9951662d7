// `npm run demo`: the product on the bundled examples. Validates the fixed examples (no errors), shows the
// flaws the language server finds in the seed designs as written, and renders the fixed MetalLB/FRR design
// into out/demo. Exits non-zero only when the product misbehaves (a fixed example with errors, a crash).
import { spawnSync } from 'node:child_process';

const cli = (args) => spawnSync(process.execPath, ['bin/bgptopo.cjs', ...args], { stdio: 'inherit' }).status;
const step = (title) => console.log(`\n=== ${title}`);

step('bgptopo validate: the fixed examples (expect no errors)');
if (cli(['validate', 'examples/seed-kubevip-cilium-fixed.bgptopo', 'examples/seed-metallb-frr-ha-fixed.bgptopo']) !== 0) {
    process.exit(1);
}
step('bgptopo validate: the seed designs as written (expect the flaws, exit 1)');
if (cli(['validate', 'examples/seed-kubevip-cilium.bgptopo', 'examples/seed-metallb-frr-ha.bgptopo']) !== 1) {
    process.exit(1);
}
step('bgptopo render: the fixed MetalLB + FRR design into out/demo');
if (cli(['render', 'examples/seed-metallb-frr-ha-fixed.bgptopo', '--out', 'out/demo']) !== 0) {
    process.exit(1);
}
console.log('\nOpen out/demo/r1/etc/frr/frr.conf to see a rendered router config.');
