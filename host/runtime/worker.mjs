// piscina loads workers with a plain dynamic import in a fresh thread, where tsx may not be
// registered (`node --import tsx` passes to workers through execArgv, but the bin's
// `register()` does not): register tsx here, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
const mod = await import('./worker.ts');
export default mod.default;
export const calibrate = mod.calibrate;
