/**
 * Whether the process that left a file behind still runs: the output lock, its drafts and diff's temporary
 * worktrees are named by the pid of their owner, and only the leftovers of a process that is gone are removed.
 */

/** True while `pid` names a live process (ours included; one we may not signal, EPERM, still runs). */
export function isProcessRunning(pid: number): boolean {
  // 0 and negative pids address process groups in kill(2): never a single owner.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
