// Entry of the playground page: load the core (the same build/core.wasm the CLI runs) through
// the package's browser entry, then render the app. Without cross-origin isolation there is no
// shared memory for the dataplane: the page says so instead of failing blank.
import { render } from 'preact';
import { loadCoreModule } from '../../host/api/browser.ts';
import { App } from './app.tsx';
import './style.css';

const root = document.getElementById('app')!;

function fatal(message: string): void {
  root.innerHTML = '';
  const d = document.createElement('div');
  d.className = 'error fatal';
  d.dataset.testid = 'error';
  d.textContent = message;
  root.append(d);
}

async function main(): Promise<void> {
  if (!crossOriginIsolated) {
    fatal('error: this page needs cross-origin isolation for its shared WebAssembly memory: serve it with `calico-ipip-sim playground` (or a host that sends Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)');
    return;
  }
  const module = await loadCoreModule(new URL('core.wasm', import.meta.url));
  render(<App module={module} />, root);
}

main().catch((e: unknown) => fatal(`error: ${e instanceof Error ? e.message : String(e)}`));
window.addEventListener('error', (e) => {
  if (!root.querySelector('.app')) fatal(`error: ${e.message}`);
});
