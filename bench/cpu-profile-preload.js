/**
 * CPU profiles of the Node processes of a measured command (`--profile DIR`): preloaded into every
 * Node process the CLI starts with `NODE_OPTIONS=--require <this file>`, since Node 20 refuses
 * `--cpu-prof` in NODE_OPTIONS. Writes `<role>-<pid>-<n>.cpuprofile` files (Chrome DevTools format)
 * to BENCH_CPU_PROFILE_DIR, one per 2 s of the process's life and one at exit: the CLI ends its
 * plugins with a signal, which runs no exit handler, so at most the last 2 s of a process is lost.
 * Plain CommonJS, loaded before anything else; does nothing when the variable is unset.
 */
const dir = process.env.BENCH_CPU_PROFILE_DIR;

if (dir) {
  const fs = require("node:fs");
  const path = require("node:path");
  const inspector = require("node:inspector");

  const argv = process.argv.join(" ");
  const role = /dynamic-provider/.test(argv)
    ? "provider"
    : /[/\\]cmd[/\\]run/.test(argv)
      ? "program"
      : "other";
  const session = new inspector.Session();
  session.connect();
  let part = 0;
  // A same-thread session answers synchronously, so this also works inside an exit handler.
  const flush = () => {
    session.post("Profiler.stop", (error, result) => {
      if (error || !result) return;
      const file = path.join(dir, `${role}-${process.pid}-${String(part++).padStart(3, "0")}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(result.profile));
    });
  };
  session.post("Profiler.enable");
  session.post("Profiler.start");
  setInterval(() => {
    flush();
    session.post("Profiler.start");
  }, 2000).unref();
  process.on("exit", flush);
}
