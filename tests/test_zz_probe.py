from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .security_world import build_world, our_models

OPS = ("read", "write", "create", "unlink")
ROLES = (
    "portal_a",
    "portal_b",
    "rep",
    "admin",
    "admin_manager",
    "accountant",
    "internal",
    "admin_company2",
)


@tagged("post_install", "-at_install")
class TestProbe(TransactionCase):
    def test_probe(self):
        w = build_world(self.env)
        print("MISSING", sorted(our_models(self.env) - set(w.records)))
        for model in sorted(w.records):
            rec = w.records[model]
            row = []
            for role in ROLES:
                s = ""
                for op in OPS:
                    try:
                        rec.with_user(w.roles[role]).check_access(op)
                        s += op[0]
                    except AccessError:
                        s += "-"
                row.append(s)
            print(f'    "{model}": {tuple(row)!r},')
        for model in sorted(our_models(self.env, transient=True)):
            ok = [r for r in ROLES if self.env[model].with_user(w.roles[r]).has_access("create")]
            print(f'    "{model}": {ok!r},')
