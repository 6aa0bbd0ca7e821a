#!/usr/bin/env python3
"""Checks deploy/ against the binary: the Dockerfile, compose.yaml and k8s/ parse, and
their ports, probes, users and environment variable names agree with what restrictd
actually reads (`restrictd config --names`), serves (the GET routes of server/routes.c)
and documents (docs/operations.md and README.md hold `restrictd config --markdown`).

    tests/deploy/check_manifests.py --bin build/test/restrictd [--root DIR]
    tests/deploy/check_manifests.py --bin ... --self-test   # the checker catches mistakes

Exit 0 when everything agrees, 1 with one line per problem otherwise.
"""
import argparse
import copy
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml


class Checker:
    def __init__(self, root, binary):
        self.root = Path(root)
        self.binary = binary
        self.problems = []
        out = subprocess.run([binary, "config", "--names"], check=True, capture_output=True,
                             text=True).stdout
        self.binary_names = set(out.split())
        entry = (self.root / "deploy/entrypoint.sh").read_text()
        self.entrypoint_names = set(re.findall(r"\$\{?((?:RESTRICTD|DATABASE)_[A-Z0-9_]+)", entry))
        self.known = self.binary_names | self.entrypoint_names
        routes = (self.root / "server/routes.c").read_text()
        self.get_paths = set(re.findall(r'\{\s*"GET",\s*"(/[^"{}]*)"', routes))

    def bad(self, where, what):
        self.problems.append(f"{where}: {what}")

    def need(self, cond, where, what):
        if not cond:
            self.bad(where, what)
        return cond

    # ---- the Dockerfile ----
    def dockerfile(self):
        where = "deploy/Dockerfile"
        text = (self.root / where).read_text()
        lines = [l.strip() for l in text.replace("\\\n", " ").splitlines()
                 if l.strip() and not l.strip().startswith("#")]
        froms = [l.split()[1] for l in lines if l.upper().startswith("FROM ")]
        self.need(len(froms) >= 2, where, "not multi-stage")
        for f in froms:
            self.need(f == "debian:bookworm-slim", where, f"FROM {f}: expected debian:bookworm-slim")
        env = {}
        for l in lines:
            if l.upper().startswith("ENV "):
                for tok in shlex.split(l[4:]):
                    k, _, v = tok.partition("=")
                    env[k] = v
        for k in env:
            self.need(k in self.known, where, f"ENV {k} is not a variable restrictd reads")
        self.listen = env.get("RESTRICTD_LISTEN", "")
        self.need(self.listen == "0.0.0.0:8080", where, f"RESTRICTD_LISTEN={self.listen!r}, "
                  "expected 0.0.0.0:8080")
        self.port = int(self.listen.rsplit(":", 1)[1]) if ":" in self.listen else None
        exposes = [l.split()[1] for l in lines if l.upper().startswith("EXPOSE ")]
        self.need(exposes == [str(self.port)], where, f"EXPOSE {exposes} != {self.port}")
        users = [l.split()[1] for l in lines if l.upper().startswith("USER ")]
        self.uid = None
        if self.need(users, where, "no USER: runs as root"):
            uid = users[-1].split(":")[0]
            if self.need(uid.isdigit() and uid != "0", where, f"USER {users[-1]}: "
                         "use a numeric, non-root uid"):
                self.uid = int(uid)
        hc = [l for l in lines if l.upper().startswith("HEALTHCHECK ")]
        if self.need(hc, where, "no HEALTHCHECK"):
            m = re.search(r'"restrictd",\s*"healthcheck"(?:,\s*"([^"]+)")?', hc[0])
            if self.need(m, where, "HEALTHCHECK does not run `restrictd healthcheck`"):
                self.probe_path(m.group(1) or "/readyz", where)
        ep = [l for l in lines if l.upper().startswith("ENTRYPOINT ")]
        self.need(ep and "restrictd-entrypoint" in ep[0], where, "ENTRYPOINT is not the entrypoint")
        self.need(any("deploy/entrypoint.sh" in l for l in lines if l.upper().startswith("COPY")),
                  where, "deploy/entrypoint.sh is not copied in")

    def probe_path(self, path, where):
        self.need(path in self.get_paths, where, f"probe path {path} is not a GET route "
                  f"(routes: {sorted(self.get_paths)})")

    def env_names(self, names, where):
        for n in names:
            self.need(n in self.known, where, f"environment variable {n} is not read by "
                      "restrictd (see `restrictd config --names`)")

    # ---- compose.yaml ----
    def compose(self, doc=None):
        where = "deploy/compose.yaml"
        doc = doc if doc is not None else yaml.safe_load((self.root / where).read_text())
        services = doc.get("services", {})
        ours = {n: s for n, s in services.items()
                if isinstance(s.get("build"), dict)
                and s["build"].get("dockerfile") == "deploy/Dockerfile"}
        self.need({"restrictd", "migrate"} <= set(ours), where,
                  "services restrictd and migrate must build deploy/Dockerfile")
        for name, s in ours.items():
            env = s.get("environment", {})
            env = dict(e.split("=", 1) for e in env) if isinstance(env, list) else env
            self.env_names(env, f"{where} services.{name}")
            self.need("DATABASE_URL" in env, f"{where} services.{name}", "no DATABASE_URL")
        pg = services.get("postgres", {})
        vols = [v.split(":")[0] for v in pg.get("volumes", [])]
        self.need(vols and all(v in (doc.get("volumes") or {}) for v in vols), where,
                  "postgres needs a named volume declared under volumes:")
        self.need("healthcheck" in pg, where, "postgres has no healthcheck")
        mig = ours.get("migrate", {})
        self.need(mig.get("command") == ["init"], where, "migrate must run the `init` command")
        srv = ours.get("restrictd", {})
        env = srv.get("environment", {})
        listen = env.get("RESTRICTD_LISTEN", self.listen)
        port = listen.rsplit(":", 1)[-1]
        published = [str(p).rsplit(":", 1)[-1] for p in srv.get("ports", [])]
        self.need(published and all(p == port for p in published), where,
                  f"restrictd ports {srv.get('ports')} do not reach the listen port {port}")
        test = (srv.get("healthcheck") or {}).get("test", [])
        if self.need(test[:3] == ["CMD", "restrictd", "healthcheck"], where,
                     "restrictd healthcheck must run `restrictd healthcheck`"):
            self.probe_path(test[3] if len(test) > 3 else "/readyz", where)
        dep = (srv.get("depends_on") or {}).get("migrate", {})
        self.need(dep.get("condition") == "service_completed_successfully", where,
                  "restrictd must wait for migrate to complete")
        grace = int(env.get("RESTRICTD_SHUTDOWN_GRACE", 10))
        stop = str(srv.get("stop_grace_period", "10s"))
        self.need(stop.endswith("s") and int(stop[:-1]) > grace, where,
                  f"stop_grace_period {stop} must exceed RESTRICTD_SHUTDOWN_GRACE {grace}")

    # ---- k8s/ ----
    def k8s(self, docs=None):
        folder = self.root / "deploy/k8s"
        if docs is None:
            docs = []
            for f in sorted(folder.glob("*.yaml")):
                for d in yaml.safe_load_all(f.read_text()):
                    if d:
                        docs.append((f.name, d))
        by_kind = {}
        for fname, d in docs:
            by_kind.setdefault(d.get("kind"), []).append((fname, d))
        for kind in ("Deployment", "Service", "HorizontalPodAutoscaler", "Job", "Secret",
                     "PodDisruptionBudget", "Kustomization"):
            self.need(kind in by_kind, "deploy/k8s", f"no {kind}")
        if "Kustomization" in by_kind:
            listed = set(by_kind["Kustomization"][0][1].get("resources", []))
            present = {f.name for f in folder.glob("*.yaml")} - {"kustomization.yaml"}
            self.need(listed == present, "deploy/k8s/kustomization.yaml",
                      f"resources {sorted(listed)} != files {sorted(present)}")
        secrets = {d["metadata"]["name"]: set((d.get("stringData") or {}) | (d.get("data") or {}))
                   for _, d in by_kind.get("Secret", [])}
        for fname, dep in by_kind.get("Deployment", []):
            where = f"deploy/k8s/{fname}"
            pod = dep["spec"]["template"]
            labels = pod["metadata"].get("labels", {})
            self.need(dep["spec"]["selector"].get("matchLabels", {}).items() <= labels.items(),
                      where, "selector does not match the pod labels")
            self.pod_security(pod["spec"], where)
            c = self.container(pod["spec"], where, secrets)
            if not c:
                continue
            ports = {p.get("name"): p["containerPort"] for p in c.get("ports", [])}
            env = {e["name"]: e.get("value") for e in c.get("env", [])}
            listen = env.get("RESTRICTD_LISTEN") or self.listen
            port = int(listen.rsplit(":", 1)[1])
            self.need(list(ports.values()) == [port], where,
                      f"containerPort {list(ports.values())} != listen port {port}")
            for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")):
                get = (c.get(probe) or {}).get("httpGet")
                if not self.need(get, where, f"no {probe} (httpGet)"):
                    continue
                self.need(get.get("path") == path, where, f"{probe} path {get.get('path')}, "
                          f"expected {path}")
                self.probe_path(get.get("path"), where)
                p = get.get("port")
                self.need(ports.get(p) == port if isinstance(p, str) else p == port, where,
                          f"{probe} port {p} is not the container's port {port}")
            req = (c.get("resources") or {}).get("requests") or {}
            self.need("cpu" in req and "memory" in req, where, "resources.requests needs cpu "
                      "and memory (the HPA scales on CPU requests)")
            grace = int(env.get("RESTRICTD_SHUTDOWN_GRACE") or 10)
            pre = ((c.get("lifecycle") or {}).get("preStop") or {}).get("exec", {})
            pre_s = int(pre["command"][1]) if pre.get("command", [""])[0] == "sleep" else 0
            tgps = pod["spec"].get("terminationGracePeriodSeconds", 30)
            self.need(tgps > grace + pre_s, where, f"terminationGracePeriodSeconds {tgps} must "
                      f"exceed preStop {pre_s} s + RESTRICTD_SHUTDOWN_GRACE {grace} s")
            self.deployment = (dep["metadata"]["name"], labels, c.get("image"), ports)
        name, labels, image, ports = getattr(self, "deployment", (None, {}, None, {}))
        for fname, svc in by_kind.get("Service", []):
            where = f"deploy/k8s/{fname}"
            self.need(svc["spec"].get("selector", {}).items() <= labels.items(), where,
                      "selector does not match the Deployment's pods")
            for p in svc["spec"].get("ports", []):
                t = p.get("targetPort")
                self.need(t in ports if isinstance(t, str) else t in ports.values(), where,
                          f"targetPort {t} is not a container port")
        for fname, hpa in by_kind.get("HorizontalPodAutoscaler", []):
            ref = hpa["spec"]["scaleTargetRef"]
            self.need(ref.get("kind") == "Deployment" and ref.get("name") == name,
                      f"deploy/k8s/{fname}", f"scales {ref}, not Deployment {name}")
            self.need(2 <= hpa["spec"].get("minReplicas", 1) <= hpa["spec"]["maxReplicas"],
                      f"deploy/k8s/{fname}", "minReplicas must be >= 2 and <= maxReplicas")
        for fname, pdb in by_kind.get("PodDisruptionBudget", []):
            self.need(pdb["spec"]["selector"].get("matchLabels", {}).items() <= labels.items(),
                      f"deploy/k8s/{fname}", "selector does not match the Deployment's pods")
        for fname, job in by_kind.get("Job", []):
            where = f"deploy/k8s/{fname}"
            spec = job["spec"]["template"]["spec"]
            self.pod_security(spec, where)
            c = self.container(spec, where, secrets)
            if c:
                self.need(c.get("image") == image, where, f"image {c.get('image')} != "
                          f"the Deployment's {image}")
                self.need(c.get("args") == ["init"], where, "the Job must run `init`")

    def pod_security(self, spec, where):
        sc = spec.get("securityContext") or {}
        self.need(sc.get("runAsNonRoot") is True, where, "runAsNonRoot must be true")
        self.need(sc.get("runAsUser") == self.uid, where, f"runAsUser {sc.get('runAsUser')} != "
                  f"the image's USER {self.uid}")

    def container(self, spec, where, secrets):
        cs = spec.get("containers", [])
        if not self.need(len(cs) == 1, where, "expected one container"):
            return None
        c = cs[0]
        names = [e["name"] for e in c.get("env", [])]
        self.env_names(names, where)
        self.need("DATABASE_URL" in names, where, "no DATABASE_URL")
        for e in c.get("env", []):
            ref = (e.get("valueFrom") or {}).get("secretKeyRef")
            if ref:
                self.need(ref.get("key") in secrets.get(ref.get("name"), set()), where,
                          f"{e['name']}: Secret {ref.get('name')} has no key {ref.get('key')}")
        return c

    # ---- docs/operations.md and README.md: the configuration table ----
    def docs(self):
        want = subprocess.run([self.binary, "config", "--markdown"], check=True,
                              capture_output=True, text=True).stdout
        for where in ("docs/operations.md", "README.md"):
            text = (self.root / where).read_text()
            m = re.search(r"<!-- config-table:begin -->\n(.*?)<!-- config-table:end -->", text, re.S)
            if not self.need(m, where, "no config-table markers"):
                continue
            self.need(m.group(1) == want, where, "the configuration table differs from "
                      "`restrictd config --markdown`: paste its output between the markers")
        text = (self.root / "docs/operations.md").read_text()
        for n in sorted(self.entrypoint_names - self.binary_names):
            self.need(f"`{n}`" in text, "docs/operations.md",
                      f"entrypoint variable {n} is not documented")

    def run(self):
        self.dockerfile()
        self.compose()
        self.k8s()
        self.docs()
        return self.problems


