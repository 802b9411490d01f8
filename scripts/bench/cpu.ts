/**
 * CPU time of the benchmark's processes over one run, from /proc (Linux
 * only): each child process, all Postgres server processes together, and
 * the load generator (this process). Both the product and the references
 * share the machine's cores, so these shares explain the throughput ratio.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type { BenchProcess } from './processes.ts';

/** /proc/<pid>/stat counts in clock ticks of 1/100 s (USER_HZ on Linux). */
const TICKS_PER_SECOND = 100;

const GENERATOR = 'generator';
const POSTGRES = 'postgres (all backends)';

export interface CpuShares {
  /** Milliseconds of CPU per counted event, by process name. */
  msPerEvent: Map<string, number>;
  totalMsPerEvent: number;
  /** CPU used by all the processes above as a share of every core's wall time, 0 to 1. */
  machineBusy: number;
}

/** Starts counting; `stop(events)` returns each process's CPU per event since the start. */
export function startCpuAccount(children: BenchProcess[]) {
  const before = readTicks(children);
  const selfBefore = process.cpuUsage();
  const startedAt = performance.now();

  return {
    stop(events: number): CpuShares {
      const after = readTicks(children);
      const self = process.cpuUsage(selfBefore);
      const elapsedSeconds = (performance.now() - startedAt) / 1000;

      const msPerEvent = new Map<string, number>();
      let totalSeconds = 0;
      for (const [name, ticks] of after) {
        const seconds = (ticks - (before.get(name) ?? 0)) / TICKS_PER_SECOND;
        totalSeconds += seconds;
        msPerEvent.set(name, (seconds * 1000) / events);
      }
      const generatorSeconds = (self.user + self.system) / 1e6;
      totalSeconds += generatorSeconds;
      msPerEvent.set(GENERATOR, (generatorSeconds * 1000) / events);

      return { msPerEvent, totalMsPerEvent: (totalSeconds * 1000) / events, machineBusy: totalSeconds / (elapsedSeconds * os.availableParallelism()) };
    },
  };
}

/** utime + stime in clock ticks of each child and of all postgres processes together. */
function readTicks(children: BenchProcess[]): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const child of children) {
    ticks.set(child.name, readProcessTicks(child.pid) ?? 0);
  }

  let postgres = 0;
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry) && readComm(entry) === 'postgres') {
      postgres += readProcessTicks(Number(entry)) ?? 0;
    }
  }
  ticks.set(POSTGRES, postgres);
  return ticks;
}

function readComm(pid: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

function readProcessTicks(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}
