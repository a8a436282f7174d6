"""The shape of the codebase, as a reader who knows Odoo expects it: each model in the file of its
name, one class per model in an addon, fields in one block before the methods, one prefix for the
sales admin's own models, no issue numbers in the code."""

import ast
import re
from collections import Counter
from pathlib import Path

import pytest

ADDONS = Path(__file__).resolve().parent.parent / "addons"
MODEL_FILES = sorted(
    path
    for folder in ("models", "wizard", "report")
    for path in ADDONS.glob(f"*/{folder}/*.py")
    if path.name != "__init__.py"
)
# modules that hold helpers, not models
HELPER_MODULES = {"card_numbers.py", "tools.py"}


def _model_classes(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        attrs = {}
        for statement in node.body:
            if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
                name = statement.targets[0].id
                if name in ("_name", "_inherit"):
                    attrs[name] = ast.literal_eval(statement.value)
        if attrs:
            yield node, attrs


def _model_name(attrs):
    inherit = attrs.get("_inherit")
    return attrs.get("_name") or (inherit if isinstance(inherit, str) else inherit[0])


def _is_field(statement):
    return (
        isinstance(statement, ast.Assign)
        and isinstance(statement.value, ast.Call)
        and ast.unparse(statement.value.func).startswith("fields.")
    )


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: str(p.relative_to(ADDONS)))
def test_each_model_lives_in_the_file_of_its_name_with_its_fields_in_one_block(path):
    if path.name in HELPER_MODULES:
        return
    classes = list(_model_classes(path))
    assert len(classes) == 1, f"{path.name} holds {len(classes)} model classes; one file per model"
    node, attrs = classes[0]
    assert path.stem == _model_name(attrs).replace(".", "_"), (
        f"{path.name} holds {_model_name(attrs)}: name the file after the model"
    )
    referenced = {
        name.id
        for statement in node.body
        if _is_field(statement)
        for name in ast.walk(statement.value)
        if isinstance(name, ast.Name)
    }
    # default and selection methods come before the fields, as in Odoo core
    methods = [
        s
        for s in node.body
        if isinstance(s, ast.FunctionDef)
        and not s.name.startswith("_default_")
        and s.name not in referenced
    ]
    kinds = [
        "field" if _is_field(s) else "method" for s in node.body if _is_field(s) or s in methods
    ]
    if "field" in kinds:
        last_field = len(kinds) - 1 - kinds[::-1].index("field")
        assert "method" not in kinds[:last_field], (
            f"{node.name}: fields are declared between methods; declare them in one block first"
        )


def test_one_class_per_model_in_each_addon():
    for addon in sorted(p for p in ADDONS.iterdir() if (p / "__manifest__.py").exists()):
        models = Counter(
            _model_name(attrs)
            for path in MODEL_FILES
            if path.is_relative_to(addon)
            for _node, attrs in _model_classes(path)
        )
        assert not [m for m, n in models.items() if n > 1], f"{addon.name}: {models}"


def test_one_prefix_and_no_issue_numbers_in_the_addons():
    offenders = []
    for path in ADDONS.rglob("*"):
        if path.suffix not in (".py", ".xml", ".js", ".csv") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"sales\.admin\.", text):
            offenders.append(f"{path.relative_to(ADDONS)}: model prefix sales.admin.")
        if re.search(r"\(issue \d+\)|# issue \d+", text, re.I):
            offenders.append(f"{path.relative_to(ADDONS)}: issue number")
    assert not offenders, offenders
