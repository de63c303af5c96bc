# The Python side of a CodeNodeLsp run: waits for one job on stdin, runs it as its platform would, answers once.
#
# Protocol (see server/Run/PythonHarness.cs and docs/run.md):
#   * The process is started ahead of time (a "warm" interpreter) and blocks reading stdin until EOF.
#   * The job is one JSON object: {"nonce", "kind": "pflow"|"stackai"|"voxworks", "cwd", "sysPath", "cap", ...}.
#   * The answer is written once to a private duplicate of the original stdout, framed by the nonce so that
#     nothing a user prints can pass for it. The original fd 1 is pointed at the stderr pipe, so raw writes
#     (os.write(1, ...), child processes) cannot reach the answer channel either.
#   * The process leads its own session, so the server can kill everything the run started at once.
# It mirrors the platforms' observable behaviour (texts, capture, type rules) as PLATFORMS.md describes it;
# no platform code is copied.
import ast
import re
import builtins
import io
import json
import os
import sys
import traceback

try:
    os.setsid()
except OSError:
    pass

# A child subreaper adopts the orphans of its descendants, so every process the run starts stays below this one,
# even one that starts a new session of its own and whose parent exits (a daemon's double fork): the server kills
# the whole tree from here (PR_SET_CHILD_SUBREAPER is Linux's; elsewhere this does nothing).
try:
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)
except (ImportError, OSError, AttributeError):
    pass

_CHANNEL = os.dup(1)  # non-inheritable by default, so exec'd children never see it
os.dup2(2, 1)

# Imports the Voxworks helpers need; done before the job arrives so a run pays nothing for them.
import datetime as _dt
import random as _random
import re as _re

try:
    import zoneinfo as _zoneinfo
except ImportError:  # pragma: no cover - Python < 3.9
    _zoneinfo = None


# ---------------------------------------------------------------------------------------------------------------
# Shared plumbing
# ---------------------------------------------------------------------------------------------------------------

class CappedText(io.TextIOBase):
    """A text sink that keeps the first `cap` characters and counts the rest, so 1 GB of prints costs no memory."""

    def __init__(self, cap):
        self._parts = []
        self._kept = 0
        self._dropped = 0
        self._cap = cap

    def writable(self):
        return True

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not " + type(s).__name__)
        room = self._cap - self._kept
        if room >= len(s):
            self._parts.append(s)
            self._kept += len(s)
        else:
            if room > 0:
                self._parts.append(s[:room])
                self._kept += room
            self._dropped += len(s) - max(room, 0)
        return len(s)

    def flush(self):
        pass

    @property
    def truncated(self):
        return self._dropped

    def getvalue(self):
        return "".join(self._parts)


def _json_default(value):
    """Best-effort JSON for values a platform keeps in memory (sets, tuples, dates, objects)."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return value.isoformat()
    return repr(value)


def _send(job, reply):
    """Writes the one answer of this process on the private channel and leaves at once."""
    try:
        body = json.dumps(reply, default=_json_default, ensure_ascii=False)
    except (TypeError, ValueError) as exc:  # circular structures and the like
        body = json.dumps({"ok": False, "error": "The run's result could not be encoded: " + str(exc)})
    data = ("\n@@codenode-result " + job.get("nonce", "") + "@@" + body + "\n").encode("utf-8", "replace")
    view = memoryview(data)
    while view:
        written = os.write(_CHANNEL, view)
        view = view[written:]
    # Leave without running atexit handlers or waiting for threads the user started: the answer is out. While
    # processes the run started are alive, stay (reaping them as they die): the server is killing them through this
    # process, and if it left first they would be handed to the server, out of the run's tree.
    while True:
        try:
            os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
    os._exit(0)


def _capture(job):
    cap = int(job.get("cap") or 1048576)
    return CappedText(cap), CappedText(cap)


def _captured(sink):
    return {"text": sink.getvalue(), "dropped": sink.truncated}


def _user_frames(exc, filename):
    """Traceback frames that belong to the user's code (the compile filename), innermost last."""
    return [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]


# ---------------------------------------------------------------------------------------------------------------
# pflow: mirrors the code node's prep / exec / exec_fallback / post as PLATFORMS.md A.3-A.9 describes them
# (the documented version; "later" switches on the behaviours of later releases that the docs don't cover).
# ---------------------------------------------------------------------------------------------------------------

_PFLOW_TYPES = {
    "int": int,
    "float": (int, float),
    "str": str,
    "bool": bool,
    "list": list,
    "dict": dict,
    "set": set,
    "tuple": tuple,
    "bytes": bytes,
}


class PflowPrepError(Exception):
    """A prep-time failure: pflow raises these and the workflow stops; the text is pflow's."""


def _pflow_annotations(tree):
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            found[node.target.id] = ast.unparse(node.annotation)
    return found


def _pflow_optional_inner(type_str):
    s = type_str.strip()
    for prefix in ("typing.Optional[", "Optional["):
        if s.startswith(prefix) and s.endswith("]"):
            return s[len(prefix):-1].strip()
    parts = [p.strip() for p in s.split("|")]
    if "None" in parts:
        rest = [p for p in parts if p != "None"]
        if rest:
            return " | ".join(rest)
    return None


def _pflow_outer_type(type_str, later):
    if later:
        inner = _pflow_optional_inner(type_str)
        if inner is not None:
            t = _pflow_outer_type(inner, later)
            if t is None:
                return None
            return (*t, type(None)) if isinstance(t, tuple) else (t, type(None))
        s = type_str.strip()
        if len(s) >= 2 and s[0] == s[-1] and s[0] in ("'", '"'):
            s = s[1:-1].strip()
        return _PFLOW_TYPES.get(s.split("[")[0].strip())
    return _PFLOW_TYPES.get(type_str.split("[")[0].strip())


