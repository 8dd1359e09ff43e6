#!/usr/bin/env python3
"""Fault injection: kill -9 parts of a loaded platform at random moments, restart them, then prove nothing was
lost or done twice.

  bench/faults.py                       3 rounds, a random seed (printed), starts and stops ./troco up itself
  bench/faults.py --seed 42 --rounds 5  the same kills at the same moments as an earlier run with seed 42
  bench/faults.py --quick               one short round of each kind (CI's smoke of the script)
  bench/faults.py --rounds 0 --soak-minutes 0            only the receiver outage (600 s)
  bench/faults.py --rounds 0 --receiver-down-seconds 0   only the soak (30 min at 80% of the knee)

Each round runs the load generator's fault mode (bench/load: a steady rate of PIX charges created and paid through
the gateway, retried as a careful merchant would, with the same Idempotency-Key) and, meanwhile, kills with SIGKILL
each of charge-service, notification-service, api-gateway, the Kafka broker and PostgreSQL once, in a seeded random
order at seeded random moments, and restarts each after a seeded pause with the same command line and environment
(PostgreSQL in its user namespace, as the launcher started it: it recovers from its WAL). Full rounds also freeze
(SIGSTOP) charge-service, notification-service and the broker for 12-18 s, longer than the consumers' 10 s session
timeout, as a stand-in for a network cut, then resume them, and run a second replica of charge-service,
notification-service and api-gateway that they kill for good mid-load (the first replica takes over). Loopback only,
and bounded in time: every wait has a deadline.

Then it checks, from the databases and the webhook receiver's journal:
  - every charge the gateway acknowledged exists, exactly once (no second charge from a retried create);
  - every paid charge was notified at least once, with a valid signature;
  - every duplicate delivery of a charge's webhook carries the same webhook-id;
  - no charge is stuck: each payment the gateway acknowledged is Paid in the charge-service;
  - no outbox row stays unsent in any service's database;
and prints a verdict with the counts.

Two more rounds follow, each with a seed of its own (drawn from the run's, printed):
  - receiver down: the generator's webhook receiver answers 503 for --receiver-down-seconds under load, then comes
    back; every paid charge must be notified once back, none twice, and the backlog within --drain-bound-seconds;
  - soak: --soak-minutes at --soak-rate, sampling each service's (and Kafka's, and the postmaster's) RSS, open file
    descriptors and TCP connections, and PostgreSQL's connections per database, every ~10 s; after the warm-up
    the slope per hour of each must stay within SOAK_TOLERANCE (--quick reports the slopes without judging them).
Exit status 0 only if every round passed. Standard library only.
"""
import argparse, datetime, json, os, random, signal, subprocess, sys, threading, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH_JAR = os.path.join(ROOT, "bench", "load", "target", "troco-bench.jar")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import Platform, psql, log  # noqa: E402

TARGETS = {
    "charge-service": ("charge-service/target/quarkus-app/quarkus-run.jar", 8081),
    "notification-service": ("notification-service/target/quarkus-app/quarkus-run.jar", 8084),
    "api-gateway": ("api-gateway/target/quarkus-app/quarkus-run.jar", 8080),
    "kafka": ("kafka.Kafka", 19092),
    # The postmaster of ./troco up's embedded PostgreSQL (its backends exit on their own once it is gone).
    "postgres": ("/.troco/data/postgres", 15432),
}
# Frozen (SIGSTOP, then SIGCONT) longer than the consumers' 10 s session timeout: the broker hears nothing from a
# frozen service, as if its network were cut, and takes its partitions away; a frozen broker is unreachable to
# all. A stand-in for a network cut: the TCP connections stay open, where a real cut would leave them to time out.
FREEZES = {"freeze-charge-service": "charge-service", "freeze-notification-service": "notification-service",
           "freeze-kafka": "kafka"}
FREEZE_SECONDS = (12, 18)
# A second replica of a service (same command line and environment, HTTP port + REPLICA_PORT_OFFSET) joins its
# consumer groups and competes for its outbox relay; the round kills it with SIGKILL and does not restart it: the
# first replica must take over its partitions and its relay. (The gateway's reads and the load still go to the
# first replica's ports, so the second is the one killed.)
REPLICAS = {"replica-charge-service": "charge-service", "replica-notification-service": "notification-service",
            "replica-api-gateway": "api-gateway"}
