import type { ChildProcess } from "node:child_process";

/** SIGKILLs `child` (unless it already exited) and resolves once it has. */
export function killProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}
