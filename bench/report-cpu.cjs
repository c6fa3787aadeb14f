// Preloaded (--require) into every process the startup benchmark times: reports the process's own
// CPU time (user + system, µs) on fd 3 as it exits. CPU time is what a loaded machine distorts
// least; wall time is what a user waits.
// getBuiltinModule, not import or require: nothing more is loaded than the measured process loads itself.
const { writeSync } = process.getBuiltinModule('node:fs');
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  try {
    writeSync(3, `${user + system}\n`);
  } catch {
    // Not run by the benchmark: nothing to report to.
  }
});
