#!/usr/bin/env python3
"""The payin benchmark: Troco against this machine's own limits, in one run, with a Markdown report.

  bench/run.py            full run (about 15-25 minutes): starts ./troco up, measures, stops it, writes the report
  bench/run.py --quick    a short run that checks the whole tool chain still works (CI runs this)
  bench/run.py --attach   use a platform already started with ./troco up (no ready time then)

What it does, in order, on the same machine and with durability on everywhere:
  1. starts the platform with the README's command and times how long it takes to be ready;
  2. the database's limit: pgbench runs bench/pgbench/charge.sql (the commits one charge costs) on Troco's
     own PostgreSQL (synchronous_commit=on, fsync=on) in a scratch database;
  3. Troco: the open-model load generator (bench/load) finds the knee by steps, then holds 50% and 80% of it,
     measuring latency, paid->webhook, CPU seconds per 1,000 charges and memory of every process, and Troco's
     real commits per charge (pg_stat_database);
  4. the HTTP limit: the same load generator against a bare endpoint on the same Quarkus (bench/http-baseline);
  5. the report: bench/results/<time>/report.md with latency.svg, and bench/results/latest.md.
Standard library only.
"""
import argparse, datetime, json, math, os, shutil, signal, socket, subprocess, sys, threading, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
BENCH_JAR = os.path.join(BENCH, "load", "target", "troco-bench.jar")
BASELINE_JAR = os.path.join(BENCH, "http-baseline", "target", "quarkus-app", "quarkus-run.jar")
PG = {"host": "127.0.0.1", "port": "15432", "user": "postgres"}
SCRATCH_DB = "troco_bench_pgbench"
# The launcher's default JVM flags favour a quick start on a laptop (C1 only); sustained load wants C2.
THROUGHPUT_JVM = {"TROCO_SERVICE_JVM_OPTIONS": "-Xmx256m -XX:+UseSerialGC",
                  "TROCO_KAFKA_JVM_OPTIONS": "-Xmx512m -XX:+UseSerialGC"}


def log(message):
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


# ---------------------------------------------------------------- platform

class Platform:
    """./troco up as a child process; its output goes to a log file."""

    def __init__(self, log_path, environment=None):
        self.log_path = log_path
        self.environment = environment or {}
        self.proc = None
        self.ready_seconds = None
        self.lines = []

    def start(self, timeout=300):
        started = time.monotonic()
        self.proc = subprocess.Popen([os.path.join(ROOT, "troco"), "up"], cwd=ROOT, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, errors="replace", start_new_session=True,
                                     env={**os.environ, **self.environment})
        ready = threading.Event()

        def pump():
            # Must never stop reading: a launcher whose output pipe is full blocks on its next line, shutdown
            # included (an undecodable byte once ended this loop and left the platform unable to stop).
            with open(self.log_path, "a", errors="replace") as out:
                for line in self.proc.stdout:
                    out.write(line)
                    out.flush()
                    self.lines.append(line.rstrip())
                    if "Troco is up" in line:
                        self.ready_seconds = time.monotonic() - started
                        ready.set()

        threading.Thread(target=pump, daemon=True).start()
        while not ready.wait(1):
            if self.proc.poll() is not None or time.monotonic() - started > timeout:
                self.stop()
                sys.exit("the platform did not start; see " + self.log_path)
        log(f"platform ready in {self.ready_seconds:.1f} s (from ./troco up to 'Troco is up')")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            # SIGTERM, not SIGINT: a script started in the background (nohup, &) has SIGINT ignored, and its
            # children inherit that; the launcher's ordered stop runs on either.
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(180)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)

    def component_ready_lines(self):
        return [l.strip() for l in self.lines if "ready in" in l or "Troco is up" in l]


# ---------------------------------------------------------------- PostgreSQL helpers

def psql(sql, database="postgres"):
    out = subprocess.run(["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-d", database,
                          "-v", "ON_ERROR_STOP=1", "-AtX", "-c", sql], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"psql: {out.stderr.strip()}")
    return out.stdout.strip()


def commits():
    return int(psql("SELECT sum(xact_commit) FROM pg_stat_database WHERE datname LIKE 'troco\\_%' "
                    f"AND datname <> '{SCRATCH_DB}'"))


def pg_settings():
    return psql("SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings WHERE name IN "
                "('synchronous_commit', 'fsync', 'full_page_writes', 'wal_sync_method', 'shared_buffers', "
                "'max_connections', 'server_version')")


