"""Runs the cases of tests/fixtures/pflow-oracle/cases.json through pflow's own code and records its answers.

pflow's source is not part of this repository: pass a checkout of spinje/pflow at 0.8.0 (commit dae0c459) with
--pflow-src. Only two self-contained modules are loaded, each by path, with the rest of the package stubbed:
src/pflow/nodes/python/python_code.py (the code node, on top of the vendored pocketflow) and
src/pflow/runtime/template_resolver.py (template resolution, with core/json_utils.py). No third-party import is
needed. The answers go to tests/fixtures/pflow-oracle/expected-0.8.json, which the C# differential test reads, so
CI needs neither pflow nor this interpreter.

Usage: python3.12 tests/pflow-oracle/oracle.py --pflow-src /path/to/pflow [--check]
  --check compares with the recorded file instead of writing it (exit 1 on a difference).
"""

import argparse
import importlib.util
import json
import pathlib
import sys
import types

HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures" / "pflow-oracle"


def load(name, path):
    """Loads one pflow module by path under its package name (parents are empty stub packages)."""
    parts = name.split(".")
    for i in range(1, len(parts)):
        pkg = ".".join(parts[:i])
        if pkg not in sys.modules:
            module = types.ModuleType(pkg)
            module.__path__ = []
            sys.modules[pkg] = module
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def run_code_case(code_node_cls, case):
    params = {"code": case["code"], "inputs": case["inputs"]}
    if "timeout" in case:
        params["timeout"] = case["timeout"]
    node = code_node_cls()
    node.set_params(params)
    shared = {}
    try:
        action = node._run(shared)
    except BaseException as exc:  # noqa: BLE001 - what escapes the node is part of the answer
        return {"escaped": type(exc).__name__, "message": str(exc)}
    return {
        "action": action,
        "result": shared.get("result"),
        "stdout": shared.get("stdout", ""),
        "stderr": shared.get("stderr", ""),
        "error": shared.get("error"),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pflow-src", required=True)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    src = pathlib.Path(args.pflow_src) / "src" / "pflow"
    load("pflow.pocketflow", src / "pocketflow" / "__init__.py")
    load("pflow.core.json_utils", src / "core" / "json_utils.py")
    code_module = load("pflow.nodes.python.python_code", src / "nodes" / "python" / "python_code.py")
    resolver = load("pflow.runtime.template_resolver", src / "runtime" / "template_resolver.py").TemplateResolver

    cases = json.loads((FIXTURES / "cases.json").read_text(encoding="utf-8"))
    answers = {"pflow": "0.8.0 (spinje/pflow dae0c459)", "python": sys.version.split()[0], "code": {}, "templates": {}}
    for case in cases["code"]:
        answers["code"][case["name"]] = run_code_case(code_module.PythonCodeNode, case)
    for case in cases["templates"]:
        context = {**case["inputs"], **case["steps"]}
        answers["templates"][case["name"]] = resolver.resolve_nested(case["value"], context)

    text = json.dumps(answers, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    target = FIXTURES / "expected-0.8.json"
    if args.check:
        recorded = json.loads(target.read_text(encoding="utf-8"))
        recorded.pop("python", None)
        answers.pop("python", None)
        same = json.loads(json.dumps(answers)) == recorded
        print("oracle: recorded answers match" if same else "oracle: recorded answers differ")
        return 0 if same else 1
    target.write_text(text, encoding="utf-8")
    print(f"oracle: wrote {target.relative_to(HERE.parent.parent)} ({len(answers['code'])} code cases, {len(answers['templates'])} template cases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
