"""House rule: every module a source file imports is declared by its target in Package.swift
(a target, or a product of a package dependency), and every source target builds with the shared
`strict` settings (MemberImportVisibility and InternalImportsByDefault).

SwiftPM lets a file import a module its target does not list when another target brought it into
the build; such an import breaks the day that other target changes. Reads
`swift package dump-package` (JSON) on standard input; prints each offence; exit 1 if any.
"""
import json, os, re, sys

# Modules of the toolchain and the system, which no Package.swift declares.
SYSTEM = {"Foundation", "FoundationEssentials", "FoundationNetworking", "Dispatch", "Synchronization", "Glibc", "Musl",
          "Darwin", "_Concurrency", "Testing", "XCTest", "PackageDescription", "os"}
# A product's own modules, where they differ from its name (only its own: a module that comes
# along through a product's dependencies must be declared where it is imported).
PRODUCT_MODULES = {"Metrics": {"Metrics", "CoreMetrics"}}
FEATURES = {"MemberImportVisibility", "InternalImportsByDefault"}
IMPORT = re.compile(r"^(?:@\w+(?:\([^)]*\))?\s+)*(?:public |package |internal |private |fileprivate )?import (?:struct |class |enum |protocol |func |var |typealias )?(\w+)", re.M)

def main():
    package = json.load(sys.stdin)
    offences = []
    for t in package["targets"]:
        if t["type"] == "system":
            continue
        path = t.get("path") or (("Tests/" if t["type"] == "test" else "Sources/") + t["name"])
        allowed = {t["name"]}
        for d in t["dependencies"]:
            if "byName" in d:
                allowed.add(d["byName"][0])
            elif "target" in d:
                allowed.add(d["target"][0])
            elif "product" in d:
                name = d["product"][0]
                allowed |= PRODUCT_MODULES.get(name, {name})
        if t["type"] != "test" and path.startswith("Sources/"):
            features = {s["kind"].get("enableUpcomingFeature", {}).get("_0") for s in t.get("settings", [])}
            missing = FEATURES - features
            if missing:
                offences.append(f"{t['name']}: builds without {', '.join(sorted(missing))} (give it swiftSettings: strict)")
        for root, _, files in os.walk(path):
            for f in files:
                if not f.endswith(".swift"):
                    continue
                file = os.path.join(root, f)
                for module in IMPORT.findall(open(file, encoding="utf-8").read()):
                    if module not in allowed and module not in SYSTEM:
                        offences.append(f"{file}: imports {module}, which target {t['name']} does not declare in Package.swift")
    for o in offences:
        print(f"house-rules: {o}", file=sys.stderr)
    return 1 if offences else 0

if __name__ == "__main__":
    sys.exit(main())
