// One benchmark worker of the page: the Node benchmark's worker loop (host/runtime/worker.ts)
// in a Web Worker, on the page's shared memory. It gets the compiled core and its task once.
import { benchWorker, loadCoreModule, type WorkerTask } from '../../host/api/browser.ts';

self.onmessage = async (e: MessageEvent<{ module: WebAssembly.Module; task: WorkerTask }>) => {
  try {
    await loadCoreModule(e.data.module);
    const result = await benchWorker(e.data.task);
    self.postMessage({ result });
  } catch (err) {
    self.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