def pgbench(seconds, clients_list):
    """The database's limit for Troco's per-charge commits; best of a few client counts."""
    psql(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
    psql(f"CREATE DATABASE {SCRATCH_DB}")
    try:
        psql(open(os.path.join(BENCH, "pgbench", "schema.sql")).read(), SCRATCH_DB)
        runs = []
        for clients in clients_list:
            command = ["pgbench", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-n", "-M", "prepared",
                       "-c", str(clients), "-j", str(min(clients, 2)), "-T", str(seconds),
                       "-f", os.path.join(BENCH, "pgbench", "charge.sql"), SCRATCH_DB]
            out = subprocess.run(command, capture_output=True, text=True)
            if out.returncode != 0:
                raise RuntimeError("pgbench failed: " + out.stderr[-2000:])
            tps = latency = None
            for line in out.stdout.splitlines():
                if line.startswith("tps ="):
                    tps = float(line.split()[2])
                if line.startswith("latency average"):
                    latency = float(line.split()[3])
            runs.append({"clients": clients, "chargesPerSecond": tps, "latencyAverageMs": latency,
                         "command": " ".join(command)})
            log(f"pgbench {clients:3d} clients: {tps:.0f} charges/s (each {count_commits()} commits)")
        return {"runs": runs, "best": max(runs, key=lambda r: r["chargesPerSecond"]),
                "commitsPerCharge": count_commits()}
    finally:
        psql(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")


def count_commits():
    """Transactions in one run of charge.sql: explicit BEGIN..COMMIT blocks plus statements outside them."""
    count, inside = 0, False
    for line in open(os.path.join(BENCH, "pgbench", "charge.sql")):
        line = line.strip()
        if not line or line.startswith("--") or line.startswith("\\"):
            continue
        if line.startswith("BEGIN"):
            inside = True
        elif line.startswith("COMMIT"):
            inside, count = False, count + 1
        elif not inside and line.split()[0] in ("INSERT", "UPDATE", "DELETE"):
            count += 1
    return count


# ---------------------------------------------------------------- load generator

def bench_tool(*args):
    command = ["java", "-Xmx512m", "-XX:+UseParallelGC", "-jar", BENCH_JAR, *args]
    log("$ " + " ".join(command[1:]).replace(BENCH_JAR, "bench/load/target/troco-bench.jar"))
    subprocess.run(command, cwd=ROOT, check=True)
    return " ".join(["java", "-jar", "bench/load/target/troco-bench.jar", *args])


def wait_port(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port}")


def http_baseline(out_json, quick):
    proc = subprocess.Popen(["java", "-jar", BASELINE_JAR], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        wait_port(18090)
        args = ["http", f"--out={out_json}"]
        args += ["--rates=200,400", "--step-seconds=3", "--warmup-seconds=2"] if quick else []
        return bench_tool(*args)
    finally:
        proc.terminate()
        proc.wait(30)


# ---------------------------------------------------------------- report

def fmt(value, digits=1):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f}"


def latency_svg(series, path, title):
    """Percentile curves: x = percentile on the usual 1/(1-p) log scale, y = milliseconds (log)."""
    width, height, left, right, top, bottom = 760, 420, 70, 190, 40, 50
    marks = [50, 90, 99, 99.9, 99.99]
    xs = lambda p: left + (math.log10(1 / (1 - min(p, 99.99) / 100)) / 4) * (width - left - right)
    values = [v for _, points in series for _, v in points if v and v > 0]
    if not values:
        return
    lo = 10 ** math.floor(math.log10(min(values)))
    hi = 10 ** math.ceil(math.log10(max(values)))
    ys = lambda v: top + (1 - (math.log10(max(v, lo)) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))) * (
        height - top - bottom)
    colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
           f'font-size="12"><rect width="100%" height="100%" fill="white"/>',
           f'<text x="{left}" y="22" font-size="14" font-weight="bold">{title}</text>']
    decade = lo
    while decade <= hi:
        y = ys(decade)
        svg.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ddd"/>')
        svg.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{decade:g} ms</text>')
        decade *= 10
    for p in marks:
        x = xs(p)
        svg.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - bottom}" stroke="#ddd"/>')
        svg.append(f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">p{p:g}</text>')
    for i, (name, points) in enumerate(series):
        pts = " ".join(f"{xs(p):.1f},{ys(v):.1f}" for p, v in points if v and v > 0 and p < 100)
        color = colors[i % len(colors)]
        svg.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{pts}"/>')
        svg.append(f'<rect x="{width - right + 12}" y="{top + i * 20}" width="12" height="12" fill="{color}"/>')
        svg.append(f'<text x="{width - right + 30}" y="{top + i * 20 + 11}">{name}</text>')
    svg.append(f'<text x="{(left + width - right) / 2}" y="{height - 12}" text-anchor="middle">percentile</text>')
    svg.append("</svg>")
    with open(path, "w") as out:
        out.write("\n".join(svg))


def report(folder, meta, pg, payin, http, commands):
    lat = lambda run, name, p: run.get("latencyMs", {}).get(name, {}).get(p)
    knee = payin.get("kneeRate", 0)
    knee_step = next((s for s in payin["steps"] if s["offeredRate"] == knee), None)
    http_knee = http.get("kneeRate", 0)
    pg_best = pg["best"]["chargesPerSecond"] if pg else None
    lines = [f"# Troco payin benchmark — {meta['started']}", "",
             f"Machine: {meta['machine']}. Everything co-located on it: the five services, Kafka, PostgreSQL, the "
             "load generator and the webhook receiver. Durability on: PostgreSQL "
             f"`{meta['pgSettings']}`; Kafka producers `acks=all`, idempotent. JVMs: {meta.get('jvm', 'as started')}. "
             "Absolute numbers vary from machine to machine and run to run: read the ratios.", ""]
    if meta.get("quick"):
        lines += ["**Quick run** (CI smoke of the tool chain): rates and durations far too short for the figures "
                  "to mean anything.", ""]
    lines += ["## Headline", "", "| figure | value | target |", "| --- | --- | --- |",
              f"| sustained charges/s, created and paid end to end (knee) | **{fmt(knee, 0)}** "
              f"(achieved {fmt(knee_step['achievedRate'] if knee_step else None)}) | ≥ 1,000 |"]
    for run in payin.get("fractions", []):
        lines.append(f"| `POST /v1/charges` p50 / p99 / p99.9 at {run['label']} ({fmt(run['offeredRate'], 0)}/s) | "
                     f"{fmt(lat(run, 'create', 'p50'))} / **{fmt(lat(run, 'create', 'p99'))}** / "
                     f"{fmt(lat(run, 'create', 'p999'))} ms | p99 < 50 ms at 50% |")
    for run in payin.get("fractions", []):
        lines.append(f"| paid → webhook received p50 / p99 at {run['label']} | {fmt(lat(run, 'paidToWebhook', 'p50'))}"
                     f" / **{fmt(lat(run, 'paidToWebhook', 'p99'))}** ms | p99 < 500 ms |")
    if pg_best:
        lines.append(f"| Troco ÷ pgbench per-charge baseline | **{fmt(knee / pg_best, 2)}** ({fmt(knee, 0)} ÷ "
                     f"{fmt(pg_best, 0)}) | ≥ 0.5 |")
    if http_knee:
        lines.append(f"| Troco ÷ bare Quarkus HTTP baseline | {fmt(knee / http_knee, 3)} ({fmt(knee, 0)} ÷ "
                     f"{fmt(http_knee, 0)} requests/s) | — |")
    if meta.get("readySeconds"):
        lines.append(f"| platform ready (./troco up → 'Troco is up') | {fmt(meta['readySeconds'])} s | — |")
    if meta.get("commitsPerCharge"):
        lines.append(f"| Troco's commits per charge (pg_stat_database, all five databases) | "
                     f"{fmt(meta['commitsPerCharge'])} (pgbench script: {pg['commitsPerCharge'] if pg else '–'}) | — |")
    lines += ["", "Bounded means: ≤ 1% of arrivals failed or dropped, ≥ 95% of the offered rate completed, and p99 of "
              "create+pay ≤ 1 s. Latency is timed from each request's intended send time (open model, constant "
              "arrival rate), so stalls are not hidden.", "", "![latency](latency.svg)", "",
              "## Steps (knee search)", "",
              "| offered/s | achieved/s | create p50 | p99 | p99.9 | pay p99 | paid→webhook p50 | p99 | failed | "
              "dropped | bounded |", "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for s in payin["steps"] + payin.get("fractions", []):
        lines.append(f"| {fmt(s['offeredRate'], 0)}{' (' + s['label'] + ')' if s['label'] != 'step' else ''} | "
                     f"{fmt(s['achievedRate'])} | {fmt(lat(s, 'create', 'p50'))} | {fmt(lat(s, 'create', 'p99'))} | "
                     f"{fmt(lat(s, 'create', 'p999'))} | {fmt(lat(s, 'pay', 'p99'))} | "
                     f"{fmt(lat(s, 'paidToWebhook', 'p50'))} | {fmt(lat(s, 'paidToWebhook', 'p99'))} | "
                     f"{s['failed']} | {s['dropped']} | {'yes' if s.get('bounded') else 'no'} |")
    errors = {k: v for s in payin["steps"] for k, v in s.get("errors", {}).items()}
    if errors:
        lines += ["", "Errors seen in the steps: " + ", ".join(f"`{k}` × {v}" for k, v in sorted(errors.items()))]
    cpu_run = (payin.get("fractions") or [knee_step or payin["steps"][-1]])[-1]
    lines += ["", f"## CPU and memory ({cpu_run['label']}, {fmt(cpu_run['offeredRate'], 0)}/s)", "",
              "| process | CPU s per 1,000 charges | CPU s in the run | memory (PSS) MB |", "| --- | --- | --- | --- |"]
    total = 0.0
    for proc in sorted(cpu_run.get("cpuSecondsPer1000", {})):
        total += cpu_run["cpuSecondsPer1000"][proc]
        lines.append(f"| {proc} | {fmt(cpu_run['cpuSecondsPer1000'][proc], 2)} | "
                     f"{fmt(cpu_run['cpuSeconds'].get(proc), 1)} | {fmt(cpu_run['memoryMb'].get(proc), 0)} |")
    lines.append(f"| **all** | **{fmt(total, 2)}** | | |")
    lines += ["", f"2 cores give 2,000 CPU-seconds per 1,000 seconds: at {fmt(total, 2)} CPU s per 1,000 charges the "
              f"machine's ceiling for this path is about {fmt(2000 / total if total else None, 0)} charges/s "
              "with everything co-located.", ""]
    if pg:
        lines += ["## Baselines", "", f"**Database** — `pgbench` running `bench/pgbench/charge.sql` "
                  f"({pg['commitsPerCharge']} commits, the rows one charge writes across the services) on Troco's "
                  "PostgreSQL in a scratch database:", "",
                  "| clients | charges/s | latency avg ms |", "| --- | --- | --- |"]
        lines += [f"| {r['clients']} | {fmt(r['chargesPerSecond'], 0)} | {fmt(r['latencyAverageMs'], 2)} |"
                  for r in pg["runs"]]
        lines.append("")
    if http:
        lines += [f"**HTTP** — the same load generator against `bench/http-baseline` (one JSON endpoint on Quarkus "
                  f"3.37.1, nothing behind it): knee {fmt(http_knee, 0)} requests/s.", "",
                  "| offered/s | achieved/s | p50 ms | p99 ms | bounded |", "| --- | --- | --- | --- | --- |"]
        lines += [f"| {fmt(s['offeredRate'], 0)} | {fmt(s['achievedRate'])} | "
                  f"{fmt(lat(s, 'request', 'p50'), 2)} | {fmt(lat(s, 'request', 'p99'), 2)} | "
                  f"{'yes' if s.get('bounded') else 'no'} |" for s in http["steps"]]
        lines.append("")
    if meta.get("readyLines"):
        lines += ["## Start-up", "", "```", *meta["readyLines"], "```", ""]
    if meta.get("analysis"):
        lines += ["## Where the time goes", "", meta["analysis"], ""]
    lines += ["## Commands", "", "```", *commands, "```", "",
              "Raw results: `payin.json`, `http.json`, `pgbench.json` in this folder."]
    with open(os.path.join(folder, "report.md"), "w") as out:
        out.write("\n".join(lines) + "\n")
    series = []
    for run in payin.get("fractions", []):
        series.append((f"create @ {run['label']}", run["latencyMs"]["create"].get("percentiles", [])))
        series.append((f"paid→webhook @ {run['label']}", run["latencyMs"]["paidToWebhook"].get("percentiles", [])))
    if not series and knee_step:
        series.append(("create @ knee", knee_step["latencyMs"]["create"].get("percentiles", [])))
    latency_svg(series, os.path.join(folder, "latency.svg"), "Troco latency by percentile")


def machine():
    cpu = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = int(open("/proc/meminfo").readline().split()[1]) // 1024 // 1024
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return f"{os.cpu_count()} cores ({cpu}), {mem} GiB, {java}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="short run: checks the tool chain, figures meaningless")
    parser.add_argument("--attach", action="store_true", help="use a platform already running (./troco up)")
    parser.add_argument("--out", help="results folder (default bench/results/<UTC time>)")
    parser.add_argument("--analysis", help="a Markdown file whose text goes under 'Where the time goes'")
    parser.add_argument("--launcher-jvm", action="store_true",
                        help="keep the launcher's quick-start JVM flags (C1 only) instead of the throughput ones")
    args = parser.parse_args()

    for jar in (BENCH_JAR, BASELINE_JAR):
        if not os.path.isfile(jar):
            sys.exit(f"{os.path.relpath(jar, ROOT)} is missing: build with ./mvnw -B -q install -DskipTests")
    started = datetime.datetime.now(datetime.timezone.utc)
    folder = args.out or os.path.join(BENCH, "results", started.strftime("%Y-%m-%dT%H%MZ") + ("-quick" if args.quick else ""))
    os.makedirs(folder, exist_ok=True)
    meta = {"started": started.strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(), "quick": args.quick}
    commands = ["bench/run.py" + (" --quick" if args.quick else "") + (" --attach" if args.attach else "")
                + (" --launcher-jvm" if args.launcher_jvm else "")]

    platform = None
    if not args.attach:
        environment = {} if args.launcher_jvm else THROUGHPUT_JVM
        meta["jvm"] = ", ".join(f"`{k}={v}`" for k, v in environment.items()) or "the launcher's defaults (C1 only)"
        platform = Platform(os.path.join(folder, "troco-up.log"), environment)
        platform.start()
        meta["readySeconds"] = platform.ready_seconds
        meta["readyLines"] = platform.component_ready_lines()
    try:
        meta["pgSettings"] = pg_settings()
        pg = pgbench(5 if args.quick else 20, [4] if args.quick else [4, 8, 16])
        with open(os.path.join(folder, "pgbench.json"), "w") as out:
            json.dump(pg, out, indent=2)
        commands += [pg["runs"][0]["command"].replace(ROOT + "/", "")]

        idle_before = commits()
        time.sleep(5)
        idle_rate = (commits() - idle_before) / 5.0
        before = commits()
        payin_started = time.monotonic()
        payin_json = os.path.join(folder, "payin.json")
        # Warm up long enough for C2 to settle: on two cores shared by seven JVMs, the compiler threads are
        # still the largest CPU users of a service after a minute of load (measured).
        payin_args = ["payin", f"--out={payin_json}", f"--data-dir={os.path.join(ROOT, '.troco')}",
                      "--start-rate=10", "--warmup-seconds=120"]
        if args.quick:
            payin_args += ["--rates=5,10", "--step-seconds=3", "--warmup-seconds=2", "--fraction-seconds=3",
                           "--drain-seconds=10", "--companies=2"]
        commands.append(bench_tool(*payin_args).replace(ROOT + "/", ""))
        payin_commits = commits() - before - idle_rate * (time.monotonic() - payin_started)
        payin = json.load(open(payin_json))
        paid = sum(s["paid"] for s in payin["steps"] + payin.get("fractions", []))
        meta["commitsPerCharge"] = payin_commits / paid if paid else None

        http_json = os.path.join(folder, "http.json")
        commands.append(http_baseline(http_json, args.quick).replace(ROOT + "/", ""))
        http = json.load(open(http_json))
    finally:
        if platform:
            platform.stop()
    if args.analysis:
        meta["analysis"] = open(args.analysis).read().strip()
    report(folder, meta, pg, payin, http, commands)
    if not args.quick:
        latest = os.path.join(BENCH, "results", "latest.md")
        relative = os.path.relpath(folder, os.path.dirname(latest))
        text = open(os.path.join(folder, "report.md")).read().replace("](latency.svg)", f"]({relative}/latency.svg)")
        text = text.replace("in this folder.", f"in [{relative}]({relative}).")
        with open(latest, "w") as out:
            out.write(text)
    log(f"report: {os.path.relpath(os.path.join(folder, 'report.md'), ROOT)}")
    if payin.get("invalidWebhookSignatures", 0):
        sys.exit("FAIL: webhooks with bad signatures")
    paid = sum(s["paid"] for s in payin["steps"])
    if args.quick:
        # a smoke of the tool chain: charges went through and were notified; latency at this length means nothing
        if paid == 0 or not any(s["webhooks"] for s in payin["steps"]) or not any(s["ok"] for s in http["steps"]):
            sys.exit("FAIL: the quick run paid no charge, received no webhook, or the HTTP baseline answered nothing")
    elif payin.get("kneeRate", 0) <= 0:
        sys.exit("FAIL: no bounded step")


if __name__ == "__main__":
    main()