def _pflow_prep(job):
    later = bool(job.get("later"))
    code = job.get("code")
    if not isinstance(code, str) or not code.strip():
        raise PflowPrepError(
            "Missing required 'code' parameter\n\n"
            "Provide a Python code string with type-annotated inputs and result.\n"
            "Example:\n"
            '  "code": "data: list\\nresult: list = data[:10]"'
        )
    timeout = job.get("timeout", 30)
    if timeout is None:
        timeout = 30
    try:
        timeout = float(timeout)
    except (TypeError, ValueError):
        raise PflowPrepError(f"Timeout must be a positive number, got {timeout!r}") from None
    if timeout <= 0:
        raise PflowPrepError(f"Timeout must be a positive number, got {timeout}")
    inputs = job.get("inputs", {})
    if inputs is None:
        inputs = {}
    if not isinstance(inputs, dict):
        raise PflowPrepError(f"'inputs' parameter must be a dict, got {type(inputs).__name__}")
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        raise _PflowSyntax(exc) from None
    annotations = _pflow_annotations(tree)
    missing = [name for name in inputs if name not in annotations]
    if missing:
        hints = "\n".join(f"  {name}: <type>" for name in missing)
        raise PflowPrepError(f"Input(s) missing type annotation in code: {', '.join(missing)}\nAdd annotations:\n{hints}")
    if later:
        _pflow_check_input_annotation_syntax(inputs, annotations)
        _pflow_check_annotation_vocabulary(tree, annotations)
    if "result" not in annotations and not (later and "next" in annotations):
        if later:
            raise PflowPrepError(
                "Code must declare result type annotation (result: <type> = ...) "
                "or next type annotation (next: str = ...) for routing"
            )
        raise PflowPrepError("Code must declare result type annotation: result: <type> = ...")
    if later and "next" in annotations:
        next_type = _pflow_outer_type(annotations["next"], later)
        if next_type is not None and next_type is not str:
            raise PflowPrepError(
                f"'next' must be annotated as str, got {annotations['next']}\n\nExample: next: str = \"target-node-id\""
            )
    for name, value in inputs.items():
        expected = _pflow_outer_type(annotations[name], later)
        if expected is None or isinstance(value, expected):
            continue
        actual = type(value).__name__
        text = (
            f"Input '{name}' expects {annotations[name]} but received {actual}\n\n"
            f"Suggestions:\n"
            f"  - Change the type annotation to: {name}: {actual}\n"
            f"  - Or convert the input value to {annotations[name]}"
        )
        if later:
            text += f"\n  - Or use `Any` to accept any type: {name}: Any"
        raise PflowPrepError(text)
    return code, inputs, timeout, annotations


# Later pflow (python_code.py after #148): a type annotation written in a YAML input value ("str = ${x}").
_PFLOW_INPUT_ANNOTATION = re.compile(r"^([a-zA-Z]\w*(?:\[[\w\[\], |]+\])?)\s*=\s*\S")


def _pflow_check_input_annotation_syntax(inputs, annotations):
    for var_name, value in inputs.items():
        if not isinstance(value, str):
            continue
        match = _PFLOW_INPUT_ANNOTATION.match(value)
        if not match or match.group(1).split("[")[0] not in _PFLOW_TYPES or var_name not in annotations:
            continue
        actual_value = value[match.end() - 1:]
        raise PflowPrepError(
            f"Input '{var_name}' appears to have a type annotation: \"{value}\"\n\n"
            f"Type annotations belong in the code block, not in inputs.\n"
            f"Write:\n"
            f"  - inputs:\n"
            f"      {var_name}: {actual_value}\n\n"
            f"  ```python code\n"
            f"  {var_name}: {annotations[var_name]}\n"
            f"  ```"
        )


_PFLOW_MODERN_GENERICS = frozenset({"List", "Dict", "Tuple", "Set", "FrozenSet", "Type"})
_PFLOW_NEEDS_IMPORT = frozenset({"Literal", "TypeVar", "Callable", "Final", "ClassVar", "Iterable", "Iterator", "Sequence", "Mapping"})


def _pflow_typing_suggestion(name):
    """Later pflow's one suggestion for a typing name that is not defined (else the input suggestions)."""
    if name in _PFLOW_MODERN_GENERICS:
        lower = name.lower()
        return (f"  - Use '{lower}[...]' instead \u2014 Python 3.9+ supports lowercase built-in generics (PEP 585).\n"
                f"    Example: 'x: {lower}[str]' instead of 'x: {name}[str]'.")
    if name == "Union":
        return ("  - Use pipe syntax instead: 'A | B' (PEP 604, Python 3.10+).\n"
                "    Example: 'x: int | str' instead of 'x: Union[int, str]'.")
    if name in _PFLOW_NEEDS_IMPORT:
        return (f"  - Add 'from typing import {name}' at the top of your code block.\n"
                "    (pflow auto-injects 'Any' and 'Optional' \u2014 other typing names need explicit import.)")
    return (f"  - Add '{name}' to the inputs dict: \"inputs\": {{\"{name}\": ...}}\n"
            f"  - Or define '{name}' in the code before use\n"
            "  - Check for typos in variable names")


