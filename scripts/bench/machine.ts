/** Describes the machine a benchmark ran on, for the report's header. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';

export interface MachineInfo {
  cpuModel: string;
  /** Logical CPUs this process may use. */
  cores: number;
  memoryGiB: number;
  node: string;
  postgres: string;
  kernel: string;
  /** V8's default maximum heap size on this machine; the bench's children use the same default. */
  heapLimitMiB: number;
  date: string;
}

export function describeMachine(postgresVersion: string): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpuModel;
  } catch {
    // Not Linux: keep the model os.cpus() reported.
  }

  return {
    cpuModel,
    cores: os.availableParallelism(),
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    postgres: postgresVersion,
    kernel: `${os.type()} ${os.release()}`,
    heapLimitMiB: v8.getHeapStatistics().heap_size_limit / 1024 ** 2,
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  };
}