REPLICA_PORT_OFFSET = 10000
# What each round does unless --targets says otherwise; --quick leaves the freezes out (CI's time).
DEFAULT_TARGETS = ["charge-service", "notification-service", "api-gateway", "kafka", "postgres"]
ALL_TARGETS = DEFAULT_TARGETS + list(FREEZES) + list(REPLICAS)
# The knee measured by bench/run.py (bench/results/latest.md): the soak's default rate is 80% of it.
KNEE_RATE = 23
DATABASES = ["troco_gateway", "troco_charge", "troco_notification", "troco_payout", "troco_compliance"]


def find_pid(marker, exclude=()):
    for name in sorted((n for n in os.listdir("/proc") if n.isdigit()), key=int):
        if int(name) not in exclude:
            try:
                cmdline = open(f"/proc/{name}/cmdline", "rb").read().decode(errors="replace")
            except OSError:
                continue
            if marker in cmdline and "faults.py" not in cmdline:
                return int(name)
    return None


class Respawned:
    """Processes this script restarted: it stops them at the end, since the launcher no longer knows them."""

    def __init__(self, folder):
        self.folder = folder
        self.procs = {}
        self.replicas = {}

    def replica_pids(self):
        return {proc.pid for proc in self.replicas.values()}

    def running(self, name):
        """The first replica of {name}: its pid, and the command line, environment and directory it was started with."""
        pid = find_pid(TARGETS[name][0], self.replica_pids())
        if pid is None:
            raise RuntimeError(f"{name} is not running")
        cmdline = [a.decode() for a in open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0") if a]
        environ = dict(e.decode(errors="replace").split("=", 1)
                       for e in open(f"/proc/{pid}/environ", "rb").read().split(b"\0") if b"=" in e)
        return pid, cmdline, environ, os.readlink(f"/proc/{pid}/cwd")

    def start_replica(self, name):
        """A second replica of {name}, as the first was started, on the HTTP port + REPLICA_PORT_OFFSET."""
        port = TARGETS[name][1]
        _, cmdline, environ, cwd = self.running(name)
        environ["QUARKUS_HTTP_PORT"] = str(port + REPLICA_PORT_OFFSET)
        out = open(os.path.join(self.folder, f"{name}-replica-2.log"), "a")
        self.replicas[name] = subprocess.Popen(cmdline, env=environ, cwd=cwd,
                                               stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        self.await_ready(name, port + REPLICA_PORT_OFFSET)

    def kill_replica(self, name):
        """SIGKILL the second replica of {name}, for good; answers how long it took to go."""
        proc = self.replicas.pop(name)
        started = time.monotonic()
        proc.kill()
        proc.wait(10)
        return time.monotonic() - started

    def kill_and_restart(self, name, pause):
        port = TARGETS[name][1]
        pid, cmdline, environ, cwd = self.running(name)
        os.kill(pid, signal.SIGKILL)
        killed_at = time.monotonic()
        while os.path.exists(f"/proc/{pid}") and open(f"/proc/{pid}/stat").read().split()[2] != "Z":
            if time.monotonic() - killed_at > 10:
                raise RuntimeError(f"{name} (pid {pid}) survived SIGKILL")
            time.sleep(0.05)
        time.sleep(pause)
        out = open(os.path.join(self.folder, f"{name}-restarted.log"), "a")
        if name == "postgres":
            self.restart_postgres(cmdline, environ, cwd, out)
        else:
            self.procs[name] = subprocess.Popen(cmdline, env=environ, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                                start_new_session=True)
        self.await_ready(name, port)
        return time.monotonic() - killed_at

    def freeze(self, name, seconds):
        """SIGSTOP the target for {seconds}, then SIGCONT; answers how long it was frozen."""
        pid = find_pid(TARGETS[name][0], self.replica_pids())
        if pid is None:
            raise RuntimeError(f"{name} is not running")
        os.kill(pid, signal.SIGSTOP)
        stopped_at = time.monotonic()
        try:
            time.sleep(seconds)
        finally:
            os.kill(pid, signal.SIGCONT)
        return time.monotonic() - stopped_at

    def restart_postgres(self, cmdline, environ, cwd, out, timeout=60):
        """The embedded server runs in a user namespace (unshare -U), as zonky started it; it refuses to start
        while a backend of the killed postmaster still holds its shared memory, so it is tried until it stays up."""
        deadline = time.monotonic() + timeout
        while True:
            proc = subprocess.Popen(["unshare", "-U"] + cmdline, env=environ, cwd=cwd, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
            try:
                proc.wait(3)
            except subprocess.TimeoutExpired:
                self.procs["postgres"] = proc
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"postgres did not restart within {timeout} s (exit {proc.returncode})")
            time.sleep(0.5)

    @staticmethod
    def await_ready(name, port, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if name in ("kafka", "postgres"):
                    import socket
                    socket.create_connection(("127.0.0.1", port), 1).close()
                    return
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/q/health/ready", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"{name} did not become ready within {timeout} s after its restart")

    def stop_services(self):
        for proc in self.replicas.values():
            proc.terminate()
        for proc in self.replicas.values():
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.replicas.clear()
        for name in ["api-gateway", "notification-service", "charge-service"]:
            self._stop(name)

    def stop_kafka(self):
        self._stop("kafka")

    def stop_postgres(self):
        proc = self.procs.pop("postgres", None)
        if proc and proc.poll() is None:
            proc.send_signal(signal.SIGINT)  # PostgreSQL's fast shutdown
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()

    def _stop(self, name):
        proc = self.procs.pop(name, None)
        if proc and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()


class Load:
    """The generator's fault mode as a child process: a steady rate, a journal of what was acknowledged and received."""

    def __init__(self, folder, name, rate, seconds, companies, settle_seconds, extra=(), jvm=()):
        self.name = name
        self.seconds = seconds
        self.settle_seconds = settle_seconds
        self.journal = os.path.join(folder, f"{name}-journal.log")
        self.summary = os.path.join(folder, f"{name}-load.json")
        command = ["java", "-Xmx512m"] + list(jvm) + ["-jar", BENCH_JAR, "faults-load", f"--rate={rate}",
                   f"--seconds={seconds}", f"--companies={companies}", f"--journal={self.journal}",
                   f"--out={self.summary}", f"--data-dir={os.path.join(ROOT, '.troco')}",
                   f"--settle-seconds={settle_seconds}"] + list(extra)
        self.proc = subprocess.Popen(command, cwd=ROOT, stdout=open(os.path.join(folder, f"{name}-load.out"), "w"),
                                     stderr=subprocess.STDOUT)

    def wait(self):
        """Until the generator ends: its load, then its wait for the last webhooks (retries 180 s, settle)."""
        deadline = time.monotonic() + self.seconds + 180 + self.settle_seconds + 120
        while self.proc.poll() is None:
            if time.monotonic() > deadline:
                self.proc.kill()
                raise RuntimeError("the load generator did not finish in time")
            time.sleep(1)
        if self.proc.returncode != 0:
            raise RuntimeError(f"the load generator failed; see {self.name}-load.out")


def run_round(number, rng, args, folder, respawned):
    for target in args.targets:
        if target in REPLICAS:
            log(f"round {number}: a second replica of {REPLICAS[target]} on port "
                f"{TARGETS[REPLICAS[target]][1] + REPLICA_PORT_OFFSET}")
            respawned.start_replica(REPLICAS[target])
    load = Load(folder, f"round-{number}", args.rate, args.seconds, args.companies, args.settle_seconds)
    # Kills happen while the load runs: one of each target, in a seeded order, at seeded moments.
    order = list(args.targets)
    rng.shuffle(order)
    window = args.seconds * 0.8
    moments = sorted(rng.uniform(8, window) for _ in order)
    kills, restart_failures = [], []
    started = time.monotonic()
    for name, moment in zip(order, moments):
        wait = started + moment - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        pause = round(rng.uniform(0.5, 4.0), 1)
        frozen_for = round(rng.uniform(*FREEZE_SECONDS), 1)
        try:
            if name in REPLICAS:
                log(f"round {number}: kill -9 the second replica of {REPLICAS[name]} at "
                    f"{time.monotonic() - started:.1f} s of {args.seconds:.0f} s of load, for good")
                down = respawned.kill_replica(REPLICAS[name])
                pause = 0
            elif name in FREEZES:
                log(f"round {number}: SIGSTOP {FREEZES[name]} at {time.monotonic() - started:.1f} s of "
                    f"{args.seconds:.0f} s of load for {frozen_for} s")
                down = respawned.freeze(FREEZES[name], frozen_for)
                log(f"round {number}: {FREEZES[name]} resumed after {down:.1f} s")
                pause = frozen_for
            else:
                log(f"round {number}: kill -9 {name} at {time.monotonic() - started:.1f} s of {args.seconds:.0f} s "
                    f"of load, restart after {pause} s")
                down = respawned.kill_and_restart(name, pause)
                log(f"round {number}: {name} back and ready after {down:.1f} s")
        except RuntimeError as e:
            restart_failures.append(f"{name}: {e}")
            log(f"round {number}: {e}")
            down = time.monotonic() - started - moment
        at = time.monotonic() - started - down
        kills.append({"target": name, "atSeconds": round(at, 1), "pauseSeconds": pause,
                      "downSeconds": round(down, 1), "duringLoad": at < args.seconds})
    load.wait()
    counts, problems = check(load.journal, load.summary)
    if restart_failures:
        problems["restart did not become ready in time"] = restart_failures
    return kills, (counts, problems)


def round_seed(rng):
    """A round's own seed, drawn from the run's: printed, so one round can be told apart and replayed."""
    return rng.randrange(1, 2 ** 31)


def journal_times(journal_path):
    """Per charge: when its payment was acknowledged and when its first valid charge.paid webhook arrived (ms)."""
    paid_at, first_webhook = {}, {}
    for line in open(journal_path):
        parts = line.split()
        if len(parts) < 3:
            continue
        if parts[1] == "PAID":
            paid_at.setdefault(parts[2], int(parts[0]))
        elif parts[1] == "WEBHOOK" and len(parts) > 5 and parts[3] == "charge.paid" and parts[5] == "valid":
            first_webhook.setdefault(parts[4], int(parts[0]))
    return paid_at, first_webhook


def run_receiver_down(seed, args, folder):
    """The merchants' webhook receiver answers 503 for --receiver-down-seconds under load, then comes back: every
    paid charge must be notified after it returns, none twice, its backlog within --drain-bound-seconds."""
    rng = random.Random(seed)
    down_for = args.receiver_down_seconds
    down_at = round(rng.uniform(10, 25), 1)
    after = max(30.0, min(120.0, down_for / 5))  # load goes on after the return: fresh events tell Troco it is back
    seconds = down_at + down_for + after
    flag = os.path.join(folder, "receiver-down.flag")
    if os.path.exists(flag):
        os.remove(flag)
    log(f"receiver-down round: seed {seed}; {seconds:.0f} s of load at {args.rate:g} charges/s, the receiver "
        f"answers 503 from {down_at} s for {down_for:g} s")
    load = Load(folder, "receiver-down", args.rate, seconds, args.companies, args.settle_seconds,
                [f"--receiver-down-file={flag}"])
    started = time.monotonic()
    time.sleep(max(0.0, started + down_at - time.monotonic()))
    open(flag, "w").close()
    down_ms = int(time.time() * 1000)
    log(f"receiver-down round: the receiver answers 503 now ({time.monotonic() - started:.1f} s of load)")
    try:
        time.sleep(max(0.0, started + down_at + down_for - time.monotonic()))
    finally:
        os.remove(flag)
    up_ms = int(time.time() * 1000)
    log(f"receiver-down round: the receiver is back after {(up_ms - down_ms) / 1000:.1f} s")
    load.wait()
    counts, problems = check(load.journal, load.summary)
    paid_at, first_webhook = journal_times(load.journal)
    # The backlog: charges paid before the return whose first webhook came after it (delivered only once back).
    backlog = [c for c, t in paid_at.items() if t < up_ms and first_webhook.get(c, up_ms) >= up_ms]
    late = [c for c in backlog if c not in first_webhook]
    drained_ms = max((first_webhook[c] for c in backlog if c in first_webhook), default=up_ms) - up_ms
    refused = json.load(open(load.summary)).get("refusedWhileReceiverDown", 0)
    counts.update({"receiverDownSeconds": round((up_ms - down_ms) / 1000, 1),
                   "refusedWhileDown": refused, "backlogAtReturn": len(backlog),
                   "backlogDrainedSecondsAfterReturn": round(drained_ms / 1000, 1),
                   "drainBoundSeconds": args.drain_bound_seconds})
    if counts["duplicateDeliveries"]:
        problems["delivered twice (no kill in this round: each event must arrive once)"] = [
            counts["duplicateDeliveries"]]
    if refused == 0 or not backlog:
        problems["the outage refused nothing (no backlog to drain): the round tested nothing"] = [refused]
    if late:
        problems["backlog never delivered"] = late[:10]
    elif drained_ms / 1000 > args.drain_bound_seconds:
        problems["backlog drained later than the bound"] = [f"{drained_ms / 1000:.1f} s > "
                                                             f"{args.drain_bound_seconds:g} s"]
    log(f"receiver-down round: {len(backlog)} charges waited for the receiver; the last arrived "
        f"{drained_ms / 1000:.1f} s after it came back (bound {args.drain_bound_seconds:g} s)")
    return {"seed": seed, "downAtSeconds": down_at, "loadSeconds": round(seconds, 1)}, (counts, problems)


# ---------------------------------------------------------------- soak

SERVICES = ["api-gateway", "charge-service", "payout-service", "compliance-service", "notification-service"]
# Judged after the warm-up: a slope (least squares, per hour) above these fails the soak. At 18.4 charges/s a leak
# of 0.5 KB per charge is 33 MB/h, and one connection leaked per 100 charges is 660/h: both far above.
SOAK_TOLERANCE = {"rssMB": 32.0, "fds": 10.0, "tcp": 10.0, "pg": 10.0}


def process_pids():
    """Each service's, Kafka's and the PostgreSQL postmaster's pid, by command line (the first replica's)."""
    markers = {name: f"{name}/target/quarkus-app/quarkus-run.jar" for name in SERVICES}
    markers["kafka"] = TARGETS["kafka"][0]
    markers["postgres"] = TARGETS["postgres"][0]
    return {name: find_pid(marker) for name, marker in markers.items()}


def tcp_sockets():
    """The TCP sockets on this machine (/proc/net/tcp and tcp6): inode → (local port, state), state 01 established,
    0A listening."""
    sockets = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as rows:
                next(rows)
                for row in rows:
                    fields = row.split()
                    if fields[3] in ("01", "0A"):
                        sockets[fields[9]] = (int(fields[1].rsplit(":", 1)[1], 16), fields[3])
        except OSError:
            pass
    return sockets


def sample_process(pid, sockets):
    """RSS (MB), open file descriptors and established TCP connections of one process, from /proc; the connections
    also split into accepted (on a port it listens on: clients, the load generator's among them) and opened by it."""
    rss_kb = None
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss_kb = int(line.split()[1])
    fds = 0
    listening, established = set(), []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        fds += 1
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        socket = sockets.get(target[8:-1]) if target.startswith("socket:[") else None
        if socket and socket[1] == "0A":
            listening.add(socket[0])
        elif socket:
            established.append(socket[0])
    accepted = sum(1 for port in established if port in listening)
    return {"rssMB": round(rss_kb / 1024, 1), "fds": fds, "tcp": len(established), "tcpAccepted": accepted,
            "tcpOpened": len(established) - accepted}


def pg_connections():
    """Client connections per Troco database (pg_stat_activity)."""
    rows = psql("SELECT datname, count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
                "AND datname LIKE 'troco\\_%' GROUP BY datname")
    counts = {db: 0 for db in DATABASES}
    for row in rows.splitlines() if rows else []:
        db, n = row.split("|")
        counts[db] = int(n)
    return counts


def slope_per_hour(points):
    """Least-squares slope of (seconds, value) points, per hour; None with fewer than 3 points."""
    if len(points) < 3:
        return None
    n = len(points)
    mean_t = sum(t for t, _ in points) / n
    mean_v = sum(v for _, v in points) / n
    var = sum((t - mean_t) ** 2 for t, _ in points)
    if var == 0:
        return None
    return sum((t - mean_t) * (v - mean_v) for t, v in points) / var * 3600


def run_soak(seed, args, folder):
    """--soak-minutes at --soak-rate (default 80% of the measured knee): every ~10 s, each service's RSS, open file
    descriptors and TCP connections, Kafka's too, and PostgreSQL's connections per database; after the warm-up
    the slope per hour of each must stay within SOAK_TOLERANCE (memory and connections flat). --quick only reports
    the slopes: two minutes are a JVM's warm-up, too short to tell a leak from it."""
    rng = random.Random(seed)
    seconds = args.soak_minutes * 60
    warmup = args.soak_warmup_seconds if args.soak_warmup_seconds is not None else min(300.0, seconds / 4)
    judged = not args.quick
    log(f"soak: seed {seed}; {args.soak_minutes:g} min at {args.soak_rate:g} charges/s, a sample every ~10 s, "
        f"slopes judged after {warmup:.0f} s of warm-up" + ("" if judged else " (--quick: reported, not judged)"))
    log("soak: tolerance per hour after warm-up: RSS ≤ {rssMB:g} MB/h, open fds ≤ {fds:g}/h, TCP connections ≤ "
        "{tcp:g}/h per process; PostgreSQL connections ≤ {pg:g}/h per database".format(**SOAK_TOLERANCE))
    # The generator's HTTP client closes a connection idle for 30 s (the JDK keeps one 20 minutes): otherwise every
    # new peak of its concurrency leaves connections open at the gateway for the rest of the soak, a slope that is
    # the client's, not Troco's.
    load = Load(folder, "soak", args.soak_rate, seconds, args.companies, args.settle_seconds,
                jvm=["-Djdk.httpclient.keepalive.timeout=30"])
    started = time.monotonic()
    samples, vanished = [], []
    pids = process_pids()
    missing = [name for name, pid in pids.items() if pid is None]
    if missing:
        raise RuntimeError(f"soak: not running: {missing}")
    with open(os.path.join(folder, "soak-samples.csv"), "w") as csv:
        csv.write("seconds,process,rssMB,fds,tcp,tcpAccepted,tcpOpened\n")
        while time.monotonic() - started < seconds and load.proc.poll() is None:
            at = round(time.monotonic() - started, 1)
            sockets = tcp_sockets()
            sample = {"seconds": at, "processes": {}, "pg": pg_connections()}
            for name, pid in pids.items():
                try:
                    sample["processes"][name] = sample_process(pid, sockets)
                except OSError:
                    vanished.append(f"{name} (pid {pid}) at {at} s")
                    continue
                p = sample["processes"][name]
                csv.write(f"{at},{name},{p['rssMB']},{p['fds']},{p['tcp']},{p['tcpAccepted']},{p['tcpOpened']}\n")
            for db, n in sample["pg"].items():
                csv.write(f"{at},pg:{db},,,{n},,\n")
            csv.flush()
            samples.append(sample)
            time.sleep(max(0.5, 10 + rng.uniform(-1, 1) - (time.monotonic() - started - at)))
    load.wait()
    counts, problems = check(load.journal, load.summary)
    if counts["duplicateDeliveries"]:
        problems["delivered twice (no kill in this round: each event must arrive once)"] = [
            counts["duplicateDeliveries"]]
    if vanished:
        problems["a process ended during the soak"] = sorted(set(vanished))[:10]
    after = [x for x in samples if x["seconds"] >= warmup]
    slopes, over = {}, []
    for name in pids:
        row = {}
        for metric in ("rssMB", "fds", "tcp", "tcpAccepted", "tcpOpened"):
            points = [(x["seconds"], x["processes"][name][metric]) for x in after if name in x["processes"]]
            slope = slope_per_hour(points)
            values = [v for _, v in points]
            row[metric] = {"slopePerHour": None if slope is None else round(slope, 1),
                           "first": values[0] if values else None, "last": values[-1] if values else None,
                           "min": min(values, default=None), "max": max(values, default=None)}
            if metric in SOAK_TOLERANCE and slope is not None and slope > SOAK_TOLERANCE[metric]:
                over.append(f"{name} {metric} {slope:+.1f}/h > {SOAK_TOLERANCE[metric]:g}/h")
        slopes[name] = row
    for db in DATABASES:
        points = [(x["seconds"], x["pg"][db]) for x in after]
        slope = slope_per_hour(points)
        values = [v for _, v in points]
        slopes[f"pg:{db}"] = {"connections": {"slopePerHour": None if slope is None else round(slope, 1),
                                              "first": values[0] if values else None,
                                              "last": values[-1] if values else None,
                                              "min": min(values, default=None), "max": max(values, default=None)}}
        if slope is not None and slope > SOAK_TOLERANCE["pg"]:
            over.append(f"PostgreSQL connections to {db} {slope:+.1f}/h > {SOAK_TOLERANCE['pg']:g}/h")
    if len(after) < 3:
        problems["too few samples after the warm-up to judge"] = [len(after)]
    if over and judged:
        problems["not flat after warm-up"] = over
    counts.update({"soakSeconds": seconds, "soakRate": args.soak_rate, "warmupSeconds": warmup,
                   "samples": len(samples), "samplesJudged": len(after), "flatnessJudged": judged,
                   "overTolerance": over})
    lines = ["| process | RSS MB first→last | RSS MB/h | fds first→last | fds/h | TCP first→last (min–max) | TCP/h "
             "| of which accepted/h | opened/h |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, row in slopes.items():
        if name.startswith("pg:"):
            continue
        cell = lambda m: (f"{row[m]['first']}→{row[m]['last']}", row[m]['slopePerHour'])
        tcp = row["tcp"]
        lines.append("| {} | {} | {} | {} | {} | {}→{} ({}–{}) | {} | {} | {} |".format(
            name, *cell("rssMB"), *cell("fds"), tcp["first"], tcp["last"], tcp["min"], tcp["max"],
            tcp["slopePerHour"], row["tcpAccepted"]["slopePerHour"], row["tcpOpened"]["slopePerHour"]))
    lines += ["", "| PostgreSQL database | connections first→last (min–max) | connections/h |", "| --- | --- | --- |"]
    for name, row in slopes.items():
        if name.startswith("pg:"):
            c = row["connections"]
            lines.append(f"| {name[3:]} | {c['first']}→{c['last']} ({c['min']}–{c['max']}) | {c['slopePerHour']} |")
    with open(os.path.join(folder, "soak.md"), "w") as out:
        out.write(f"# Soak: {args.soak_minutes:g} min at {args.soak_rate:g} charges/s (seed {seed})\n\n"
                  f"Samples every ~10 s; slopes by least squares over the {len(after)} samples after {warmup:.0f} s "
                  f"of warm-up. Tolerance per hour: RSS ≤ {SOAK_TOLERANCE['rssMB']:g} MB/h, open fds ≤ "
                  f"{SOAK_TOLERANCE['fds']:g}/h, TCP connections ≤ {SOAK_TOLERANCE['tcp']:g}/h per process, "
                  f"PostgreSQL connections ≤ {SOAK_TOLERANCE['pg']:g}/h per database"
                  + ("" if judged else " (--quick: reported, not judged)") + ".\n\n" + "\n".join(lines) + "\n")
    for line in lines:
        log("soak: " + line)
    return {"seed": seed, "slopes": slopes}, (counts, problems)


def check(journal_path, summary_path):
    tenants, created, pay_acked, failed, webhooks = [], {}, set(), [], {}
    invalid = 0
    for line in open(journal_path):
        parts = line.split()
        kind = parts[1]
        if kind == "TENANT":
            tenants.append(parts[2])
        elif kind == "CREATED":
            created.setdefault(parts[2], set()).add(parts[4])
        elif kind == "PAID":
            pay_acked.add(parts[2])
        elif kind in ("CREATE-FAILED", "PAY-FAILED"):
            failed.append(line.strip())
        elif kind == "WEBHOOK":
            if parts[5] != "valid":
                invalid += 1
            elif parts[3] == "charge.paid":
                webhooks.setdefault(parts[4], []).append(parts[2])
    companies = ",".join(f"'{t}'" for t in tenants)
    # No outbox row may stay unsent: the relays get a while to drain after the last restart.
    outbox = {}
    deadline = time.monotonic() + 90
    while True:
        outbox = {db: int(psql("SELECT count(*) FROM outbox_message", db)) for db in DATABASES}
        if sum(outbox.values()) == 0 or time.monotonic() > deadline:
            break
        time.sleep(2)
    rows = psql(f"SELECT id, status, custom_number FROM charge WHERE merchant_id IN ({companies})", "troco_charge")
    charges = {}
    by_custom_number = {}
    for row in rows.splitlines() if rows else []:
        charge_id, status, custom_number = row.split("|")
        charges[charge_id] = status
        by_custom_number.setdefault(custom_number, []).append(charge_id)
    missing = [c for c in created if c not in charges]
    doubled = {n: ids for n, ids in by_custom_number.items() if len(ids) > 1}
    paid_in_db = [c for c, s in charges.items() if s == "PAID"]
    not_notified = [c for c in paid_in_db if c not in webhooks]
    mixed_ids = {c: sorted(set(ids)) for c, ids in webhooks.items() if len(set(ids)) > 1}
    duplicates = sum(len(ids) - 1 for ids in webhooks.values())
    stuck = [c for c in pay_acked if charges.get(c) != "PAID"]
    unacknowledged = [c for c in charges if c not in created]
    load = json.load(open(summary_path))
    counts = {
        "offered": load["offered"], "acknowledgedCharges": len(created), "chargesInDatabase": len(charges),
        "acknowledgedPayments": len(pay_acked), "paidInDatabase": len(paid_in_db),
        "chargesNotifiedPaid": len(webhooks), "duplicateDeliveries": duplicates,
        "gaveUp": len(failed), "createdButNeverAcknowledged": len(unacknowledged),
        "outboxRowsLeft": sum(outbox.values()), "invalidSignatures": invalid,
    }
    problems = {
        "acknowledged charge missing": missing,
        "charge created twice (same customNumber)": list(doubled.items()),
        "paid charge never notified": not_notified,
        "duplicate deliveries with different webhook-ids": list(mixed_ids.items()),
        "acknowledged payment not Paid": stuck,
        "outbox rows left": [f"{db}: {n}" for db, n in outbox.items() if n],
        "invalid webhook signatures": [invalid] if invalid else [],
        "load generator gave up": failed,
    }
    return counts, {k: v[:10] for k, v in problems.items() if v}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--rate", type=float, default=20, help="charges per second during a round")
    parser.add_argument("--seconds", type=float, default=150, help="how long each round's load lasts")
    parser.add_argument("--companies", type=int, default=4)
    parser.add_argument("--settle-seconds", type=float, default=420,
                        help="after the load, how long to wait for the last webhooks (retries start at 5 s, 5 min)")
    parser.add_argument("--attach", action="store_true", help="use a platform already running (./troco up)")
    parser.add_argument("--quick", action="store_true", help="one short round")
    parser.add_argument("--out", help="results folder (default bench/results/faults-<UTC time>)")
    parser.add_argument("--receiver-down-seconds", type=float, default=600,
                        help="the receiver-down round: the webhook receiver answers 503 this long under load "
                             "(0: no such round; --quick: 45)")
    parser.add_argument("--drain-bound-seconds", type=float, default=120,
                        help="the receiver-down round passes only if its backlog arrives within this after the return")
    parser.add_argument("--soak-minutes", type=float, default=30,
                        help="the soak: this long at --soak-rate, sampling memory and connections (0: no soak; "
                             "--quick: 2)")
    parser.add_argument("--soak-rate", type=float, default=round(0.8 * KNEE_RATE, 1),
                        help=f"charges/s during the soak (default 80%% of the knee, {KNEE_RATE} in "
                             f"bench/results/latest.md)")
    parser.add_argument("--soak-warmup-seconds", type=float, default=None,
                        help="samples before this are not judged (default a quarter of the soak, at most 300)")
    parser.add_argument("--targets", default=None,
                        help=f"what each round does, comma-separated, of: {', '.join(ALL_TARGETS)} (default: all; "
                             f"--quick: the kills only)")
    args = parser.parse_args()
    if args.targets is None:
        args.targets = ",".join(DEFAULT_TARGETS if args.quick else ALL_TARGETS)
    args.targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    unknown = [t for t in args.targets if t not in ALL_TARGETS]
    if unknown or not args.targets:
        parser.error(f"unknown targets {unknown}; choose among {', '.join(ALL_TARGETS)}")
    if args.quick:
        args.rounds, args.seconds, args.rate, args.settle_seconds = 1, 60, 10, min(args.settle_seconds, 120)
        args.receiver_down_seconds = min(args.receiver_down_seconds, 45)
        args.soak_minutes = min(args.soak_minutes, 2)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 2 ** 31)
    rng = random.Random(seed)
    started = datetime.datetime.now(datetime.timezone.utc)
    folder = args.out or os.path.join(ROOT, "bench", "results", "faults-" + started.strftime("%Y-%m-%dT%H%MZ")
                                            + ("-quick" if args.quick else ""))
    os.makedirs(folder, exist_ok=True)
    log(f"fault injection: seed {seed}, {args.rounds} kill round(s) of {args.seconds:.0f} s at {args.rate:g} "
        f"charges/s, " + (f"a {args.receiver_down_seconds:g} s receiver outage, " if args.receiver_down_seconds else "")
        + (f"a {args.soak_minutes:g} min soak at {args.soak_rate:g}/s; " if args.soak_minutes else "")
        + f"results in {os.path.relpath(folder, ROOT)}")

    platform = None if args.attach else Platform(os.path.join(folder, "troco-up.log"))
    respawned = Respawned(folder)
    results = {"seed": seed, "args": vars(args), "rounds": []}
    passed = True
    try:
        if platform:
            platform.start()
        for number in range(1, args.rounds + 1):
            kills, (counts, problems) = run_round(number, rng, args, folder, respawned)
            verdict = "PASS" if not problems else "FAIL"
            passed &= not problems
            results["rounds"].append({"round": number, "verdict": verdict, "kills": kills, "counts": counts,
                                      "problems": problems})
            log(f"round {number}: {verdict} " + json.dumps(counts))
            for what, examples in problems.items():
                log(f"   {what}: {examples}")
        extra = []
        if args.receiver_down_seconds > 0:
            extra.append(("receiver-down", run_receiver_down))
        if args.soak_minutes > 0:
            extra.append(("soak", run_soak))
        for name, run in extra:
            details, (counts, problems) = run(round_seed(rng), args, folder)
            verdict = "PASS" if not problems else "FAIL"
            passed &= not problems
            results["rounds"].append({"round": name, "verdict": verdict, **details, "counts": counts,
                                      "problems": problems})
            log(f"{name}: {verdict} (seed {details['seed']}) " + json.dumps(counts))
            for what, examples in problems.items():
                log(f"   {what}: {examples}")
    finally:
        respawned.stop_services()
        if platform:
            platform.stop()
        respawned.stop_kafka()
        respawned.stop_postgres()
        with open(os.path.join(folder, "faults.json"), "w") as out:
            json.dump(results, out, indent=2)
    log(f"verdict: {'PASS' if passed else 'FAIL'} (seed {seed}; bench/faults.py --seed {seed} "
        f"--rounds {args.rounds} with the same options repeats the same kills, outage and sampling)")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