def _pflow_check_annotation_vocabulary(tree, annotations):
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            imported.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            imported.update(alias.asname or alias.name.split(".")[0] for alias in node.names)
    rejected = _PFLOW_MODERN_GENERICS | {"Union"} | _PFLOW_NEEDS_IMPORT
    for var_name, annotation in annotations.items():
        try:
            parsed = ast.parse(annotation, mode="eval")
            if isinstance(parsed.body, ast.Constant) and isinstance(parsed.body.value, str):
                parsed = ast.parse(parsed.body.value, mode="eval")
        except SyntaxError:
            continue
        for node in ast.walk(parsed):
            if not isinstance(node, ast.Name):
                continue
            if node.id == "any":
                raise PflowPrepError(
                    f"Invalid type annotation for '{var_name}': 'any' (lowercase).\n\n"
                    "Use 'Any' (capitalized) in Python code blocks. pflow auto-injects `typing.Any` \u2014 no import needed.\n"
                    f"  {var_name}: Any\n\n"
                    "Note: lowercase 'any' is the legal spelling in `## Inputs` / `## Outputs` sections "
                    "(e.g., `- type: any`), but Python annotations must use 'Any' (capitalized)."
                )
            if node.id in rejected and node.id not in imported:
                raise PflowPrepError(
                    f"Invalid type annotation for '{var_name}': '{node.id}' is not defined.\n\n{_pflow_typing_suggestion(node.id)}"
                )


class _PflowSyntax(Exception):
    def __init__(self, exc):
        super().__init__(exc.msg)
        self.exc = exc


def _pflow_location(exc, code, code_source_line):
    frames = _user_frames(exc, "<code>")
    if not frames or frames[-1].lineno is None:
        return "", None
    lineno = frames[-1].lineno
    lines = code.splitlines()
    source = lines[lineno - 1].strip() if lineno <= len(lines) else ""
    if code_source_line:
        location = f"  Location: line {code_source_line + lineno - 1} (line {lineno} in code block)"
    else:
        location = f"  Location: line {lineno} in code block"
    return (f"{location}\n  Source: {source}" if source else location), lineno


def pflow_timeout_text(timeout):
    return (
        f"Python code execution timed out after {timeout} seconds\n\n"
        f"Suggestions:\n"
        f'  - Increase timeout: "timeout": {int(timeout * 2)}\n'
        f"  - Check for infinite loops or blocking I/O in code\n"
        f"  - Break long computation into multiple code nodes"
    )


def _pflow_format_error(exc, code, timeout, code_source_line, later):
    location, lineno = _pflow_location(exc, code, code_source_line)
    if isinstance(exc, TimeoutError):
        return pflow_timeout_text(timeout), lineno
    if isinstance(exc, NameError):
        name = getattr(exc, "name", None) or str(exc)
        msg = f"Undefined variable '{name}'"
        if location:
            msg += f"\n{location}"
        if later:
            msg += f"\n\nSuggestions:\n{_pflow_typing_suggestion(name)}"
            return msg, lineno
        msg += (
            f"\n\nSuggestions:\n"
            f"  - Add '{name}' to the inputs dict: \"inputs\": {{\"{name}\": ...}}\n"
            f"  - Or define '{name}' in the code before use\n"
            f"  - Check for typos in variable names"
        )
        return msg, lineno
    if isinstance(exc, ImportError):
        module = getattr(exc, "name", None) or str(exc)
        msg = f"Module '{module}' not found"
        if location:
            msg += f"\n{location}"
        msg += (
            f"\n\nSuggestions:\n"
            f"  - Install with: pipx inject pflow-cli {module}\n"
            f"  - Or with uv (list existing extras first \u2014 uv replaces, not adds):\n"
            f"    uv tool list --show-with\n"
            f"    uv tool install --with {module} --with <existing-extras> pflow-cli\n"
            f'  - Document dependency: "requires": ["{module}"]'
        )
        return msg, lineno
    msg = f"{type(exc).__name__}: {exc}"
    if location:
        msg += f"\n{location}"
    msg += (
        "\n\nSuggestions:\n"
        "  - Fix the error in the code string above\n"
        "  - Check input data types and values match expectations"
    )
    return msg, lineno


def _pflow_exit_status(exc):
    """The status pflow's process would exit with: Python's rule for SystemExit, 130 for Ctrl+C."""
    if isinstance(exc, KeyboardInterrupt):
        return 130
    code = exc.code
    if code is None:
        return 0
    return code if isinstance(code, int) else 1


def _pflow_exit_text(exc):
    if isinstance(exc, KeyboardInterrupt):
        return ("The code raised KeyboardInterrupt: pflow's code node does not catch it, so pflow stops as on Ctrl+C "
                "and the workflow ends here (nothing of this step is written).")
    shown = "" if exc.code is None else repr(exc.code)
    text = (f"The code called sys.exit({shown}): pflow's code node does not catch it, so pflow's own process exits "
            f"with status {_pflow_exit_status(exc)} and the workflow ends here (nothing of this step is written).")
    if exc.code is not None and not isinstance(exc.code, int):
        text += f"\npflow prints {str(exc.code)!r} to stderr as it exits."
    return text


