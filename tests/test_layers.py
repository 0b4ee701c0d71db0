"""The apps form a ladder with no cycles: each module imports only from its own app and the apps
below it. Read from the source, so a new import that climbs the ladder fails the suite.

    top       charter_portal's urls, views, context processors, commands and privacy (people's rights
              over their data, which reach every app): may import anything
    reviews   the post-project review and the kite mark
    feedback  You Said, We Did (a feedback item may be about a project)
    projects  projects through NAOMIE
    accounts  people: each belongs to a partnership and has a role
    charters  partnerships, organisations and charters
    core      charter_portal's shared mechanisms (roles and the permission rules, forms, messages,
              limits, filters...): no domain imports

Every app refers to the user model through settings.AUTH_USER_MODEL (who did what), as Django's
own apps do; that is the one reference allowed to point up.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LADDER = ["core", "charters", "accounts", "projects", "feedback", "reviews", "top"]
APPS = {"accounts", "charters", "projects", "feedback", "reviews"}
# charter_portal's modules that tie everything together, above every app.
TOP = {"urls", "views", "context_processors", "management", "wsgi", "asgi", "settings", "privacy"}


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] in APPS:
        return parts[0]
    if parts[0] == "charter_portal":
        return "top" if len(parts) > 1 and parts[1] in TOP else "core"
    return None


def modules():
    for path in ROOT.glob("*/**/*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] not in APPS | {"charter_portal"} or "migrations" in relative.parts:
            continue
        name = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
        yield name, path


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_no_module_imports_from_an_app_above_its_own():
    climbing = []
    for name, path in modules():
        mine = layer_of(name)
        for imported in imports_of(path):
            theirs = layer_of(imported)
            if theirs and LADDER.index(theirs) > LADDER.index(mine):
                climbing.append(f"{name} ({mine}) imports {imported} ({theirs})")
    assert not climbing, "\n".join(sorted(climbing))


@pytest.mark.parametrize("app", sorted(APPS))
def test_no_app_imports_another_apps_views(app):
    for name, path in modules():
        if name.split(".")[0] != app:
            continue
        for imported in imports_of(path):
            parts = imported.split(".")
            assert not (parts[0] in APPS and parts[0] != app and "views" in parts), f"{name} imports {imported}"


def test_models_point_only_down_the_ladder():
    """Foreign keys and many-to-many fields too: a model may refer only to its own app's or lower apps' models."""
    from django.apps import apps
    from django.conf import settings

    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    climbing = []
    for model in apps.get_models():
        mine = model._meta.app_label
        if mine not in APPS:
            continue
        for field in model._meta.get_fields(include_hidden=False):
            if not field.is_relation or field.auto_created or field.related_model in (None, user_model):
                continue
            theirs = field.related_model._meta.app_label
            if theirs in APPS and LADDER.index(theirs) > LADDER.index(mine):
                climbing.append(f"{model.__name__}.{field.name} ({mine}) points up to {theirs}")
    assert not climbing, "\n".join(climbing)
