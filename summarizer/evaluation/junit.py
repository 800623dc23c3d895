"""JUnit XML for CI dashboards: one case per fixture, one per gate."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.etree import ElementTree as ET

from summarizer.evaluation.gates import GateResult

__all__ = ["to_junit"]


def to_junit(report: dict[str, Any], gates: Sequence[GateResult] = ()) -> str:
    """A fixture fails when the engine errored or a quote or number was hallucinated."""
    suite = ET.Element("testsuite", name="summarizer-eval")
    failures = errors = 0
    for row in report["per_fixture"]:
        case = ET.SubElement(
            suite,
            "testcase",
            classname="eval.fixtures",
            name=row["id"],
            time=str(report["timing"]["engine_latency_s"].get(row["id"], 0.0)),
        )
        problems = [
            r for r in row["reasons"] if r.startswith(("hallucinated quote", "invented number"))
        ]
        if row["error"]:
            errors += 1
            ET.SubElement(case, "error", message=row["error"])
        elif problems:
            failures += 1
            failure = ET.SubElement(case, "failure", message=problems[0])
            failure.text = "\n".join(problems)
        metrics = ", ".join(f"{k}={'n/a' if v is None else v}" for k, v in row["metrics"].items())
        ET.SubElement(case, "system-out").text = metrics + "\n" + "\n".join(row["reasons"])
    for gate in gates:
        case = ET.SubElement(suite, "testcase", classname="eval.gates", name=gate.label)
        if not gate.passed:
            failures += 1
            ET.SubElement(case, "failure", message=gate.message)
    suite.set("tests", str(len(report["per_fixture"]) + len(gates)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("time", str(report["timing"]["wall_s"]))
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"