def run_pflow(job):
    later = bool(job.get("later"))
    code_source_line = int(job.get("codeSourceLine") or 0)
    try:
        code, inputs, timeout, annotations = _pflow_prep(job)
    except PflowPrepError as exc:
        return {"ok": False, "stage": "prep", "error": str(exc), "result": None, "stdout": "", "stderr": ""}
    except _PflowSyntax as exc:
        return {"ok": False, "stage": "syntax", "error": exc.exc.msg, "codeLine": exc.exc.lineno,
                "result": None, "stdout": "", "stderr": ""}

    namespace = {"__builtins__": builtins}
    if later:
        import typing
        namespace["typing"] = typing
        namespace["Optional"] = typing.Optional
        namespace["Any"] = typing.Any
    namespace.update(inputs)
    out, err = _capture(job)
    real_out, real_err = sys.stdout, sys.stderr
    failure = None
    try:
        compiled = compile(code, "<code>", "exec")
        sys.stdout, sys.stderr = out, err
        try:
            exec(compiled, namespace)  # noqa: S102 - running the user's node is the point
        finally:
            sys.stdout, sys.stderr = real_out, real_err
        has_result = "result" in annotations
        if has_result and "result" not in namespace:
            # Raised inside exec in every stored pflow version, so exec_fallback formats it (platform-changes P8).
            raise ValueError("Code must set 'result' variable. Add: result = <your_value>")
    except (SystemExit, KeyboardInterrupt) as exc:
        # pflow's node only handles Exception: these escape the node and end pflow's own process (checked against
        # pflow 0.8.0's code by tests/pflow-oracle), so the step writes nothing.
        return {"ok": False, "stage": "exit", "escaped": type(exc).__name__, "exitCode": _pflow_exit_status(exc),
                "result": None, "stdout": "", "stderr": "", "error": _pflow_exit_text(exc)}
    except BaseException as exc:  # noqa: BLE001 - exec_fallback sees every failure of the node's code
        failure = exc
    if failure is not None:
        text, lineno = _pflow_format_error(failure, code, timeout, code_source_line, later)
        return {"ok": False, "stage": "exec", "error": text, "codeLine": lineno, "result": None,
                "stdout": "", "stderr": "", "action": "error"}

    stdout, stderr = _captured(out), _captured(err)
    if "result" in annotations:
        value = namespace["result"]
        expected = _pflow_outer_type(annotations["result"], later)
        if expected is not None and not isinstance(value, expected):
            actual = type(value).__name__
            return {"ok": False, "stage": "post", "result": None, "stdout": stdout, "stderr": stderr, "action": "error",
                    "error": (
                        f"Result declared as {annotations['result']} but code returned {actual}\n\n"
                        f"Suggestions:\n"
                        f"  - Change result type annotation to: result: {actual}\n"
                        f"  - Or convert the value to match the declared type"
                    )}
    else:
        value = None
    action = "default"
    if later and "next" in namespace:
        nxt = namespace["next"]
        if not isinstance(nxt, str):
            return {"ok": False, "stage": "post", "result": value, "stdout": stdout, "stderr": stderr, "action": "error",
                    "error": (
                        f"'next' must be a string, got {type(nxt).__name__}: {nxt!r}\n\n"
                        f"Suggestions:\n"
                        f"  - Convert to string: next: str = str(your_value)\n"
                        f'  - Or use a string literal: next: str = "target-node"'
                    )}
        if not nxt:
            return {"ok": False, "stage": "post", "result": value, "stdout": stdout, "stderr": stderr, "action": "error",
                    "error": (
                        "'next' must not be empty\n\n"
                        "Suggestions:\n"
                        '  - Set to a valid node ID: next: str = "target-node"\n'
                        "  - Or remove next to follow default routing"
                    )}
        action = nxt
    return {"ok": True, "result": value, "stdout": stdout, "stderr": stderr, "action": action}


# ---------------------------------------------------------------------------------------------------------------
# Stack AI: the file is loaded as a module, main(args) is called, and its value must be JSON.
# ---------------------------------------------------------------------------------------------------------------

def _traceback_text(exc, filename):
    """The exception as Python prints it, keeping only the user's own frames."""
    frames = _user_frames(exc, filename)
    lines = []
    if frames:
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.format_list(frames))
    lines.extend(traceback.format_exception_only(type(exc), exc))
    return "".join(lines).rstrip("\n"), (frames[-1].lineno if frames else None)


def _stackai_paths(job):
    """Puts the dependency environments on sys.path.

    Isolated (the server starts this interpreter with -I -S, so sys.path is the standard library only), each
    environment is added as a site directory, after the standard library, with its .pth files processed as an
    installed package expects; the builtins that site would add (exit, quit, help) are added too. Otherwise the
    environments go first, before the interpreter's own site-packages.
    """
    paths = job.get("sysPath") or []
    if job.get("isolated"):
        import site

        if sys.flags.no_site:
            site.setquit()
            site.setcopyright()
            site.sethelper()
        for path in paths:
            site.addsitedir(path)
        return
    for path in paths:
        if path not in sys.path:
            sys.path.insert(0, path)


def run_stackai(job):
    filename = job.get("filename") or "<node>"
    _stackai_paths(job)
    namespace = {"__name__": "__codenode__", "__file__": filename, "__builtins__": builtins}
    out, err = _capture(job)
    real_out, real_err = sys.stdout, sys.stderr
    value = None
    failure = None
    raised = False
    stage = "load"
    try:
        compiled = compile(job.get("code") or "", filename, "exec")
        sys.stdout, sys.stderr = out, err
        try:
            exec(compiled, namespace)  # noqa: S102 - running the user's node is the point
            stage = "main"
            main = namespace.get("main")
            if not callable(main):
                raise _Contract("The code must define a function main(args) at the top level")
            value = main(job.get("args") or {})
            if hasattr(value, "__await__"):
                import asyncio
                value = asyncio.run(_await(value))
        finally:
            sys.stdout, sys.stderr = real_out, real_err
    except _Contract as exc:
        failure = (str(exc), None)
    except SyntaxError as exc:
        failure = ("".join(traceback.format_exception_only(type(exc), exc)).rstrip("\n"), exc.lineno)
        raised = True
    except BaseException as exc:  # noqa: BLE001 - any failure of user code is the node's error
        failure = _traceback_text(exc, filename)
        raised = True
    reply = {"stdout": _captured(out), "stderr": _captured(err)}
    if failure is not None:
        reply.update(ok=False, stage=stage, error=failure[0], codeLine=failure[1], result=None, exception=raised)
        return reply
    output, problem = _stackai_output(value)
    if problem:
        reply.update(ok=False, stage="output", error=problem, result=_jsonable(value))
        return reply
    reply.update(ok=True, result=value, output=output)
    return reply


