#!/usr/bin/env python3
"""Fault injection: kill -9 parts of a loaded platform at random moments, restart them, then prove nothing was
lost or done twice.

  bench/faults.py                       3 rounds, a random seed (printed), starts and stops ./troco up itself
  bench/faults.py --seed 42 --rounds 5  the same kills at the same moments as an earlier run with seed 42
  bench/faults.py --quick               one short round (CI's smoke of the script)

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
and prints a verdict with the counts. Exit status 0 only if every round passed. Standard library only.
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


def run_round(number, rng, args, folder, respawned):
    journal = os.path.join(folder, f"round-{number}-journal.log")
    summary = os.path.join(folder, f"round-{number}-load.json")
    command = ["java", "-Xmx512m", "-jar", BENCH_JAR, "faults-load", f"--rate={args.rate}",
               f"--seconds={args.seconds}", f"--companies={args.companies}", f"--journal={journal}",
               f"--out={summary}", f"--data-dir={os.path.join(ROOT, '.troco')}",
               f"--settle-seconds={args.settle_seconds}"]
    for target in args.targets:
        if target in REPLICAS:
            log(f"round {number}: a second replica of {REPLICAS[target]} on port "
                f"{TARGETS[REPLICAS[target]][1] + REPLICA_PORT_OFFSET}")
            respawned.start_replica(REPLICAS[target])
    load = subprocess.Popen(command, cwd=ROOT, stdout=open(os.path.join(folder, f"round-{number}-load.out"), "w"),
                            stderr=subprocess.STDOUT)
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
    deadline = time.monotonic() + args.seconds + 180 + args.settle_seconds + 120
    while load.poll() is None:
        if time.monotonic() > deadline:
            load.kill()
            raise RuntimeError("the load generator did not finish in time")
        time.sleep(1)
    if load.returncode != 0:
        raise RuntimeError(f"the load generator failed; see round-{number}-load.out")
    counts, problems = check(journal, summary)
    if restart_failures:
        problems["restart did not become ready in time"] = restart_failures
    return kills, (counts, problems)


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
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 2 ** 31)
    rng = random.Random(seed)
    started = datetime.datetime.now(datetime.timezone.utc)
    folder = args.out or os.path.join(ROOT, "bench", "results", "faults-" + started.strftime("%Y-%m-%dT%H%MZ")
                                            + ("-quick" if args.quick else ""))
    os.makedirs(folder, exist_ok=True)
    log(f"fault injection: seed {seed}, {args.rounds} round(s) of {args.seconds:.0f} s at {args.rate:.0f} charges/s; "
        f"results in {os.path.relpath(folder, ROOT)}")

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
    finally:
        respawned.stop_services()
        if platform:
            platform.stop()
        respawned.stop_kafka()
        respawned.stop_postgres()
        with open(os.path.join(folder, "faults.json"), "w") as out:
            json.dump(results, out, indent=2)
    log(f"verdict: {'PASS' if passed else 'FAIL'} (seed {seed}; bench/faults.py --seed {seed} "
        f"--rounds {args.rounds} repeats the same kills)")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
