// The engine in a web worker: one message is one run (scenario, seed); the reply carries its
// metric table. The page never runs the engine on its own thread, so it never freezes.
import { runTask, type RunTask } from "../../../page/run.js";

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<RunTask>) => {
  scope.postMessage(runTask(event.data, () => performance.now()));
};