class _Contract(Exception):
    pass


async def _await(awaitable):
    return await awaitable


def _jsonable(value):
    try:
        json.dumps(value, allow_nan=False)
        return value
    except (TypeError, ValueError):
        return repr(value)


def _stackai_output(value):
    """The node's output as downstream nodes see it, or the reason it is not JSON."""
    if value is None:
        return None, ("main() returned None; the output must be JSON: return a dict "
                      "(a JSON object) or a json.dumps(...) string")
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        return None, f"The output of main() is not JSON: {exc}"
    if isinstance(value, str):
        try:
            return json.loads(value), None
        except ValueError:
            return None, ("main() returned a string that is not JSON text; return a dict "
                          "or json.dumps(...) of the value")
    return value, None


# ---------------------------------------------------------------------------------------------------------------
# Voxworks: run() executes with only the allow-listed built-ins and the documented helpers (PLATFORMS.md C.3).
# ---------------------------------------------------------------------------------------------------------------

# The allow-list itself arrives with the job ("allow", from VoxworksAllowList.HarnessTable in the server): the step's
# namespace holds exactly the names it lists, and the code is re-checked against it here. These built-ins are never
# handed to a step whatever a job says (each reaches code, frames, files or attributes by name): a job naming one
# fails closed.
_VX_NEVER = frozenset((
    "__import__", "breakpoint", "classmethod", "compile", "delattr", "dir", "eval", "exec", "getattr", "globals",
    "hasattr", "help", "input", "locals", "memoryview", "object", "open", "property", "setattr", "staticmethod",
    "super", "type", "vars",
))

# Node types a step never contains (the validator refuses them first; this is the harness's second look).
_VX_FORBIDDEN_NODES = (ast.Lambda, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom, ast.Global,
                       ast.Nonlocal, ast.Yield, ast.YieldFrom, ast.Await, ast.AsyncFor, ast.AsyncWith)

_AU_ZONES = ("Australia/Adelaide", "Australia/Brisbane", "Australia/Broken_Hill", "Australia/Darwin",
             "Australia/Eucla", "Australia/Hobart", "Australia/Lindeman", "Australia/Lord_Howe",
             "Australia/Melbourne", "Australia/Perth", "Australia/Sydney", "Antarctica/Macquarie")

_MISSING = object()


class VoxworksRuntime:
    """The helper functions and the variable map of one Code Step run."""

    def __init__(self, job, notes):
        self.variables = dict(job.get("variables") or {})
        self.written = {}
        # Every path the code read, so the result lists this step's variables and not what other steps recorded.
        self.read = set()
        self.notes = notes
        self.composite = bool(job.get("composite"))
        self.composite_outputs = list(job.get("compositeOutputs") or [])

    # Variables are kept as dotted paths; a path below a stored object reads and writes inside it.
    @staticmethod
    def _ref(ref):
        ref = str(ref).strip()
        if ref.startswith("{{") and ref.endswith("}}"):
            ref = ref[2:-2].strip()
        return ref

    def get_variable(self, ref, default=None):
        path = self._ref(ref)
        self.read.add(path)
        if path in self.variables:
            return self.variables[path]
        parts = path.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            head = ".".join(parts[:cut])
            if head in self.variables:
                return get_path(self.variables[head], ".".join(parts[cut:]), default)
        return default

    def set_variable(self, ref, value):
        path = self._ref(ref)
        parts = path.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            head = ".".join(parts[:cut])
            if head in self.variables and isinstance(self.variables[head], dict):
                set_path(self.variables[head], ".".join(parts[cut:]), value)
                self.written[head] = self.variables[head]
                return value
        self.variables[path] = value
        self.written[path] = value
        return value

    def get_object(self, type_id, path, default=None):
        return self.get_variable(f"custom.{type_id}.{path}" if path else f"custom.{type_id}", default)

    def set_object(self, type_id, path, value):
        return self.set_variable(f"custom.{type_id}.{path}" if path else f"custom.{type_id}", value)

    def commit_contact_timezone(self, iana=None, state=None, city=None):
        if iana is None:
            iana = self.get_variable("timezone.resolved_iana")
            state = self.get_variable("timezone.resolved_state") if state is None else state
            city = self.get_variable("timezone.resolved_city") if city is None else city
        if not isinstance(iana, str) or iana not in _AU_ZONES:
            return False
        self.set_variable("contact.timezone", iana)
        if state is not None:
            self.set_variable("contact.state", state)
        if city is not None:
            self.set_variable("contact.city", city)
        return True

    def commit_composite_outputs(self):
        return sorted(self.composite_outputs) if self.composite else []

    def print(self, *values, sep=" ", end="\n"):
        text = (" " if sep is None else str(sep)).join(str(v) for v in values) + ("\n" if end is None else str(end))
        self.notes.printed(text)