def self_test(root, binary):
    """Breaks each kind of agreement in memory and makes sure the checker notices."""
    base = Checker(root, binary)
    base.dockerfile()
    compose = yaml.safe_load((Path(root) / "deploy/compose.yaml").read_text())
    docs = []
    for f in sorted((Path(root) / "deploy/k8s").glob("*.yaml")):
        docs += [(f.name, d) for d in yaml.safe_load_all(f.read_text()) if d]

    def k8s_with(mutate):
        d = copy.deepcopy(docs)
        for _, doc in d:
            mutate(doc)
        c = Checker(root, binary)
        c.dockerfile()
        c.k8s(d)
        return c.problems

    def compose_with(mutate):
        d = copy.deepcopy(compose)
        mutate(d)
        c = Checker(root, binary)
        c.dockerfile()
        c.compose(d)
        return c.problems

    def dep(doc):
        return doc["spec"]["template"]["spec"]["containers"][0] if doc["kind"] == "Deployment" else None

    def typo(doc):
        if dep(doc):
            dep(doc)["env"].append({"name": "RESTRICTD_LISTN", "value": "x"})

    def probe(doc):
        if dep(doc):
            dep(doc)["readinessProbe"]["httpGet"]["path"] = "/ready"

    def port(doc):
        if dep(doc):
            dep(doc)["ports"][0]["containerPort"] = 9090

    def hpa(doc):
        if doc["kind"] == "HorizontalPodAutoscaler":
            doc["spec"]["scaleTargetRef"]["name"] = "other"

    def secret(doc):
        if doc["kind"] == "Secret":
            doc["stringData"].pop("DATABASE_URL")

    cases = {
        "misspelt variable": (k8s_with(typo), "RESTRICTD_LISTN"),
        "wrong probe path": (k8s_with(probe), "/ready"),
        "wrong container port": (k8s_with(port), "9090"),
        "HPA target": (k8s_with(hpa), "scales"),
        "missing secret key": (k8s_with(secret), "has no key DATABASE_URL"),
        "compose variable": (compose_with(lambda d: d["services"]["restrictd"]["environment"]
                                          .update({"RESTRICTD_THREAD": "2"})), "RESTRICTD_THREAD"),
        "compose healthcheck": (compose_with(lambda d: d["services"]["restrictd"]["healthcheck"]
                                             .update({"test": ["CMD", "curl", "x"]})),
                                "healthcheck"),
    }
    failed = 0
    for name, (problems, needle) in cases.items():
        caught = any(needle in p for p in problems)
        print(f"  self-test {name}: {'caught' if caught else 'MISSED'}")
        failed += not caught
    return failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--root", default=str(Path(__file__).resolve().parents[2]))
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args()
    if a.self_test:
        return 1 if self_test(a.root, a.bin) else 0
    c = Checker(a.root, a.bin)
    problems = c.run()
    for p in problems:
        print(p)
    if not problems:
        print(f"deploy/ agrees with the binary: {len(c.binary_names)} variables "
              f"(+{len(c.entrypoint_names - c.binary_names)} of the entrypoint), "
              f"GET routes {sorted(c.get_paths)}, port {c.port}, uid {c.uid}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
