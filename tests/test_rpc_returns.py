"""Every public method our addons define answers an XML-RPC client with a value it can carry.

XML-RPC cannot marshal `None` (Odoo's marshaller has `allow_none` off): a public method that ends
without `return` commits its change and then answers a fault, so an integrator reads a failure and
retries. Each introspected public method (see `public_methods`) is called over `/xmlrpc/2/object`
by Odoo's administrator (a Sales Admin Manager with every other right) on a fresh world record, each
call rolled back before the next. A refusal (UserError, ValidationError, AccessError) is an answer;
a marshalling fault is not. Since a refusal may stop a method before its end, each method's source
is also read: every path must end in `return <value>` or `raise`.
"""

import ast
import inspect
import textwrap
import xmlrpc.client
from contextlib import closing

from odoo.tests import tagged

from .security_world import OUR_MODULES
from .test_rpc_surface import RpcWorldCase, public_methods


def _falls_through(body):
    """Whether a block of statements may end without `return <value>` or `raise`."""
    last = body[-1] if body else None
    if isinstance(last, ast.Return):
        falls = last.value is None
    elif isinstance(last, ast.Raise):
        falls = False
    elif isinstance(last, ast.If):
        falls = _falls_through(last.body) or _falls_through(last.orelse)
    elif isinstance(last, ast.With):
        falls = _falls_through(last.body)
    elif isinstance(last, ast.Try):
        falls = (not last.finalbody or _falls_through(last.finalbody)) and (
            _falls_through(last.orelse or last.body)
            or any(_falls_through(handler.body) for handler in last.handlers)
        )
    else:
        falls = True
    return falls


def _bare_returns(function):
    """Line numbers of `return` statements without a value in the function itself."""
    nested = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
    found, todo = [], list(function.body)
    while todo:
        node = todo.pop()
        if isinstance(node, nested):
            continue
        if isinstance(node, ast.Return) and node.value is None:
            found.append(node.lineno)
        todo.extend(ast.iter_child_nodes(node))
    return found


def _our_functions(env, model, method):
    """The functions our addons define for `model.method` (one per class that defines it)."""
    return [
        vars(cls)[method]
        for cls in env.registry[model].__mro__
        if getattr(cls, "_module", None) in OUR_MODULES
        and inspect.isfunction(vars(cls).get(method))
    ]


@tagged("post_install", "-at_install")
class TestRpcReturns(RpcWorldCase):
    def test_every_public_method_ends_with_a_value(self):
        problems = []
        for model, names in sorted(public_methods(self.env).items()):
            for method in names:
                for function in _our_functions(self.env, model, method):
                    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
                    node = tree.body[0]
                    where = f"{model}.{method} ({inspect.getsourcefile(function)})"
                    if _falls_through(node.body):
                        problems.append(f"{where}: may end without a return value")
                    if _bare_returns(node):
                        problems.append(f"{where}: bare `return`")
        self.assertFalse(problems, "return True (or the action) from:\n" + "\n".join(problems))

    def test_every_public_method_answers_xmlrpc(self):
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("sales_admin_base.group_sales_admin_manager"))
        db = self.env.cr.dbname
        problems, answered = [], 0
        methods = public_methods(self.env)
        for model, names in sorted(methods.items()):
            for method in names:
                with closing(self.env.cr.savepoint()):
                    record = self._record(model, admin)
                    try:
                        self.xmlrpc_object.execute_kw(
                            db, admin.id, "admin", model, method, [[record.id]], {}
                        )
                        answered += 1
                    except xmlrpc.client.Fault as fault:
                        if "cannot marshal" in fault.faultString:
                            problems.append(f"{model}.{method}: {fault.faultString[-200:]}")
                self.env.invalidate_all()
        self.assertFalse(problems, "XML-RPC cannot carry the answer of:\n" + "\n".join(problems))
        # the calls reached the methods: most of them answer the administrator
        self.assertGreater(answered, sum(len(names) for names in methods.values()) // 2)