class VariableMap:
    """What rendered placeholders index: {{contact.email}} becomes __vx_vars["contact.email"] (VoxworksRenderer)."""

    def __init__(self, runtime):
        self._runtime = runtime

    def __getitem__(self, path):
        return self._runtime.get_variable(path)

    def __setitem__(self, path, value):
        self._runtime.set_variable(path, value)


def coalesce(value, default):
    return default if value is None or value == "" else value


def is_empty(value):
    return value is None or (isinstance(value, (str, list, dict, tuple, set)) and len(value) == 0)


def is_not_empty(value):
    return not is_empty(value)


def map_value(key, mapping, default=None):
    if isinstance(key, str):
        key = key.strip().lower()
    if not isinstance(mapping, dict):
        return default
    for k, v in mapping.items():
        if (k.strip().lower() if isinstance(k, str) else k) == key:
            return v
    return default


def is_string(value):
    return isinstance(value, str)


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_list(value):
    return isinstance(value, (list, tuple))


def is_dict(value):
    return isinstance(value, dict)


def _segments(path):
    if isinstance(path, (list, tuple)):
        return [str(p) for p in path]
    return [p for p in str(path).split(".") if p != ""]


def get_path(obj, path, default=None):
    current = obj
    for seg in _segments(path):
        if isinstance(current, dict):
            if seg not in current:
                return default
            current = current[seg]
        elif isinstance(current, (list, tuple)) and seg.lstrip("-").isdigit():
            index = int(seg)
            if not -len(current) <= index < len(current):
                return default
            current = current[index]
        else:
            return default
    return current


def set_path(obj, path, value):
    segs = _segments(path)
    if not isinstance(obj, dict) or not segs:
        return obj
    current = obj
    for seg in segs[:-1]:
        nxt = current.get(seg)
        if not isinstance(nxt, dict):
            nxt = {}
            current[seg] = nxt
        current = nxt
    current[segs[-1]] = value
    return obj


def regex_match(pattern, value):
    if not isinstance(pattern, str) or not isinstance(value, str):
        return False
    try:
        return _re.search(pattern, value) is not None
    except _re.error:
        return False


def json_loads(text):
    return json.loads(text)


def json_dumps(value):
    return json.dumps(value)


def parse_datetime(text):
    if isinstance(text, _dt.datetime):
        return text
    if not isinstance(text, str):
        return None
    try:
        return _dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def timezone_offset(iana, at=None):
    if _zoneinfo is None or not isinstance(iana, str):
        return ""
    try:
        zone = _zoneinfo.ZoneInfo(iana)
    except (ValueError, _zoneinfo.ZoneInfoNotFoundError):
        return ""
    if at is None:
        moment = _dt.datetime.now(zone)
    else:
        moment = parse_datetime(at) if isinstance(at, str) else at
        if not isinstance(moment, _dt.datetime):
            return ""
        moment = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
    offset = moment.utcoffset()
    if offset is None:
        return ""
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def random_int(min_value, max_value):
    return _random.randint(int(min_value), int(max_value))


def random_shuffle(values):
    copy = list(values)
    _random.shuffle(copy)
    return copy


class VoxworksNotes:
    """System notes in the platform's format; each printed line becomes its own note."""

    PREFIX = "Tool | Code Step | "

    def __init__(self, sink):
        self.items = []
        self._pending = ""
        self._sink = sink

    def printed(self, text):
        self._sink.write(text)
        self._pending += text
        while "\n" in self._pending:
            line, self._pending = self._pending.split("\n", 1)
            self.add("Print: " + line)

    def flush(self):
        if self._pending:
            self.add("Print: " + self._pending)
            self._pending = ""

    def add(self, text):
        if len(self.items) < 10000:
            self.items.append(self.PREFIX + text)


def _vx_is_bool_list(value):
    return isinstance(value, (list, tuple)) and all(isinstance(v, bool) for v in value)


class _VxRefused(Exception):
    """The harness refuses a step (or a job) before or while it runs: nothing more of it runs, and the run fails."""


def _vx_allow(job):
    """The job's allow-list, checked for shape; a job without one fails closed."""
    allow = job.get("allow")
    keys = ("builtins", "helpers", "methods", "functionKeywords", "methodKeywords", "callableKeywords",
            "classPatternTypes")
    if not isinstance(allow, dict) or any(k not in allow for k in keys):
        raise _VxRefused("The run harness got no allow-list with the job; nothing ran")
    return allow


def _vx_builtins(allow, runtime):
    """The step's built-ins: exactly the allow-list's names, print bound to the notes."""
    table = {}
    for name in allow["builtins"]:
        if not isinstance(name, str) or name.startswith("_") or name in _VX_NEVER or not hasattr(builtins, name):
            raise _VxRefused("The allow-list names a built-in the harness never hands to a step: " + repr(name))
        table[name] = runtime.print if name == "print" else getattr(builtins, name)
    return table


def _vx_helpers(allow, runtime):
    """The documented helpers, exactly those the allow-list names: a difference either way fails closed."""
    implemented = {
        "coalesce": coalesce, "is_empty": is_empty, "is_not_empty": is_not_empty, "map_value": map_value,
        "is_string": is_string, "is_number": is_number, "is_list": is_list, "is_dict": is_dict,
        "get_variable": runtime.get_variable, "set_variable": runtime.set_variable,
        "get_object": runtime.get_object, "set_object": runtime.set_object,
        "get_path": get_path, "set_path": set_path,
        "commit_contact_timezone": runtime.commit_contact_timezone,
        "commit_composite_outputs": runtime.commit_composite_outputs,
        "regex_match": regex_match, "json_loads": json_loads, "json_dumps": json_dumps,
        "parse_datetime": parse_datetime, "timezone_offset": timezone_offset,
        "random_int": random_int, "random_shuffle": random_shuffle,
    }
    listed = set(allow["helpers"])
    if listed != set(implemented):
        raise _VxRefused("The harness and the validator disagree on the helpers: listed only "
                         + repr(sorted(listed - set(implemented))) + ", implemented only "
                         + repr(sorted(set(implemented) - listed)))
    return implemented


def _vx_name_problem(name, variables_name):
    if not isinstance(name, str):
        return None
    if name != variables_name and (name.startswith("_") or not name.isascii()):
        return "the name '" + name + "'"
    return None


def _vx_dunder_key(node):
    """A string key or path with a '__' segment (a subscript, a .get key, a helper's path, a rendered placeholder)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        for segment in node.value.split("."):
            if segment.startswith("__"):
                return "the key '" + node.value + "'"
    return None


def _vx_recheck(tree, allow, variables_name):
    """
    The harness's own look at the rendered code, against the same allow-list: the shape of run(), every call, keyword,
    attribute and bound name. The validator refused all of this already; a step that still has one is not run.
    Returns what was found, or None. ast.walk is iterative, so a deep tree cannot overflow here.
    """
    functions = set(allow["builtins"]) | set(allow["helpers"])
    methods = set(allow["methods"])
    function_keywords, method_keywords = allow["functionKeywords"], allow["methodKeywords"]
    callable_keywords = set(allow["callableKeywords"])
    classes = set(allow["classPatternTypes"])
    body = tree.body
    if len(body) != 1 or not isinstance(body[0], ast.FunctionDef) or body[0].name != "run":
        return "a top-level statement other than def run():"
    run = body[0]
    if run.decorator_list or run.returns is not None or getattr(run, "type_params", None):
        return "decorators, annotations or type parameters on run()"
    a = run.args
    if a.posonlyargs or a.args or a.vararg or a.kwonlyargs or a.kwarg:
        return "parameters of run()"
    callees = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in functions:
                allowed_keywords = function_keywords.get(func.id) or []
            elif isinstance(func, ast.Attribute) and func.attr in methods:
                callees.add(id(func))
                allowed_keywords = method_keywords.get(func.attr) or []
            else:
                return "a call of something the allow-list does not name"
            for k in node.keywords:
                if k.arg is None:
                    return "keyword unpacking (**)"
                if k.arg.startswith("_") or (k.arg not in allowed_keywords and "*" not in allowed_keywords):
                    return "the keyword argument '" + k.arg + "'"
                if k.arg in callable_keywords and not (
                        (isinstance(k.value, ast.Name) and k.value.id in functions)
                        or (isinstance(k.value, ast.Constant) and k.value.value is None)):
                    return "a " + k.arg + "= callable the allow-list does not name"
    for node in ast.walk(tree):
        if isinstance(node, _VX_FORBIDDEN_NODES) or (isinstance(node, ast.FunctionDef) and node is not run):
            return "a " + type(node).__name__ + " construct"
        if isinstance(node, ast.Attribute) and id(node) not in callees:
            return "the attribute '" + node.attr + "'"
        if isinstance(node, ast.Name):
            problem = _vx_name_problem(node.id, variables_name)
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)):
            problem = _vx_name_problem(node.name, variables_name)
        elif isinstance(node, ast.MatchMapping):
            problem = _vx_name_problem(node.rest, variables_name)
        elif isinstance(node, ast.MatchClass):
            if node.kwd_attrs:
                return "the class pattern keyword '" + node.kwd_attrs[0] + "'"
            if not (isinstance(node.cls, ast.Name) and node.cls.id in classes):
                return "a class pattern the allow-list does not name"
            problem = None
        elif isinstance(node, ast.Subscript):
            problem = _vx_dunder_key(node.slice)
        elif isinstance(node, ast.Call):
            problem = None
            for arg in list(node.args) + [k.value for k in node.keywords]:
                problem = problem or _vx_dunder_key(arg)
        else:
            problem = None
        if problem:
            return problem
    return None


def _vx_guard():
    """
    An audit hook that, while switched on, refuses every audited operation (opening files, imports, processes,
    sockets, frames through gi_frame/tb_frame/sys._getframe, code objects, ...) except reading the time-zone files
    that timezone_offset() needs. It records the first refusal, so a step that catches the error still fails closed.
    Its state lives in this closure: nothing the step can name reaches it. Audit hooks cannot be removed, and this
    process runs one job and exits, so it never outlives the run.
    """
    state = {"on": False, "violation": None}
    roots = tuple(os.path.realpath(p) + os.sep for p in (getattr(_zoneinfo, "TZPATH", ()) if _zoneinfo else ()))

    def tz_read(args):
        path, mode = (args[0], args[1]) if len(args) >= 2 else (None, None)
        if not isinstance(path, str) or mode not in ("r", "rb", None):
            return False
        return os.path.realpath(path).startswith(roots) if roots else False

    def hook(event, args):
        if not state["on"]:
            return
        if event == "open" and tz_read(args):
            return
        if state["violation"] is None:
            detail = args[1] if event == "object.__getattr__" and len(args) > 1 else ""
            state["violation"] = event + (" " + str(detail) if detail else "")
        raise RuntimeError("Code Steps cannot use " + event)

    sys.addaudithook(hook)

    def switch(on):
        state["on"] = on

    return switch, lambda: state["violation"]


def _vx_probe(kind):
    """
    For the harness's own tests: does, inside the guard, what a step that got past both checks might do, and swallows
    the refusal as such a step would; the run must still fail. It can only make a run fail, never let more through.
    """
    try:
        if kind == "open":
            open(os.devnull).close()
        elif kind == "frame":
            sys._getframe(0)
        elif kind == "import":
            __import__("socket")
    except RuntimeError:
        pass


def run_voxworks(job):
    out, err = _capture(job)
    notes = VoxworksNotes(out)
    runtime = VoxworksRuntime(job, notes)
    try:
        allow = _vx_allow(job)
        allowed = _vx_builtins(allow, runtime)
        helpers = _vx_helpers(allow, runtime)
    except _VxRefused as exc:
        notes.add("Run error: " + str(exc))
        return {"ok": False, "error": str(exc), "codeLine": None, "outputs": None, "result": None,
                "systemNotes": notes.items, "stdout": _captured(out), "stderr": _captured(err),
                "variables": runtime.variables, "written": {}}
    namespace = {"__builtins__": allowed, "__name__": "__codestep__"}
    # The name comes from the renderer (VoxworksRenderer.VariablesName), so the two cannot drift apart.
    variables_name = job.get("variablesName") or "__vx_vars"
    namespace[variables_name] = VariableMap(runtime)
    namespace.update(helpers)
    for name, value in (job.get("inputs") or {}).items():
        namespace[name] = value
    filename = "<code-step>"
    code = job.get("code") or ""
    raw_lines = (job.get("rawCode") or code).splitlines()
    failure = None
    value = None
    real_out, real_err = sys.stdout, sys.stderr
    switch, violation = _vx_guard()
    try:
        tree = ast.parse(code, filename, "exec")
        problem = _vx_recheck(tree, allow, variables_name)
        if problem is not None:
            raise _VxRefused("The run harness refused the step: it uses " + problem + ", which the allow-list does not name")
        compiled = compile(tree, filename, "exec")
        sys.stdout, sys.stderr = out, err
        try:
            # The module only defines run() (the re-check saw to that), so nothing of the step runs before the guard.
            exec(compiled, namespace)  # noqa: S102 - the validator and the re-check approved this code
            run = namespace.get("run")
            if type(run) is not type(_vx_guard):
                raise _Contract("Code Step must contain exactly one top-level def run():")
            switch(True)
            try:
                _vx_probe(job.get("guardProbe"))
                value = run()
            finally:
                switch(False)
        finally:
            sys.stdout, sys.stderr = real_out, real_err
    except (_Contract, _VxRefused) as exc:
        failure = (str(exc), None)
    except SyntaxError as exc:
        failure = (exc.msg, exc.lineno)
    except BaseException as exc:  # noqa: BLE001 - the platform reports every run error the same way
        frames = _user_frames(exc, filename)
        failure = (str(exc) if str(exc) else type(exc).__name__, frames[-1].lineno if frames else None)
    if violation() is not None:
        # Fails closed even when the step caught the refusal and went on to return booleans.
        failure = ("The step tried to reach " + violation() + " at run time, which Code Steps cannot use; refused",
                   failure[1] if failure else None)
        value = None
    notes.flush()
    reply = {"stdout": _captured(out), "stderr": _captured(err), "variables": runtime.variables,
             "written": runtime.written, "read": sorted(runtime.read)}
    if failure is None:
        if isinstance(value, bool):
            outputs = [value]
        elif _vx_is_bool_list(value):
            outputs = list(value)
        else:
            failure = ("run() must return bool or list/tuple of bools", None)
    if failure is not None:
        message, line = failure
        # The source shown is the user's raw line, as the author wrote it before placeholders were rendered.
        mapped = job.get("lineMap") or {}
        raw_line = mapped.get(str(line), line) if line is not None else None
        if raw_line is not None and 1 <= raw_line <= len(raw_lines):
            notes.add(f"Run error on line {raw_line}: {message} | {raw_lines[raw_line - 1].strip()}")
        elif raw_line is not None:
            notes.add(f"Run error on line {raw_line}: {message}")
        else:
            notes.add(f"Run error: {message}")
        reply.update(ok=False, error=message, codeLine=raw_line, outputs=None, result=_jsonable(value),
                     systemNotes=notes.items)
        return reply
    shown = "{" + ", ".join(f"'{i}': {v}" for i, v in enumerate(outputs)) + "}"
    notes.add(f"Run success: outputs={shown}")
    reply.update(ok=True, result=value, outputs=outputs, systemNotes=notes.items)
    return reply


# ---------------------------------------------------------------------------------------------------------------

_RUNNERS = {"pflow": run_pflow, "stackai": run_stackai, "voxworks": run_voxworks}


def main():
    data = sys.stdin.buffer.read()
    job = {}
    # The nonce leaves the job before anything runs: the job is handed to the runner, the nonce only to _send.
    framing = {}
    try:
        job = json.loads(data.decode("utf-8"))
        del data
        framing["nonce"] = job.pop("nonce", "")
        cwd = job.get("cwd")
        if cwd:
            os.chdir(cwd)
        runner = _RUNNERS.get(job.get("kind"))
        if runner is None:
            _send(framing, {"ok": False, "error": "Unknown job kind: " + str(job.get("kind"))})
        reply = runner(job)
    except BaseException as exc:  # noqa: BLE001 - the harness itself must always answer
        reply = {"ok": False, "error": "The run harness failed: " + "".join(
            traceback.format_exception_only(type(exc), exc)).strip()}
    _send(framing, reply)


main()
